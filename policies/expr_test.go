package policies

import (
	"strings"
	"testing"
)

// TestSkipExpr checks where the balancer ends an expression. Each input
// marks the expected end with "|"; "" means the expression never ends.
func TestSkipExpr(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"simple", `@(x)|" rest`},
		{"block", `@{ return 1; }|"`},
		{"nested brackets", `@(a(b[c]{d}))|)`},
		{"generic", `@(x.As<JObject>()["id"])|<`},
		{"string with brackets", `@(f(")]}"))|`},
		{"string with escaped quote", `@(f("a\")b"))|`},
		{"string with backslash at end", `@(f("a\\"))|`},
		{"verbatim string", `@(f(@"c:\x"")"))|`},
		{"verbatim string over lines", "@(f(@\"a\n)\n\"))|"},
		{"interpolated", `@($"{a}){{")|`},
		{"interpolated literal braces", `@($"{{x}}")|`},
		{"interpolated nested string", `@($"{f(")")}")|`},
		{"interpolated nested interpolation", `@($"{$"{(1)}"}")|`},
		{"interpolated format", `@($"{d:yyyy-MM-dd)}")|`},
		{"interpolated alignment", `@($"{x,-5}")|`},
		{"interpolated ternary in parens", `@($"{(a ? "x)" : "y")}")|`},
		{"verbatim interpolated", `@($@"{a}""\")|`},
		{"verbatim interpolated other order", `@(@$"{a}""\")|`},
		{"char literal", `@(c == ')')|`},
		{"char literal quote", `@(c == '\'')|`},
		{"char literal backslash", `@(c == '\\')|`},
		{"unicode char literal", `@(c == '\u0029')|`},
		{"apostrophe without literal", "@(a ' b)|"},
		{"line comment", "@{ // } )\n return 1; }|"},
		{"block comment", "@{ /* } */ return 1; }|"},
		{"division", `@(a / b)|`},
		{"verbatim identifier", `@(@class)|`},
		{"dollar alone", `@(a$b)|`},
		{"string ends at line break", "@(f(\"abc\n))|"},
		{"unterminated", `@(f(x`},
		{"unterminated string", `@(f("x)`},
		{"unterminated block comment", `@{ /* }`},
		{"unterminated interpolation", `@($"{x`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := strings.Index(tt.in, "|")
			src := strings.Replace(tt.in, "|", "", 1)
			s := exprScan{src: src}
			if got := s.skipExpr(0); got != want {
				t.Errorf("skipExpr(%q) = %d, want %d", src, got, want)
			}
		})
	}
}

// TestExprEntities checks which references inside an expression are
// reported: the predefined entities and character references only.
func TestExprEntities(t *testing.T) {
	src := `@(a &lt; b &amp;&amp; "&quot;" + @"&apos;" + $"{x}&#10;" && c &nbsp; &#xZ; &)`
	var got []string
	s := exprScan{src: src, entity: func(start, end int) { got = append(got, src[start:end]) }}
	if end := s.skipExpr(0); end != len(src) {
		t.Fatalf("end = %d, want %d", end, len(src))
	}
	want := []string{"&lt;", "&amp;", "&amp;", "&quot;", "&apos;", "&#10;"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("references = %q, want %q", got, want)
	}
}

func TestIsExpression(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"@(x)", true},
		{"@{ return 1; }", true},
		{"@", false},
		{"@x", false},
		{" @(x)", false},
		{"a@(x)", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsExpression(tt.in); got != tt.want {
			t.Errorf("IsExpression(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
