package scanner

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/bicep/token"
	"github.com/apimlint/apimlint/internal/source"
)

// scanAll scans src and returns its tokens, formatted, and its errors.
func scanAll(src string, mode Mode) (toks []string, errs []string) {
	var s Scanner
	s.Init(source.NewFile("t.bicep", []byte(src)), func(pos, end token.Pos, msg string) {
		errs = append(errs, fmt.Sprintf("%d-%d: %s", pos, end, msg))
	}, mode)
	for {
		t := s.Scan()
		if t.Kind == token.EOF {
			return toks, errs
		}
		toks = append(toks, formatToken(t, src))
	}
}

// formatToken writes a token as KIND@pos-end, with its text for names,
// numbers, comments and illegal characters, and its content range for
// strings.
func formatToken(t Token, src string) string {
	out := fmt.Sprintf("%s@%d-%d", t.Kind, t.Pos, t.End)
	switch t.Kind {
	case token.STRING, token.STRING_HEAD, token.STRING_MID, token.STRING_TAIL:
		out += fmt.Sprintf("[%d,%d)", t.Str.Start, t.Str.End)
		if t.Str.Multiline {
			out += "m"
		}
	case token.IDENT, token.INT, token.COMMENT, token.DIRECTIVE, token.ILLEGAL:
		out += fmt.Sprintf("%q", src[t.Pos:t.End])
	}
	return out
}

func TestScanOperators(t *testing.T) {
	src := "{ } ( ) [ ] @ , . ... ? ?? : :: ; + - * / % ^ ! != !~ < <= > >= = == =~ => && || |"
	want := []token.Token{
		token.LBRACE, token.RBRACE, token.LPAREN, token.RPAREN, token.LBRACK, token.RBRACK,
		token.AT, token.COMMA, token.PERIOD, token.ELLIPSIS, token.QUESTION, token.COALESCE,
		token.COLON, token.DCOLON, token.SEMI, token.ADD, token.SUB, token.MUL, token.QUO,
		token.REM, token.HAT, token.NOT, token.NEQ, token.NEQI, token.LSS, token.LEQ,
		token.GTR, token.GEQ, token.ASSIGN, token.EQL, token.EQLI, token.ARROW, token.LAND,
		token.LOR, token.PIPE,
	}
	var s Scanner
	s.Init(source.NewFile("t", []byte(src)), nil, 0)
	for i, w := range want {
		got := s.Scan()
		if got.Kind != w {
			t.Fatalf("token %d = %s, want %s", i, got.Kind, w)
		}
		if text := src[got.Pos:got.End]; text != w.String() {
			t.Errorf("token %d text = %q, want %q", i, text, w.String())
		}
	}
	if got := s.Scan(); got.Kind != token.EOF || s.ErrorCount != 0 {
		t.Errorf("after operators: %s, %d errors", got.Kind, s.ErrorCount)
	}
}

