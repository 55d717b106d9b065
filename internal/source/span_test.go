package source

import "testing"

func TestSpanMatchesBuilder(t *testing.T) {
	f := NewFile("s.json", []byte("{\"k\": \"ab\u00e9c\"}"))
	fallback := f.Location(6, 13)
	span := Span(f, 7, 12, fallback)
	b := NewTextBuilder(fallback)
	b.Verbatim("ab\u00e9c", f, 7)
	built := b.Text()
	if span.Value != "ab\u00e9c" || span.Fallback != fallback {
		t.Fatalf("Span = %q at %v", span.Value, span.Fallback)
	}
	for off := 0; off <= len(span.Value); off++ {
		if got, want := span.Location(off, len(span.Value)), built.Location(off, len(built.Value)); got != want {
			t.Errorf("Location(%d) = %v, want %v", off, got, want)
		}
	}
	if l := span.Location(4, 5); l.Start.Column != 11 || l.End.Column != 12 {
		t.Errorf("c maps to columns %d-%d, want 11-12", l.Start.Column, l.End.Column)
	}
	if empty := Span(f, 7, 7, fallback); empty.Value != "" || empty.Location(0, 0) != fallback {
		t.Errorf("empty span = %q at %v", empty.Value, empty.Location(0, 0))
	}
}
