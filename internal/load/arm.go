package load

import (
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/apimlint/apimlint/internal/arm"
	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/jsonpos"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// readARM reads an ARM template or REST payload.
func (l *loader) readARM(_ *source.File, f discover.File, v *value.Value, in *estate.Input, kind string) *output {
	if kind == KindRESTPayload {
		res, skipped := arm.ReadPayload(v)
		in.Resources = append(in.Resources, res.Resources...)
		return &output{kind: kind, input: in, skipped: skipped}
	}
	opts := arm.Options{}
	params, diags := l.parametersFor(f.Path)
	opts.Parameters = params
	in.Diagnostics = append(in.Diagnostics, diags...)
	res := arm.Read(v, opts)
	in.Resources = append(in.Resources, res.Resources...)
	in.Diagnostics = append(in.Diagnostics, res.Diagnostics...)
	if arm.BicepGenerated(v) {
		bicep := strings.TrimSuffix(f.Path, path.Ext(f.Path)) + ".bicep"
		if _, err := os.Stat(discover.OSPath(l.opts.Dir, bicep)); err == nil {
			in.CompiledFrom = bicep
		}
	}
	return &output{kind: kind, input: in}
}

// parametersFor returns the parameter file of a template: the one given
// with Options.Parameters, else the files of the first parameter set of
// .apimlint.yaml whose template glob matches it, else <stem>.parameters.json
// beside it.
func (l *loader) parametersFor(template string) (*value.Value, []estate.Diagnostic) {
	if l.opts.Parameters != "" {
		l.paramsOnce.Do(func() {
			l.params, l.paramsDiags = readParameters(discover.OSPath(l.opts.Dir, l.opts.Parameters),
				l.opts.Parameters)
		})
		return l.params, l.paramsDiags
	}
	if set, diags, ok := l.parameterSet(template); ok {
		return set.doc, diags
	}
	sibling := strings.TrimSuffix(template, path.Ext(template)) + ".parameters.json"
	p := discover.OSPath(l.opts.Dir, sibling)
	if _, err := os.Stat(p); err != nil {
		return nil, nil
	}
	// The parameter file is checked on its own when it is an input; here
	// only its values matter.
	v, _ := readParameters(p, sibling)
	return v, nil
}

// readParameters reads a parameter file from the OS path p, displayed as
// shown.
func readParameters(p, shown string) (*value.Value, []estate.Diagnostic) {
	b, err := os.ReadFile(p)
	if err == nil {
		b, err = source.Decode(b)
	}
	if err != nil {
		in := problemInput(shown, fmt.Errorf("parameter file: %w", discover.PathReason(err)))
		return nil, in.Diagnostics
	}
	v, errs := jsonpos.Parse(source.NewFile(shown, b))
	var diags []estate.Diagnostic
	for _, e := range errs {
		if !e.Warning {
			diags = append(diags, estate.Diagnostic{Rule: JSONSyntaxRule, Message: e.Msg, Loc: e.Loc})
		}
	}
	return v, diags
}
