package armexpr

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/jsonpos"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// testEnv declares parameters and variables read from JSON text.
type testEnv struct {
	NoEnv
	params, vars map[string]*value.Value
	copyIndex    map[string]int
	scope        Scope
	resources    map[string]value.Ref // by "type name" or "name"
}

func (e *testEnv) Parameter(name string) (*value.Value, bool) {
	v, ok := lookupFold(e.params, name)
	return v, ok
}

func (e *testEnv) Variable(name string) (*value.Value, bool) {
	v, ok := lookupFold(e.vars, name)
	return v, ok
}

func (e *testEnv) CopyIndex(loop string) (int, bool) {
	i, ok := e.copyIndex[loop]
	return i, ok
}

func (e *testEnv) Scope() Scope { return e.scope }

func (e *testEnv) Resource(typ, name string) (value.Ref, bool) {
	r, ok := e.resources[strings.TrimSpace(typ+" "+name)]
	return r, ok
}

func lookupFold(m map[string]*value.Value, name string) (*value.Value, bool) {
	for k, v := range m {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

func parseFile(f *source.File) (*value.Value, []jsonpos.Error) {
	return jsonpos.Parse(f)
}

// parseJSON reads a JSON document written in a file named path.
func parseJSON(t testing.TB, path, src string) *value.Value {
	t.Helper()
	v, errs := jsonpos.Parse(source.NewFile(path, []byte(src)))
	if v == nil {
		t.Fatalf("test JSON %q: %v", src, errs)
	}
	return v
}

// newEnv declares the members of params and vars, given as JSON objects.
func newEnv(t testing.TB, params, vars string) *testEnv {
	env := &testEnv{params: map[string]*value.Value{}, vars: map[string]*value.Value{}}
	for _, m := range parseJSON(t, "params.json", params).Members {
		env.params[m.Key] = m.Value
	}
	for _, m := range parseJSON(t, "vars.json", vars).Members {
		env.vars[m.Key] = m.Value
	}
	return env
}

// exprValue writes expr as the value of "x" in a JSON file t.json (so the
// string starts at line 1, column 7) and returns that string value.
func exprValue(t testing.TB, expr string) *value.Value {
	t.Helper()
	quoted := strconv.Quote(expr)
	v := parseJSON(t, "t.json", `{"x": `+quoted+`}`)
	return v.Get("x")
}

// render shows a value compactly: known data as JSON, unknown values as
// <expr>, with their parts and reference.
func render(v *value.Value) string {
	switch v.Kind {
	case value.Unknown:
		var sb strings.Builder
		sb.WriteString("<" + v.Expr)
		if v.Ref != nil {
			fmt.Fprintf(&sb, " ref{%s|%s|%s|%s}", v.Ref.Symbol, v.Ref.Type, v.Ref.Name, v.Ref.Path)
		}
		if len(v.Parts) > 0 {
			sb.WriteString(" parts")
			for _, p := range v.Parts {
				sb.WriteString(" " + render(p))
			}
		}
		return sb.String() + ">"
	case value.Array:
		var parts []string
		for _, e := range v.Elems {
			parts = append(parts, render(e))
		}
		return "[" + strings.Join(parts, ",") + "]"
	case value.Object:
		var parts []string
		for _, m := range v.Members {
			parts = append(parts, strconv.Quote(m.Key)+":"+render(m.Value))
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	b, _ := appendJSON(nil, v)
	return string(b)
}

func errorList(errs []Error) string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return strings.Join(out, "\n")
}
