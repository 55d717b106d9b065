package armexpr

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/value"
)

// at maps the first occurrence of sub in the string v back to the file, as
// path:line:col-endcol.
func at(t *testing.T, v *value.Value, sub string) string {
	t.Helper()
	i := strings.Index(v.Str, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, v.Str)
	}
	l := v.AsText().Location(i, i+len(sub))
	return fmt.Sprintf("%s:%d:%d-%d", l.File, l.Start.Line, l.Start.Column, l.End.Column)
}

func TestConcatTextMap(t *testing.T) {
	src := `{"p": "[concat('<policies>\r\n  <inbound>', '<rate-limit calls=''5'' />', parameters('apim'))]"}`
	v, errs := EvalString(parseJSON(t, "t.json", src).Get("p"), standardEnv(t))
	if len(errs) > 0 {
		t.Fatal(errorList(errs))
	}
	if want := "<policies>\r\n  <inbound><rate-limit calls='5' />contoso-apim"; v.Str != want {
		t.Fatalf("Str = %q, want %q", v.Str, want)
	}
	tests := []struct{ sub, want string }{
		{"<policies>", "t.json:1:17-27"},
		{"\n", "t.json:1:29-31"}, // the escape \n
		{"<inbound>", "t.json:1:33-42"},
		{"<rate-limit", "t.json:1:46-57"},
		{"'", "t.json:1:64-65"}, // '' maps to its first quote
		{"5", "t.json:1:66-67"},
		{"contoso-apim", "params.json:1:11-23"},
	}
	for _, tt := range tests {
		if got := at(t, v, tt.sub); got != tt.want {
			t.Errorf("%q maps to %s, want %s", tt.sub, got, tt.want)
		}
	}
	if v.Loc.Start.Column != 7 || v.Loc.End.Column != 96 {
		t.Errorf("result at columns %d-%d, want the whole string 7-96", v.Loc.Start.Column, v.Loc.End.Column)
	}
}

func TestFormatTextMap(t *testing.T) {
	v, errs := EvalString(exprValue(t, "[format('<a n={0}>{1}</a>', 'k', parameters('apim'))]"), standardEnv(t))
	if len(errs) > 0 {
		t.Fatal(errorList(errs))
	}
	if v.Str != "<a n=k>contoso-apim</a>" {
		t.Fatalf("Str = %q", v.Str)
	}
	tests := []struct{ sub, want string }{
		{"<a n=", "t.json:1:17-22"},
		{"k", "t.json:1:37-38"},
		{">", "t.json:1:25-26"},
		{"contoso-apim", "params.json:1:11-23"},
		{"</a>", "t.json:1:29-33"},
	}
	for _, tt := range tests {
		if got := at(t, v, tt.sub); got != tt.want {
			t.Errorf("%q maps to %s, want %s", tt.sub, got, tt.want)
		}
	}
}

func TestReplaceAndVariableTextMap(t *testing.T) {
	env := standardEnv(t)
	fxv := parseJSON(t, "vars.json", "{\"$fxv#0\":\n  \"<p>__name__</p>\\n<q/>\"}")
	env.vars["$fxv#0"] = fxv.Get("$fxv#0")

	v, errs := EvalString(exprValue(t, "[replace(variables('$fxv#0'), '__name__', parameters('apim'))]"), env)
	if len(errs) > 0 {
		t.Fatal(errorList(errs))
	}
	if v.Str != "<p>contoso-apim</p>\n<q/>" {
		t.Fatalf("Str = %q", v.Str)
	}
	tests := []struct{ sub, want string }{
		{"<p>", "vars.json:2:4-7"},
		{"contoso-apim", "params.json:1:11-23"},
		{"</p>", "vars.json:2:15-19"},
		{"<q/>", "vars.json:2:21-25"},
	}
	for _, tt := range tests {
		if got := at(t, v, tt.sub); got != tt.want {
			t.Errorf("%q maps to %s, want %s", tt.sub, got, tt.want)
		}
	}

	// A variable used as-is keeps its own map.
	v, _ = EvalString(exprValue(t, "[variables('$fxv#0')]"), env)
	if got := at(t, v, "<q/>"); got != "vars.json:2:21-25" {
		t.Errorf("<q/> maps to %s, want vars.json:2:21-25", got)
	}
}

func TestSubstringAndSplitKeepMaps(t *testing.T) {
	env := standardEnv(t)
	v, _ := EvalString(exprValue(t, "[substring('abcdef', 2, 3)]"), env)
	if got := at(t, v, "cde"); got != "t.json:1:22-25" {
		t.Errorf("substring maps to %s, want t.json:1:22-25", got)
	}
	v, _ = EvalString(exprValue(t, "[split('ab/cd', '/')[1]]"), env)
	if got := at(t, v, "cd"); got != "t.json:1:19-21" {
		t.Errorf("split element maps to %s, want t.json:1:19-21", got)
	}
}

func TestEscapedLiteral(t *testing.T) {
	v, errs := EvalString(exprValue(t, "[[not an expression]"), nil)
	if len(errs) > 0 || v.Kind != value.String || v.Str != "[not an expression]" {
		t.Fatalf("got %s %v, want the literal [not an expression]", render(v), errs)
	}
	if got := at(t, v, "[not"); got != "t.json:1:9-13" {
		t.Errorf("[not maps to %s, want t.json:1:9-13", got)
	}

	for _, s := range []string{"plain", "[[", "[x", "x]", "", "[", "<policies/>"} {
		in := exprValue(t, s)
		if v, errs := EvalString(in, nil); v != in || len(errs) > 0 {
			t.Errorf("%q: got %s %v, want the string unchanged", s, render(v), errs)
		}
	}
}

func TestIsExpression(t *testing.T) {
	tests := map[string]bool{
		"[a()]": true, "[]": true, "[[a()]": false, "[a()": false, "a()]": false, " [a()]": false, "[": false,
	}
	for s, want := range tests {
		if got := IsExpression(s); got != want {
			t.Errorf("IsExpression(%q) = %t, want %t", s, got, want)
		}
	}
	if !IsEscaped("[[x]") || IsEscaped("[[x") || IsEscaped("[x]") {
		t.Error("IsEscaped wrong")
	}
}
