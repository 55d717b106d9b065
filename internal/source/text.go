package source

import (
	"strings"
	"unsafe"
)

// Text is a string derived from input files, such as a decoded JSON string, a
// Bicep string with escapes, a file read by loadTextContent, or the result of
// replace() over one of these. It remembers where each part was written, so a
// parser of the derived text can report positions in the original file.
type Text struct {
	Value string

	// Fallback is where parts with no segment are reported: typically the
	// expression that produced the text.
	Fallback Location

	segs []segment // sorted by off, not overlapping
}

// segment maps Value[off:off+n] to file content [fileOff:fileOff+fileLen].
// When n == fileLen the mapping is byte for byte; otherwise (an escape
// sequence such as \" or \u0041) every offset maps to fileOff. A segment
// with no file stands for text that came from an expression: all of it is
// reported at at.
type segment struct {
	off     int
	n       int
	file    *File
	fileOff int
	fileLen int
	at      Location
}

// FileText is the whole content of f, mapped byte for byte. Its value
// shares f's content, which never changes: an estate's policy files are
// not copied once more.
func FileText(f *File) *Text {
	t := &Text{Value: unsafe.String(unsafe.SliceData(f.Content), len(f.Content)), Fallback: f.Location(0, 0)}
	if len(f.Content) > 0 {
		t.segs = []segment{{off: 0, n: len(f.Content), file: f, fileOff: 0, fileLen: len(f.Content)}}
	}
	return t
}

// Literal is text with no file map: every position in it is reported at loc,
// also after it is joined with other text.
func Literal(value string, loc Location) *Text {
	t := &Text{Value: value, Fallback: loc}
	if value != "" {
		t.segs = []segment{{off: 0, n: len(value), at: loc}}
	}
	return t
}

// TextBuilder assembles a Text piece by piece, for decoders of quoted strings.
type TextBuilder struct {
	sb       strings.Builder
	segs     []segment
	fallback Location
}

// NewTextBuilder starts a text whose unmapped parts are reported at fallback.
func NewTextBuilder(fallback Location) *TextBuilder {
	return &TextBuilder{fallback: fallback}
}

// Verbatim appends s, which was written as-is in f at fileOff.
func (b *TextBuilder) Verbatim(s string, f *File, fileOff int) {
	if s == "" {
		return
	}
	off := b.sb.Len()
	if n := len(b.segs); n > 0 {
		last := &b.segs[n-1]
		if last.file == f && last.n == last.fileLen && last.off+last.n == off &&
			last.fileOff+last.fileLen == fileOff {
			last.n += len(s)
			last.fileLen += len(s)
			b.sb.WriteString(s)
			return
		}
	}
	b.segs = append(b.segs, segment{off: off, n: len(s), file: f, fileOff: fileOff, fileLen: len(s)})
	b.sb.WriteString(s)
}

// Escaped appends s, which was written in f as the fileLen bytes at fileOff
// (an escape sequence that decodes to s).
func (b *TextBuilder) Escaped(s string, f *File, fileOff, fileLen int) {
	if s == "" {
		return
	}
	b.segs = append(b.segs, segment{off: b.sb.Len(), n: len(s), file: f, fileOff: fileOff, fileLen: fileLen})
	b.sb.WriteString(s)
}

// Unmapped appends s, which came from an expression written at loc.
func (b *TextBuilder) Unmapped(s string, loc Location) {
	if s == "" {
		return
	}
	b.segs = append(b.segs, segment{off: b.sb.Len(), n: len(s), at: loc})
	b.sb.WriteString(s)
}

// AppendText appends another text, keeping its map.
func (b *TextBuilder) AppendText(t *Text) {
	if t == nil {
		return
	}
	base := b.sb.Len()
	for _, s := range t.segs {
		s.off += base
		b.segs = append(b.segs, s)
	}
	b.sb.WriteString(t.Value)
}

// Text returns the assembled text.
func (b *TextBuilder) Text() *Text {
	return &Text{Value: b.sb.String(), Fallback: b.fallback, segs: b.segs}
}

