package ast

import (
	"github.com/apimlint/apimlint/internal/bicep/scanner"
	"github.com/apimlint/apimlint/internal/bicep/token"
	"github.com/apimlint/apimlint/internal/source"
)

// StringSegment is the literal text of a string between its delimiters and
// holes. It is not a Node: its End is a field. [Start, End) is the raw text in the file: escapes as written, and
// for the first segment of a multi-line string without the line break
// that directly follows the opening quotes. Value is the decoded text.
type StringSegment struct {
	Start, End token.Pos
	Value      string
	Multiline  bool // verbatim text of a ''' string: Value is the raw text
}

// AppendTo appends the segment's value to b, mapping every character to
// where it is written in f (an escape sequence maps to the whole
// sequence). f must be the file the segment was parsed from.
func (s *StringSegment) AppendTo(b *source.TextBuilder, f *source.File) {
	raw := f.Content[s.Start:s.End]
	scanner.Segments(raw, s.Multiline, func(text string, off, n int, escaped bool) {
		at := int(s.Start) + off
		if escaped {
			b.Escaped(text, f, at, n)
		} else {
			b.Verbatim(text, f, at)
		}
	})
}

// Text returns the value of a string without interpolation as a
// source.Text that maps each character back to f. ok is false for a string
// with holes, whose value depends on evaluation.
func (x *StringLit) Text(f *source.File) (t *source.Text, ok bool) {
	if len(x.Exprs) > 0 || len(x.Segments) != 1 {
		return nil, false
	}
	b := source.NewTextBuilder(f.Location(int(x.Quote), int(x.EndPos)))
	x.Segments[0].AppendTo(b, f)
	return b.Text(), true
}
