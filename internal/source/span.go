package source

// Span is the text of f.Content[start:end], mapped byte for byte; offsets
// with no origin are reported at fallback. It is what a TextBuilder with one
// Verbatim call builds, at a third of the cost: decoders of quoted strings use
// it for the many strings that hold no escape sequence.
func Span(f *File, start, end int, fallback Location) *Text {
	t := &Text{Value: string(f.Content[start:end]), Fallback: fallback}
	if end > start {
		t.segs = []segment{{off: 0, n: end - start, file: f, fileOff: start, fileLen: end - start}}
	}
	return t
}