// find returns the segment holding off, or nil.
func (t *Text) find(off int) *segment {
	lo, hi := 0, len(t.segs)
	for lo < hi {
		m := (lo + hi) / 2
		s := &t.segs[m]
		switch {
		case off < s.off:
			hi = m
		case off >= s.off+s.n:
			lo = m + 1
		default:
			return s
		}
	}
	return nil
}

// Location maps the span [start, end) of Value back to its origin. When the
// two ends lie in different places the range collapses to its start; an
// offset with no origin is reported at Fallback.
func (t *Text) Location(start, end int) Location {
	s := t.find(start)
	if s == nil && start > 0 && start == len(t.Value) {
		s = t.find(start - 1)
	}
	if s == nil {
		return t.Fallback
	}
	if s.file == nil {
		return s.at
	}
	so := s.fileOff
	if s.n == s.fileLen {
		so += min(start-s.off, s.n)
	}
	eo := so
	if e := t.find(end - 1); end > start && e != nil && e.file == s.file {
		if e.n == e.fileLen {
			eo = e.fileOff + end - e.off
		} else {
			eo = e.fileOff + e.fileLen
		}
	}
	if eo < so {
		eo = so
	}
	return s.file.Location(so, eo)
}

// Mapped reports whether offset off was written in a file (rather than
// computed by an expression).
func (t *Text) Mapped(off int) bool {
	s := t.find(off)
	return s != nil && s.file != nil
}

// Slice returns Value[start:end] with its map.
func (t *Text) Slice(start, end int) *Text {
	out := &Text{Value: t.Value[start:end], Fallback: t.Fallback}
	for _, s := range t.segs {
		lo, hi := max(s.off, start), min(s.off+s.n, end)
		if lo >= hi {
			continue
		}
		ns := segment{off: lo - start, n: hi - lo, file: s.file, at: s.at}
		if s.n == s.fileLen {
			ns.fileOff, ns.fileLen = s.fileOff+lo-s.off, hi-lo
		} else {
			ns.fileOff, ns.fileLen = s.fileOff, s.fileLen
		}
		out.segs = append(out.segs, ns)
	}
	return out
}

// Concat joins texts, keeping each part's map. The result's fallback is the
// first part's.
func Concat(parts ...*Text) *Text {
	var b TextBuilder
	for i, p := range parts {
		if i == 0 && p != nil {
			b.fallback = p.Fallback
		}
		b.AppendText(p)
	}
	return b.Text()
}

// ReplaceAll replaces every old with repl, as Bicep's and ARM's replace() do.
// Text outside the replaced parts keeps its origin; the inserted parts carry
// repl's map (or none).
func (t *Text) ReplaceAll(old string, repl *Text) *Text {
	if old == "" || !strings.Contains(t.Value, old) {
		return t
	}
	b := NewTextBuilder(t.Fallback)
	rest := 0
	for {
		i := strings.Index(t.Value[rest:], old)
		if i < 0 {
			break
		}
		b.AppendText(t.Slice(rest, rest+i))
		if repl != nil {
			b.AppendText(repl)
		}
		rest += i + len(old)
	}
	b.AppendText(t.Slice(rest, len(t.Value)))
	return b.Text()
}

// WholeFile reports whether the text is a file's content as it is
// (FileText): its lines are the file's.
func (t *Text) WholeFile() bool {
	if len(t.segs) != 1 {
		return false
	}
	s := t.segs[0]
	return s.file != nil && s.off == 0 && s.fileOff == 0 && s.n == len(t.Value) && s.fileLen == s.n &&
		s.n == len(s.file.Content)
}

// TextOffset maps a position in a file back to an offset in Value: the
// inverse of Location, for the first segment written at that position.
func (t *Text) TextOffset(file string, fileOff int) (int, bool) {
	for _, s := range t.segs {
		if s.file == nil || s.file.Path != file || fileOff < s.fileOff || fileOff > s.fileOff+s.fileLen {
			continue
		}
		if s.n == s.fileLen {
			return s.off + fileOff - s.fileOff, true
		}
		return s.off, true
	}
	return 0, false
}
