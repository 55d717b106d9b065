package armexpr

import (
	"strings"

	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// argument stands for an argument that the caller has evaluated already.
type argument struct{ sp Span }

func (a *argument) Span() Span { return a.sp }

// notApplied lists the functions Apply refuses: those that evaluate their
// own arguments (if, and, or, coalesce) and those whose meaning is tied to
// the template's own declarations.
var notApplied = map[string]bool{
	"if": true, "and": true, "or": true, "coalesce": true,
	"parameters": true, "variables": true, "copyindex": true,
	"true": true, "false": true, "null": true,
}

// Apply calls the template function name (in any case) with arguments
// already evaluated, for languages that share ARM's functions, such as
// Bicep. The call is written in f at the byte offsets call, and argument i
// at args[i]; results and errors are reported there, and an unknown result
// stands for the call's text. ok is false when the function is not one
// Apply evaluates: names it does not know, and if, and, or, coalesce,
// parameters, variables, copyIndex, true, false and null.
func Apply(name string, args []*value.Value, f *source.File, call Span, argSpans []Span,
	env Env) (v *value.Value, errs []Error, ok bool) {
	lower := strings.ToLower(name)
	fn, known := functions[lower]
	if !known || notApplied[lower] || fn.call == nil || len(argSpans) != len(args) ||
		call.Start < 0 || call.End > len(f.Content) || call.Start > call.End {
		return nil, nil, false
	}
	if env == nil {
		env = NoEnv{}
	}
	b := source.NewTextBuilder(f.Location(call.Start, call.End))
	b.Verbatim(string(f.Content[call.Start:call.End]), f, call.Start)
	t := b.Text()
	e := &Expression{Src: t.Value, Text: t, Loc: f.Location(call.Start, call.End)}
	c := &Call{Sp: Span{0, len(t.Value)}, Name: name, NameSpan: Span{0, min(len(name), len(t.Value))}}
	for _, sp := range argSpans {
		rel := Span{Start: clamp(sp.Start-call.Start, len(t.Value)), End: clamp(sp.End-call.Start, len(t.Value))}
		c.Args = append(c.Args, &argument{sp: rel})
	}
	e.Root = c
	ev := &evaluator{e: e, env: env}
	if len(args) < fn.min || fn.max >= 0 && len(args) > fn.max {
		v = ev.errorf(c, c.Sp, "%s takes %s, got %d", name, arity(fn.min, fn.max), len(args))
		return v, ev.errs, true
	}
	if !fn.unknownArgs {
		for _, a := range args {
			if a.Kind == value.Unknown {
				return ev.unknown(c), nil, true
			}
		}
	}
	v = fn.call(ev, c, args)
	return v, ev.errs, true
}

func clamp(n, hi int) int {
	return max(0, min(n, hi))
}