func TestScanTokens(t *testing.T) {
	tests := []struct {
		name, src string
		want      string
	}{
		{"identifiers and keywords", "param x_1 true false null",
			`IDENT@0-5"param" IDENT@6-9"x_1" true@10-14 false@15-20 null@21-25`},
		{"number then identifier", "12ab", `INT@0-2"12" IDENT@2-4"ab"`},
		{"line break runs", "a\n\n  \r\nb\rc",
			`IDENT@0-1"a" NEWLINE@1-7 IDENT@7-8"b" NEWLINE@8-9 IDENT@9-10"c"`},
		{"block comment spans lines without a NEWLINE", "a /* x\ny */ b // c\n",
			`IDENT@0-1"a" COMMENT@2-11"/* x\ny */" IDENT@12-13"b" COMMENT@14-18"// c" NEWLINE@18-19`},
		{"byte order mark", "\ufeffvar", `IDENT@3-6"var"`},
		{"string", `'it\'s'`, `STRING@0-7[1,6)`},
		{"interpolation", "'a${b}c'", `STRING_HEAD@0-4[1,2) IDENT@4-5"b" STRING_TAIL@5-8[6,7)`},
		{"two holes", "'${a}-${b}'",
			`STRING_HEAD@0-3[1,1) IDENT@3-4"a" STRING_MID@4-8[5,6) IDENT@8-9"b" STRING_TAIL@9-11[10,10)`},
		{"string in a hole", "'${'${x}'}'",
			`STRING_HEAD@0-3[1,1) STRING_HEAD@3-6[4,4) IDENT@6-7"x" STRING_TAIL@7-9[8,8) STRING_TAIL@9-11[10,10)`},
		{"object in a hole", "'${ {a:1}.a }'",
			`STRING_HEAD@0-3[1,1) {@4-5 IDENT@5-6"a" :@6-7 INT@7-8"1" }@8-9 .@9-10 IDENT@10-11"a" STRING_TAIL@12-14[13,13)`},
		{"dollar without brace", "'$a \\${b}'", `STRING@0-10[1,9)`},
		{"multi-line string", "'''\nabc'''", `STRING@0-10[4,7)m`},
		{"multi-line string after CRLF", "'''\r\nx'''", `STRING@0-9[5,6)m`},
		{"multi-line string keeps escapes and holes", `'''a\n${b}'''`, `STRING@0-13[3,10)m`},
		{"multi-line string ending in quotes", "'''a''''", `STRING@0-8[3,5)m`},
		{"empty multi-line string", "''''''", `STRING@0-6[3,3)m`},
		{"interpolated multi-line string", "$'''a${x}b'''",
			`STRING_HEAD@0-7[4,5)m IDENT@7-8"x" STRING_TAIL@8-13[9,10)m`},
		{"double-dollar multi-line string", "$$'''${x}$${y}$$${z}'''",
			`STRING_HEAD@0-12[5,9)m IDENT@12-13"y" STRING_MID@13-18[14,15)m IDENT@18-19"z" STRING_TAIL@19-23[20,20)m`},
		{"directive", "  #disable-next-line BCP1 no-unused // c\nx",
			`DIRECTIVE@2-35"#disable-next-line BCP1 no-unused" COMMENT@36-40"// c" NEWLINE@40-41 IDENT@41-42"x"`},
		{"disable and restore directives", "#disable-diagnostics a\n#restore-diagnostics a",
			`DIRECTIVE@0-22"#disable-diagnostics a" NEWLINE@22-23 DIRECTIVE@23-45"#restore-diagnostics a"`},
	}
	for _, tt := range tests {
		toks, errs := scanAll(tt.src, ScanComments)
		if got := strings.Join(toks, " "); got != tt.want {
			t.Errorf("%s: %q\n got %s\nwant %s", tt.name, tt.src, got, tt.want)
		}
		if len(errs) > 0 {
			t.Errorf("%s: unexpected errors %q", tt.name, errs)
		}
	}
}

func TestScanSkipsComments(t *testing.T) {
	src := "a // c\n/* d */\n  #disable-next-line x\n\nb /* e */\n"
	var s Scanner
	s.Init(source.NewFile("t", []byte(src)), nil, 0)
	var toks, comments []string
	for tok := s.Scan(); tok.Kind != token.EOF; tok = s.Scan() {
		toks = append(toks, formatToken(tok, src))
	}
	for _, c := range s.Comments {
		comments = append(comments, formatToken(c, src))
	}
	if got, want := strings.Join(toks, " "), `IDENT@0-1"a" NEWLINE@6-39 IDENT@39-40"b" NEWLINE@48-49`; got != want {
		t.Errorf("tokens\n got %s\nwant %s", got, want)
	}
	want := `COMMENT@2-6"// c" COMMENT@7-14"/* d */" DIRECTIVE@17-37"#disable-next-line x" COMMENT@41-48"/* e */"`
	if got := strings.Join(comments, " "); got != want {
		t.Errorf("comments\n got %s\nwant %s", got, want)
	}
}

