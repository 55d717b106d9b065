package jsonpos

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// dump writes one line per node: its path, kind, value and range as
// line:col-line:col; members also show their key's range.
func dump(v *value.Value) string {
	var sb strings.Builder
	var walk func(path string, v *value.Value)
	rng := func(l source.Location) string {
		return fmt.Sprintf("%d:%d-%d:%d", l.Start.Line, l.Start.Column, l.End.Line, l.End.Column)
	}
	walk = func(path string, v *value.Value) {
		switch v.Kind {
		case value.Array:
			fmt.Fprintf(&sb, "%s array %s\n", path, rng(v.Loc))
			for i, e := range v.Elems {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		case value.Object:
			fmt.Fprintf(&sb, "%s object %s\n", path, rng(v.Loc))
			for _, m := range v.Members {
				fmt.Fprintf(&sb, "%s.%s key %s\n", path, m.Key, rng(m.KeyLoc))
				walk(path+"."+m.Key, m.Value)
			}
		case value.String:
			fmt.Fprintf(&sb, "%s string %q %s\n", path, v.Str, rng(v.Loc))
		case value.Number:
			fmt.Fprintf(&sb, "%s number %g %s\n", path, v.Num, rng(v.Loc))
		case value.Bool:
			fmt.Fprintf(&sb, "%s bool %t %s\n", path, v.Bool, rng(v.Loc))
		case value.Null:
			fmt.Fprintf(&sb, "%s null %s\n", path, rng(v.Loc))
		}
	}
	walk("$", v)
	return sb.String()
}

func parseString(t *testing.T, src string) *value.Value {
	t.Helper()
	v, errs := Parse(source.NewFile("t.json", []byte(src)))
	if len(errs) > 0 {
		t.Fatalf("Parse: unexpected problems %v", errs)
	}
	return v
}

func TestPositions(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{{
		name: "ascii",
		src:  `{"a": [1, true, null], "b": {}}`,
		want: `$ object 1:1-1:32
$.a key 1:2-1:5
$.a array 1:7-1:22
$.a[0] number 1 1:8-1:9
$.a[1] bool true 1:11-1:15
$.a[2] null 1:17-1:21
$.b key 1:24-1:27
$.b object 1:29-1:31
`,
	}, {
		name: "non-ASCII columns count characters",
		src:  "{\"név\": \"Zürich😀\", \"x\": -1.5e2}",
		want: `$ object 1:1-1:32
$.név key 1:2-1:7
$.név string "Zürich😀" 1:9-1:18
$.x key 1:20-1:23
$.x number -150 1:25-1:31
`,
	}, {
		name: "CRLF and BOM",
		src:  "\ufeff{\r\n  \"a\": [\r\n    \"x\"\r\n  ]\r\n}\r\n",
		want: `$ object 1:1-5:2
$.a key 2:3-2:6
$.a array 2:8-4:4
$.a[0] string "x" 3:5-3:8
`,
	}, {
		name: "lone CR and tabs",
		src:  "[\r\t1,\r\t\"é\"]",
		want: `$ array 1:1-3:6
$[0] number 1 2:2-2:3
$[1] string "é" 3:2-3:5
`,
	}, {
		name: "comments",
		src:  "// head\n{ /* a\n b */ \"k\" /* c */ : // d\n 7 } // tail",
		want: `$ object 2:1-4:5
$.k key 3:7-3:10
$.k number 7 4:2-4:3
`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dump(parseString(t, tt.src)); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestPositionsAgreeWithFile checks the parser's own line tracking against
// source.File on every node of a file mixing line endings and wide
// characters.
func TestPositionsAgreeWithFile(t *testing.T) {
	src := "\ufeff{\"ä\":\r\n[\"😀\",\r1,\n{\"b\"\r\n:\"\\u00e9\\n\"},\r\n\r[]],\"c\":{\"\":null}}\n"
	f := source.NewFile("t.json", []byte(src))
	v, errs := Parse(f)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	n := 0
	check := func(what string, l source.Location) {
		n++
		want := f.Location(l.Start.Offset, l.End.Offset)
		if l != want {
			t.Errorf("%s: location %+v, source.File says %+v", what, l.Range, want.Range)
		}
	}
	walkLocs(v, check)
	if n != 13 {
		t.Errorf("checked %d locations, want 13", n)
	}
}

func walkLocs(v *value.Value, check func(string, source.Location)) {
	check(v.Kind.String(), v.Loc)
	for _, e := range v.Elems {
		walkLocs(e, check)
	}
	for _, m := range v.Members {
		check("key "+m.Key, m.KeyLoc)
		walkLocs(m.Value, check)
	}
}

func TestEscapesMapToTheirSource(t *testing.T) {
	// Columns:   1234567890123456789012345678 9
	src := `{"p": "a\"b\n\u0041\ud83d\ude00é\/"}`
	v := parseString(t, src)
	s := v.Get("p")
	if want := "a\"b\nA😀é/"; s.Str != want {
		t.Fatalf("Str = %q, want %q", s.Str, want)
	}
	if s.Text == nil || s.Text.Value != s.Str {
		t.Fatalf("Text = %+v, want the same string", s.Text)
	}
	tests := []struct {
		off, col, endCol int // byte offset in the decoded string; columns in the file
	}{
		{0, 8, 9},   // a
		{1, 9, 11},  // \"
		{2, 11, 12}, // b
		{3, 12, 14}, // \n
		{4, 14, 20}, // \u0041
		{5, 20, 32}, // the surrogate pair, all four bytes of 😀
		{9, 32, 33}, // é, two bytes
		{11, 33, 35},
	}
	for _, tt := range tests {
		r := []rune(s.Str[tt.off:])[0]
		l := s.Text.Location(tt.off, tt.off+len(string(r)))
		if l.Start.Line != 1 || l.Start.Column != tt.col || l.End.Column != tt.endCol {
			t.Errorf("character %q at %d maps to %d:%d-%d, want 1:%d-%d",
				r, tt.off, l.Start.Line, l.Start.Column, l.End.Column, tt.col, tt.endCol)
		}
	}
	if l := s.Text.Fallback; l.Start.Column != 7 || l.End.Column != 36 {
		t.Errorf("fallback = %v-%d, want the quoted string 1:7-36", l, l.End.Column)
	}
}

func TestPlainStringText(t *testing.T) {
	v := parseString(t, "{\"p\":\n  \"<policies>\\r\\n  <inbound />\"}")
	s := v.Get("p")
	i := strings.Index(s.Str, "<inbound")
	l := s.Text.Location(i, i+len("<inbound />"))
	if l.Start.Line != 2 || l.Start.Column != 20 || l.End.Column != 31 {
		t.Errorf("<inbound /> maps to %d:%d-%d, want 2:20-31", l.Start.Line, l.Start.Column, l.End.Column)
	}
}

func TestInvalidUTF8InString(t *testing.T) {
	v, errs := Parse(source.NewFile("t.json", []byte("[\"a\xffb\", \"\xfe\"]")))
	want := "t.json:1:4: invalid UTF-8 byte 0xff in a string, read as U+FFFD; save the file as UTF-8"
	if len(errs) != 1 || !errs[0].Warning || errs[0].Error() != want {
		t.Fatalf("problems %v, want one warning %q", errs, want)
	}
	s := v.Elems[0]
	if s.Str != "a\ufffdb" {
		t.Fatalf("Str = %q, want a, U+FFFD, b", s.Str)
	}
	if l := s.Text.Location(4, 5); l.Start.Column != 5 {
		t.Errorf("b maps to column %d, want 5", l.Start.Column)
	}
}

func TestLoneSurrogates(t *testing.T) {
	v := parseString(t, `["\ud800", "\ud800\u0041", "\ude00\ud83d"]`)
	want := []string{"\ufffd", "\ufffdA", "\ufffd\ufffd"}
	for i, w := range want {
		if got := v.Elems[i].Str; got != w {
			t.Errorf("element %d = %q, want %q", i, got, w)
		}
	}
}

func TestRawControlCharactersInStrings(t *testing.T) {
	v := parseString(t, "{\"s\": \"line 1\nline\t2\"}")
	if got := v.Get("s").Str; got != "line 1\nline\t2" {
		t.Errorf("Str = %q", got)
	}
}

func TestDuplicateKeys(t *testing.T) {
	src := "{\"name\": 1,\n \"x\": {\"a\": 1, \"a\": 2},\n \"name\": 3}"
	v, errs := Parse(source.NewFile("d.json", []byte(src)))
	want := []string{
		`d.json:2:16: duplicate key "a" (first at line 2); the last one wins`,
		`d.json:3:2: duplicate key "name" (first at line 1); the last one wins`,
	}
	if len(errs) != len(want) {
		t.Fatalf("got %d problems %v, want %d", len(errs), errs, len(want))
	}
	for i, e := range errs {
		if e.Error() != want[i] || !e.Warning {
			t.Errorf("problem %d = %q (warning %t), want warning %q", i, e.Error(), e.Warning, want[i])
		}
	}
	if got := dump(v); got != `$ object 1:1-3:12
$.x key 2:2-2:5
$.x object 2:7-2:23
$.x.a key 2:16-2:19
$.x.a number 2 2:21-2:22
$.name key 3:2-3:8
$.name number 3 3:10-3:11
` {
		t.Errorf("got\n%s", got)
	}
}

func TestTrailingCommas(t *testing.T) {
	v, errs := Parse(source.NewFile("c.json", []byte("{\"a\": [1, 2, ],\n \"b\": 3 , }")))
	want := []string{
		"c.json:1:12: trailing comma before ']'; strict JSON readers reject it",
		"c.json:2:9: trailing comma before '}'; strict JSON readers reject it",
	}
	if len(errs) != len(want) {
		t.Fatalf("got %v, want %d warnings", errs, len(want))
	}
	for i, e := range errs {
		if e.Error() != want[i] || !e.Warning {
			t.Errorf("problem %d = %q (warning %t), want warning %q", i, e.Error(), e.Warning, want[i])
		}
	}
	if got := dump(v); got != `$ object 1:1-2:12
$.a key 1:2-1:5
$.a array 1:7-1:15
$.a[0] number 1 1:8-1:9
$.a[1] number 2 1:11-1:12
$.b key 2:2-2:5
$.b number 3 2:7-2:8
` {
		t.Errorf("got\n%s", got)
	}
}

func TestManyDuplicateKeys(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("{")
	for i := range 40 {
		fmt.Fprintf(&sb, "\"k%d\": %d,", i%20, i)
	}
	sb.WriteString("\"end\": 0}")
	v, errs := Parse(source.NewFile("m.json", []byte(sb.String())))
	if len(errs) != 20 {
		t.Errorf("got %d warnings, want 20", len(errs))
	}
	if len(v.Members) != 21 {
		t.Fatalf("got %d members, want 21", len(v.Members))
	}
	if m := v.Members[0]; m.Key != "k0" || m.Value.Num != 20 {
		t.Errorf("first member %s = %g, want k0 = 20", m.Key, m.Value.Num)
	}
}

func TestNumbers(t *testing.T) {
	v := parseString(t, `[0, -0, 12, -3.25, 1e3, 2E-2, 1.5e+1, 9007199254740993, 12345678901234567890]`)
	want := []float64{0, 0, 12, -3.25, 1000, 0.02, 15, 9007199254740992, 12345678901234567000}
	for i, w := range want {
		if got := v.Elems[i].Num; got != w {
			t.Errorf("element %d = %g, want %g", i, got, w)
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{"", "e.json:1:1: expected a JSON value, found end of file"},
		{"  \n", "e.json:2:1: expected a JSON value, found end of file"},
		{`{"a": 1 "b": 2}`, `e.json:1:9: expected ',' or '}' after object member, found '"'`},
		{`{"a": 1 x}`, "e.json:1:9: expected ',' or '}' after object member, found 'x'"},
		{"[1 2]", "e.json:1:4: expected ',' or ']' after array element, found '2'"},
		{"[1,,]", "e.json:1:4: expected a JSON value, found ','"},
		{`{"a": 1,,}`, "e.json:1:9: expected a string key after ',', found ','"},
		{"{a: 1}", "e.json:1:2: expected a string key or '}' after '{', found 'a'"},
		{`{"a" 1}`, `e.json:1:6: expected ':' after object key "a", found '1'`},
		{`{"a": }`, "e.json:1:7: expected a JSON value, found '}'"},
		{"['x']", `e.json:1:2: expected a JSON value, found "'"; JSON strings take double quotes`},
		{"tru", "e.json:1:1: expected a JSON value, found 't'"},
		{"nul1", "e.json:1:1: expected a JSON value, found 'n'"},
		{"truex", "e.json:1:5: expected end of file after the top-level value, found 'x'"},
		{"{} {}", "e.json:1:4: expected end of file after the top-level value, found '{'"},
		{"[-]", "e.json:1:3: expected a digit after '-', found ']'"},
		{"[1.]", "e.json:1:4: expected a digit after the decimal point, found ']'"},
		{"[1e+]", "e.json:1:5: expected a digit in the exponent, found ']'"},
		{"[01]", "e.json:1:3: expected ',' or ']' after array element, found '1'"},
		{"{\n  \"a\": \"abc", "e.json:2:8: string is not closed before end of file"},
		{`["a\x"]`, `e.json:1:4: invalid escape sequence '\x' in string`},
		{"[\"a\\\n\"]", `e.json:1:4: invalid escape sequence in string: '\' followed by end of line`},
		{`["\u12G4"]`, `e.json:1:3: invalid escape: \u must be followed by four hexadecimal digits`},
		{"[1] /* open", "e.json:1:5: unterminated block comment"},
		{"/ [1]", "e.json:1:1: expected a JSON value, found '/'"},
		{"[1, é]", "e.json:1:5: expected a JSON value, found 'é'"},
		{"[1, \x01]", "e.json:1:5: expected a JSON value, found control character U+0001"},
		{"[1, \xff]", "e.json:1:5: expected a JSON value, found invalid UTF-8 byte 0xff"},
		{"\r\n\r\n  {\"é\": [}", "e.json:3:10: expected a JSON value, found '}'"},
		{"[1e400]", "e.json:1:2: number 1e400 is too large for a 64-bit float"},
	}
	for _, tt := range tests {
		v, errs := Parse(source.NewFile("e.json", []byte(tt.src)))
		if len(errs) != 1 {
			t.Errorf("Parse(%q): got %d problems %v, want one", tt.src, len(errs), errs)
			continue
		}
		if got := errs[0].Error(); got != tt.want || errs[0].Warning {
			t.Errorf("Parse(%q):\n got  %s (warning %t)\n want %s", tt.src, got, errs[0].Warning, tt.want)
		}
		if v != nil && !strings.Contains(tt.want, "too large") {
			t.Errorf("Parse(%q): got a value along with a syntax error", tt.src)
		}
	}
}

func TestNumberOutOfRangeKeepsValue(t *testing.T) {
	v, errs := Parse(source.NewFile("e.json", []byte("[-1e400, 2]")))
	if len(errs) != 1 || v == nil || len(v.Elems) != 2 {
		t.Fatalf("got %v, %v; want a two-element array and one error", v, errs)
	}
	if got := v.Elems[0].Num; got != -1.7976931348623157e308 {
		t.Errorf("Num = %g, want the most negative float64", got)
	}
}

func TestErrorRange(t *testing.T) {
	_, errs := Parse(source.NewFile("e.json", []byte("[1, é]")))
	if l := errs[0].Loc; l.Start.Column != 5 || l.End.Column != 6 || l.End.Offset != 6 {
		t.Errorf("error range %d-%d (offset %d), want columns 5-6 ending at offset 6",
			l.Start.Column, l.End.Column, l.End.Offset)
	}
}

func TestDepthLimit(t *testing.T) {
	for _, open := range []string{"[", "{\"a\":"} {
		deep := strings.Repeat(open, 100_000)
		_, errs := Parse(source.NewFile("deep.json", []byte(deep)))
		want := fmt.Sprintf("deep.json:1:%d: nesting deeper than 1000 levels", 1000*len(open)+1)
		if len(errs) != 1 || errs[0].Error() != want {
			t.Errorf("%q × 100000: got %v, want %s", open, errs, want)
		}
	}

	ok := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	v, errs := Parse(source.NewFile("ok.json", []byte(ok)))
	if len(errs) != 0 {
		t.Fatalf("%d levels: %v", MaxDepth, errs)
	}
	depth := 0
	for ; len(v.Elems) > 0; v = v.Elems[0] {
		depth++
	}
	if depth != MaxDepth-1 {
		t.Errorf("depth = %d, want %d", depth, MaxDepth-1)
	}
}

func TestUTF16(t *testing.T) {
	text := "{\r\n \"é😀\": \"x\"}"
	encode := func(bigEndian bool) []byte {
		out := []byte{0xff, 0xfe}
		if bigEndian {
			out = []byte{0xfe, 0xff}
		}
		for _, u := range utf16Units(text) {
			if bigEndian {
				out = append(out, byte(u>>8), byte(u))
			} else {
				out = append(out, byte(u), byte(u>>8))
			}
		}
		return out
	}
	for _, be := range []bool{false, true} {
		v, errs := Parse(source.NewFile("u.json", encode(be)))
		if len(errs) != 0 {
			t.Fatalf("big endian %t: %v", be, errs)
		}
		want := `$ object 1:1-2:12
$.é😀 key 2:2-2:6
$.é😀 string "x" 2:8-2:11
`
		if got := dump(v); got != want {
			t.Errorf("big endian %t: got\n%s", be, got)
		}
	}

	_, errs := Parse(source.NewFile("nobom.json", []byte{'{', 0, '}', 0}))
	if len(errs) != 1 || errs[0].Error() != "nobom.json:1:1: file looks like UTF-16 without a byte order mark; save it as UTF-8" {
		t.Errorf("UTF-16 without BOM: %v", errs)
	}

	_, errs = Parse(source.NewFile("odd.json", []byte{0xff, 0xfe, '{'}))
	if len(errs) != 1 || errs[0].Msg != "file starts with a UTF-16 byte order mark but has an odd number of bytes" {
		t.Errorf("odd length: %v", errs)
	}
}

func utf16Units(s string) []uint16 {
	var out []uint16
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			out = append(out, uint16(0xd800+(r>>10)), uint16(0xdc00+(r&0x3ff)))
		} else {
			out = append(out, uint16(r))
		}
	}
	return out
}
