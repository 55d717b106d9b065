package parser

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/source"
)

// formatErrors writes errors as line:col: message, one per line.
func formatErrors(file *source.File, mode Mode) string {
	_, errs := ParseFile(file, mode)
	var out []string
	for _, e := range errs {
		out = append(out, fmt.Sprintf("%d:%d: %s", e.Loc.Start.Line, e.Loc.Start.Column, e.Msg))
	}
	return strings.Join(out, "\n")
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"var x = ",
			"1:9: expected expression, found end of file"},
		// Bicep skips what stands where ")" should be to the end of the
		// line: the ")" on the next line is not a second error.
		{"var m = map([0], (\n  a\n  b) => 'foo')\n)\n",
			"3:3: expected ')', found \"b\""},
		{"var x = 1 2",
			"1:11: expected newline, found 2"},
		{"bad\nvar y = 1",
			"1:1: expected declaration, found \"bad\""},
		{"param 3 string",
			"1:7: expected parameter name, found 3"},
		{"param p string 3",
			"1:16: expected '=' or newline, found 3"},
		{"resource r = {}",
			"1:12: expected resource type string, found '='"},
		{"resource 'T@v' = {}",
			"1:10: expected resource name, found string"},
		{"var o = {\n  a 1\n  b: 2\n}",
			"2:5: expected ':', found 1"},
		{"var o = { a: 1 b: 2 }",
			"1:16: expected ',' or newline, found \"b\""},
		{"var a = [1,\n 2]",
			"1:12: expected item after ',', found newline"},
		{"var c = concat('a' 'b')",
			"1:20: expected ',' or newline, found string"},
		{"var c = concat('a',)",
			"1:20: expected argument after ',', found ')'"},
		{"var c = concat(\n'a'\n'b')",
			"2:4: expected ',', found newline"},
		{"var s = 'abc",
			"1:9: string literal not terminated"},
		{"var s = '${a b}'",
			"1:14: expected '}', found \"b\""},
		{"@description('x')\n",
			"1:1: expected declaration after decorator, found end of file"},
		{"var x = (1, 2)",
			"1:11: expected ')', found ','"},
		{"var x = ()",
			"1:10: expected expression, found ')'"},
		{"var x = a[]",
			"1:11: expected index expression, found ']'"},
		{"output o string",
			"1:16: expected '=', found end of file"},
		{"resource r 'T@v' = 'x'",
			"1:20: expected '{', 'if' or '[for', found string"},
		{"resource r 'T@v' = [for x in xs: 1]",
			"1:34: expected '{' or 'if', found 1"},
		{"var x = [for in xs: 1]",
			"1:17: expected 'in', found \"xs\""},
		{"var x = [for (a, b, c) in xs: 1]",
			"1:14: expected two loop variables (item, index)"},
		{"var x = '${[1]}'",
			"1:12: object and array literals are not allowed inside string interpolation"},
		{"var x = a.?f()",
			"1:10: safe access .? is not allowed before a function call"},
		{"var x = 99999999999999999999",
			"1:9: integer literal out of range"},
		{"import foo from 'x'",
			"1:8: expected '{' or '*', found \"foo\""},
		{"import * from 'x'",
			"1:10: expected 'as', found \"from\""},
		{"extension foo bar",
			"1:15: expected 'with', 'as' or newline, found \"bar\""},
		{"type t = 'a' |\n",
			"1:15: expected type, found newline"},
		{"param p string\nusing 'x'",
			"2:1: expected declaration, found \"using\""},
		{"resource r 'T@v' = {\n  @description('x')\n}",
			"2:3: expected resource declaration after decorator, found '}'"},
		{"var a = \nvar b = 1\nbad\nvar c = )",
			"1:9: expected expression, found newline\n3:1: expected declaration, found \"bad\"\n4:9: expected expression, found ')'"},
		{"var a = ) ) )",
			"1:9: expected expression, found ')'"},
		// At most one error per line and MaxErrors in all.
		{strings.Repeat("bad\n", 15), strings.Repeat(`expected declaration, found "bad"|`, 10)},
		{"#disable-next-line\nvar x = 1",
			"1:19: expected diagnostic code after #disable-next-line, found newline"},
		{"var x = 1 +",
			"1:12: expected expression, found end of file"},
		{"var x = !!a",
			"1:10: expected expression, found '!'"},
		{"var o = {\n  a: 1\n",
			"3:1: expected '}', found end of file"},
		{"func f(a string) string = a",
			"1:25: expected '=>', found '='"},
		{"var x = concat('a'\n",
			"1:19: expected ')', found end of file"},
		{"var x = 'a\\qb'",
			"1:11: unknown escape sequence '\\q'; use one of \\n \\r \\t \\\\ \\' \\$ \\u{...}"},
		{"var x = \"a\"",
			"1:9: illegal character '\"'; Bicep strings use single quotes"},
		{"metadata = 1",
			"1:10: expected metadata name, found '='"},
		{"var x = [for x in y: 1",
			"1:23: expected ']', found end of file"},
		{"var x = {\n  a: {\n    b: foo(1 2)\n  }\n  c: )\n}\nvar y = 1",
			"3:14: expected ',' or newline, found 2\n5:6: expected expression, found ')'"},
	}
	for _, tt := range tests {
		want := tt.want
		if strings.HasSuffix(want, "|") {
			want = numberLines(want)
		}
		if got := formatErrors(source.NewFile("t.bicep", []byte(tt.src)), Bicep); got != want {
			t.Errorf("%q\n got %s\nwant %s", tt.src, got, want)
		}
	}
}

// numberLines turns "msg|msg|" into "1:1: msg\n2:1: msg".
func numberLines(msgs string) string {
	var out []string
	for i, m := range strings.Split(strings.TrimSuffix(msgs, "|"), "|") {
		out = append(out, fmt.Sprintf("%d:1: %s", i+1, m))
	}
	return strings.Join(out, "\n")
}

func TestParseParamsErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"resource r 'T@v' = {}",
			"1:1: expected declaration, found \"resource\""},
		{"using foo",
			"1:7: expected file path string or 'none', found \"foo\""},
		{"using 'x' foo",
			"1:11: expected 'with' or newline, found \"foo\""},
		{"extensionConfig c {}",
			"1:19: expected 'with', found '{'"},
		{"param p string",
			"1:9: expected '=', found \"string\""},
	}
	for _, tt := range tests {
		if got := formatErrors(source.NewFile("t.bicepparam", []byte(tt.src)), BicepParam); got != tt.want {
			t.Errorf("%q\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}
