package source

import "testing"

func TestFilePositions(t *testing.T) {
	content := "\ufeff<a>\r\n  <b é=\"x\"/>\rz\n"
	f := NewFile("p.xml", []byte(content))
	tests := []struct {
		off       int
		line, col int
	}{
		{0, 1, 1},  // inside the BOM: clamp to the first column
		{3, 1, 1},  // '<' right after the BOM
		{5, 1, 3},  // '>'
		{8, 2, 1},  // after CRLF
		{10, 2, 3}, // '<b'
		{13, 2, 6}, // 'é' starts at byte 13
		{15, 2, 7}, // '=' after a two-byte character
		{22, 3, 1}, // after a lone CR
	}
	for _, tt := range tests {
		p := f.Pos(tt.off)
		if p.Line != tt.line || p.Column != tt.col {
			t.Errorf("Pos(%d) = %d:%d, want %d:%d", tt.off, p.Line, p.Column, tt.line, tt.col)
		}
	}
	if got := f.LineCount(); got != 4 {
		t.Errorf("LineCount = %d, want 4", got)
	}
}

func TestTextMapsEscapes(t *testing.T) {
	// The JSON string "a\"b" written at offset 10 of a file: value a"b.
	f := NewFile("t.json", []byte(`{"value": "a\"b\nc"}`))
	b := NewTextBuilder(f.Location(10, 19))
	b.Verbatim("a", f, 11)
	b.Escaped(`"`, f, 12, 2)
	b.Verbatim("b", f, 14)
	b.Escaped("\n", f, 15, 2)
	b.Verbatim("c", f, 17)
	txt := b.Text()
	if txt.Value != "a\"b\nc" {
		t.Fatalf("Value = %q", txt.Value)
	}
	for _, tt := range []struct{ off, col int }{{0, 12}, {1, 13}, {2, 15}, {3, 16}, {4, 18}} {
		if got := txt.Location(tt.off, tt.off).Start.Column; got != tt.col {
			t.Errorf("Location(%d) column = %d, want %d", tt.off, got, tt.col)
		}
	}
}

func TestReplaceKeepsUnchangedParts(t *testing.T) {
	f := NewFile("p.xml", []byte("<a>\n<b x=\"__n__\"/>\n<c/>\n"))
	txt := FileText(f).ReplaceAll("__n__", Literal("orders-api", Location{File: "m.bicep"}))
	if want := "<a>\n<b x=\"orders-api\"/>\n<c/>\n"; txt.Value != want {
		t.Fatalf("Value = %q, want %q", txt.Value, want)
	}
	c := len(txt.Value) - len("<c/>\n")
	loc := txt.Location(c, c+4)
	if loc.File != "p.xml" || loc.Start.Line != 3 || loc.Start.Column != 1 || loc.End.Column != 5 {
		t.Errorf("<c/> at %v..%d, want p.xml:3:1..5", loc, loc.End.Column)
	}
	ins := len("<a>\n<b x=\"")
	if loc := txt.Location(ins, ins+1); loc.File != "m.bicep" {
		t.Errorf("inserted text at %v, want the fallback of the replacement", loc)
	}
}

// TestWholeFile: a file's text as it is has the file's lines; a text
// changed from it, part of it, or made otherwise has not.
func TestWholeFile(t *testing.T) {
	f := NewFile("p.xml", []byte("<a>\n<b x=\"__n__\"/>\n"))
	b := NewTextBuilder(f.Location(0, 3))
	b.Verbatim("<a>", f, 0)
	for name, tt := range map[string]struct {
		text *Text
		want bool
	}{
		"file":     {FileText(f), true},
		"empty":    {FileText(NewFile("e.xml", nil)), false},
		"replaced": {FileText(f).ReplaceAll("__n__", Literal("x", Location{File: "m.bicep"})), false},
		"part":     {b.Text(), false},
		"literal":  {Literal("<a/>", Location{File: "m.bicep"}), false},
	} {
		if got := tt.text.WholeFile(); got != tt.want {
			t.Errorf("%s: WholeFile = %v, want %v", name, got, tt.want)
		}
	}
}