func TestScanErrors(t *testing.T) {
	tests := []struct {
		name, src string
		toks      string
		errs      string
	}{
		{"string ends at line break", "'abc\nx",
			`STRING@0-4[1,4) NEWLINE@4-5 IDENT@5-6"x"`,
			`0-4: string literal not terminated`},
		{"string ends at end of file", "'ab",
			`STRING@0-3[1,3)`,
			`0-3: string literal not terminated`},
		{"line break in a hole closes the string", "'${a\nb",
			`STRING_HEAD@0-3[1,1) IDENT@3-4"a" STRING_TAIL@4-4[4,4) NEWLINE@4-5 IDENT@5-6"b"`,
			`4-4: string literal not terminated`},
		{"bad escapes", `'\q\u{110000}\u{}'`,
			`STRING@0-18[1,17)`,
			`1-3: unknown escape sequence '\q'; use one of \n \r \t \\ \' \$ \u{...}|` +
				`3-13: invalid unicode escape: code point above U+10FFFF|` +
				`13-16: invalid unicode escape; write \u{hex}`},
		{"backslash at line end", "'a\\\n",
			`STRING@0-3[1,3) NEWLINE@3-4`,
			`2-3: escape sequence not terminated|0-3: string literal not terminated`},
		{"multi-line string not terminated", "x = '''\nab''",
			`IDENT@0-1"x" =@2-3 STRING@4-12[8,12)m`,
			`4-12: multi-line string not terminated; end it with '''`},
		{"comment not terminated", "/* a",
			`COMMENT@0-4"/* a"`,
			`0-2: comment not terminated`},
		{"illegal characters", "\"a\" & $ é",
			`ILLEGAL@0-1"\"" IDENT@1-2"a" ILLEGAL@2-3"\"" ILLEGAL@4-5"&" ILLEGAL@6-7"$" ILLEGAL@8-10"é"`,
			`0-1: illegal character '"'; Bicep strings use single quotes|` +
				`2-3: illegal character '"'; Bicep strings use single quotes|` +
				`4-5: illegal character U+0026 '&'|6-7: illegal character U+0024 '$'|` +
				`8-10: illegal character U+00E9 'é'`},
		{"invalid UTF-8", "\xff", `ILLEGAL@0-1"\xff"`, `0-1: invalid UTF-8 encoding`},
		{"directive without code", "#disable-next-line\nx",
			`DIRECTIVE@0-18"#disable-next-line" NEWLINE@18-19 IDENT@19-20"x"`,
			`18-18: expected diagnostic code after #disable-next-line, found newline`},
		{"directive after a comment", "/* a */#disable-next-line b",
			`COMMENT@0-7"/* a */" ILLEGAL@7-8"#" IDENT@8-15"disable" -@15-16 IDENT@16-20"next" -@20-21 IDENT@21-25"line" IDENT@26-27"b"`,
			`7-8: illegal character U+0023 '#'`},
		{"long identifier", strings.Repeat("a", 256),
			`IDENT@0-256"` + strings.Repeat("a", 256) + `"`,
			`0-256: identifier longer than 255 characters`},
	}
	for _, tt := range tests {
		toks, errs := scanAll(tt.src, ScanComments)
		if got := strings.Join(toks, " "); got != tt.toks {
			t.Errorf("%s: %q tokens\n got %s\nwant %s", tt.name, tt.src, got, tt.toks)
		}
		if got := strings.Join(errs, "|"); got != tt.errs {
			t.Errorf("%s: %q errors\n got %s\nwant %s", tt.name, tt.src, got, tt.errs)
		}
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		raw       string
		multiline bool
		want      string
	}{
		{`plain`, false, "plain"},
		{`it\'s \\ \$ \n\r\t`, false, "it's \\ $ \n\r\t"},
		{`\u{41}\u{1F600}\u{e9}`, false, "A😀é"},
		{`bad \q \u{110000} \u{} \u41`, false, `bad \q \u{110000} \u{} \u41`},
		{`ends with \`, false, `ends with \`},
		{`verbatim \n ${x}`, true, `verbatim \n ${x}`},
	}
	for _, tt := range tests {
		if got := Decode([]byte(tt.raw), tt.multiline); got != tt.want {
			t.Errorf("Decode(%q, %v) = %q, want %q", tt.raw, tt.multiline, got, tt.want)
		}
	}
}

func TestSegments(t *testing.T) {
	var got []string
	Segments([]byte(`ab\ncd\u{41}`), false, func(text string, off, n int, escaped bool) {
		got = append(got, fmt.Sprintf("%q@%d+%d/%v", text, off, n, escaped))
	})
	want := `"ab"@0+2/false "\n"@2+2/true "cd"@4+2/false "A"@6+6/true`
	if s := strings.Join(got, " "); s != want {
		t.Errorf("Segments = %s, want %s", s, want)
	}
}

func TestErrorList(t *testing.T) {
	f := source.NewFile("m.bicep", []byte("var x = \nvar y = ]\n"))
	var l ErrorList
	l.Add(f, 17, 18, "expected expression, found ']'")
	l.Add(f, 8, 9, "expected expression, found newline")
	l.Sort()
	want := "m.bicep:1:9: expected expression, found newline\n" +
		"m.bicep:2:9: expected expression, found ']'"
	if got := l.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
	if l[1].Loc.End.Column != 10 {
		t.Errorf("end column = %d, want 10", l[1].Loc.End.Column)
	}
	if ErrorList(nil).Err() != nil || l.Err() == nil {
		t.Error("Err() should be nil exactly for an empty list")
	}
}
