package load

import (
	"fmt"
	"slices"
	"sync"

	"github.com/apimlint/apimlint/internal/arm"
	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// parameterSet returns the first parameter set whose template glob matches
// the displayed path of a template, with the problems met reading it; false
// when no set matches. Each set's files are read once, however many
// templates it fills.
func (l *loader) parameterSet(template string) (*setCache, []estate.Diagnostic, bool) {
	for i, s := range l.opts.ParameterSets {
		if !s.Match(template) {
			continue
		}
		c := &l.sets[i]
		c.once.Do(func() {
			c.doc, c.diags = readSet(s, l.opts.Dir)
			c.params = bicepParams(c.doc)
		})
		diags := c.diags
		if discover.KindOf(template) != discover.Bicep {
			for _, f := range s.Files {
				if IsBicepParam(f) {
					diags = append(slices.Clip(diags), estate.Diagnostic{Rule: ReadErrorRule, Severity: "note",
						Loc: startOf(template), Message: fmt.Sprintf("%s fills Bicep templates only; "+
							"%s is an ARM template and is read without it (.apimlint.yaml parameters)", f, template)})
				}
			}
		}
		return c, diags, true
	}
	return nil, nil, false
}

// setCache holds a parameter set's files, read once: their parameter
// document, and its values by name for Bicep.
type setCache struct {
	once   sync.Once
	doc    *value.Value
	params map[string]*value.Value
	diags  []estate.Diagnostic
}

// IsBicepParam reports whether a path names a .bicepparam file.
func IsBicepParam(p string) bool { return discover.KindOf(p) == discover.BicepParam }

// readSet reads the ARM parameter files of a set, in order, into one
// parameter document: a parameter given by several files takes the value of
// the last. The set's .bicepparam files are not read here: a .bicepparam
// names its template itself and is read as an input of its own.
func readSet(set ParameterSet, dir string) (*value.Value, []estate.Diagnostic) {
	merged := &value.Value{Kind: value.Object}
	var diags []estate.Diagnostic
	for _, f := range set.Files {
		if IsBicepParam(f) {
			continue
		}
		v, ds := readParameters(discover.OSPath(dir, f), f)
		diags = append(diags, ds...)
		ps := v.Get("parameters")
		if ps == nil || ps.Kind != value.Object {
			continue
		}
		if merged.Loc.File == "" {
			merged.Loc = ps.Loc
		}
		for _, m := range ps.Members {
			merged.Set(m.Key, m.Value)
		}
	}
	doc := &value.Value{Kind: value.Object, Loc: merged.Loc}
	doc.Set("parameters", merged)
	return doc, diags
}

// bicepParams turns a parameter document into the values of a Bicep
// template's parameters, as the ARM reader takes them.
func bicepParams(doc *value.Value) map[string]*value.Value {
	out := map[string]*value.Value{}
	for _, m := range arm.SuppliedParameters(doc.Get("parameters")).Members {
		out[m.Key] = m.Value
	}
	return out
}

// startOf is the first position of a file.
func startOf(file string) source.Location {
	return source.Location{File: file, Range: source.Range{Start: source.Pos{Line: 1, Column: 1},
		End: source.Pos{Line: 1, Column: 1}}}
}
