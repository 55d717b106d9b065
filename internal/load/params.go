package load

import (
	"fmt"
	"path"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// parameterSet returns the first parameter set whose template glob matches
// the displayed path of a template.
func (l *loader) parameterSet(template string) (ParameterSet, bool) {
	for _, s := range l.opts.ParameterSets {
		if s.Matches(template) {
			return s, true
		}
	}
	return ParameterSet{}, false
}

// Matches reports whether a displayed template path belongs to the set.
func (s ParameterSet) Matches(template string) bool {
	if s.Match != nil {
		return s.Match(template)
	}
	ok, _ := doublestar.Match(s.Template, template)
	return ok
}

// IsBicepParam reports whether a path names a .bicepparam file.
func IsBicepParam(p string) bool {
	return strings.EqualFold(path.Ext(p), ".bicepparam")
}

// readSet reads the ARM parameter files of a set, in order, into one
// parameter document: a parameter given by several files takes the value of
// the last. The set's .bicepparam files are not read here (a .bicepparam
// names its template itself and is read as an input of its own): for an ARM
// template they are reported, since they cannot fill one.
func readSet(set ParameterSet, template, dir string) (*value.Value, []estate.Diagnostic) {
	merged := &value.Value{Kind: value.Object}
	var diags []estate.Diagnostic
	for _, f := range set.Files {
		if IsBicepParam(f) {
			if !strings.EqualFold(path.Ext(template), ".bicep") {
				diags = append(diags, estate.Diagnostic{Rule: ReadErrorRule, Severity: "note",
					Loc: startOf(template), Message: fmt.Sprintf("%s fills Bicep templates only; "+
						"%s is an ARM template and is read without it (.apimlint.yaml parameters)", f, template)})
			}
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
// template's parameters: {name: {value: v}} gives v, a Key Vault reference
// an unknown value.
func bicepParams(doc *value.Value) map[string]*value.Value {
	out := map[string]*value.Value{}
	ps := doc.Get("parameters")
	if ps == nil || ps.Kind != value.Object {
		return out
	}
	for _, m := range ps.Members {
		switch {
		case m.Value.Get("value") != nil:
			out[m.Key] = m.Value.Get("value")
		case m.Value.Get("reference") != nil:
			out[m.Key] = value.NewUnknown("reference to a Key Vault secret", m.Value.Loc)
		}
	}
	return out
}

// startOf is the first position of a file.
func startOf(file string) source.Location {
	return source.Location{File: file, Range: source.Range{Start: source.Pos{Line: 1, Column: 1},
		End: source.Pos{Line: 1, Column: 1}}}
}
