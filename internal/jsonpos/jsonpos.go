// Package jsonpos reads JSON into value trees in which every node knows where
// it was written.
//
// It reads the JSON that Azure Resource Manager reads, which is a little more
// than RFC 8259:
//
//   - "//" line comments and "/* */" block comments may stand wherever
//     whitespace may;
//   - strings may hold raw control characters, such as the line breaks of a
//     multi-line string (ARM accepts them);
//   - a UTF-8 byte order mark is skipped, and a file that starts with a UTF-16
//     byte order mark is decoded to UTF-8 first;
//   - a comma may follow the last element or member (a warning: ARM's reader
//     accepts it, strict ones do not);
//   - a key repeated in one object keeps its last value, as ARM does, and the
//     repetition is reported as a warning.
//
// Numbers become float64 values, like encoding/json's decoding into any:
// integers beyond 2^53 lose precision and 12345678901234567890 reads as
// 12345678901234567000. A number too large for float64 is an error.
//
// Every string value carries a source.Text that maps each decoded character
// back to the file; a character written as an escape sequence (\" or \u0041)
// maps to the whole escape. Parsers of the text inside a string, such as
// policy XML in an ARM template, use it to report exact columns.
package jsonpos

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// MaxDepth is the deepest nesting of arrays and objects Parse accepts.
const MaxDepth = 1000

// Error is a problem found while reading a file: a syntax error, or with
// Warning set, something legal that is likely a mistake.
type Error struct {
	Loc     source.Location
	Msg     string
	Warning bool
}

// Error formats the problem as path:line:col: message.
func (e Error) Error() string {
	return e.Loc.String() + ": " + e.Msg
}

// Parse reads f as one JSON value.
//
// On a syntax error it stops and returns a nil value with the error, which
// comes last in the list; warnings and errors that do not break the
// structure (a number out of range) come with a value. Positions are 1-based
// lines and character columns; a UTF-16 file is read as its UTF-8 decoding,
// so offsets in the returned locations are offsets into that decoding while
// lines and columns are those of the original file.
func Parse(f *source.File) (*value.Value, []Error) {
	if f == nil {
		return nil, nil
	}
	start := 0
	switch {
	case hasPrefix(f.Content, 0xef, 0xbb, 0xbf):
		start = 3
	case hasPrefix(f.Content, 0xfe, 0xff), hasPrefix(f.Content, 0xff, 0xfe):
		decoded, ok := decodeUTF16(f.Content)
		if !ok {
			return nil, []Error{{Loc: f.Location(len(f.Content), len(f.Content)),
				Msg: "file starts with a UTF-16 byte order mark but has an odd number of bytes"}}
		}
		f = source.NewFile(f.Path, decoded)
		start = 3
	case len(f.Content) >= 2 && (f.Content[0] == 0) != (f.Content[1] == 0):
		// JSON starts with an ASCII character, so one zero byte in the
		// first two is the other half of a UTF-16 code unit.
		return nil, []Error{{Loc: f.Location(0, 0),
			Msg: "file looks like UTF-16 without a byte order mark; save it as UTF-8"}}
	}

	p := &parser{f: f, src: f.Content, off: start}
	p.tr = tracker{src: f.Content, off: start, line: 1, col: 1}
	p.slab = make([]value.Value, 0, min(maxValues(f.Content[start:]), slabSize))
	v := p.parse()
	if v == nil {
		return nil, p.errs
	}
	return v, p.errs
}

func hasPrefix(b []byte, prefix ...byte) bool {
	if len(b) < len(prefix) {
		return false
	}
	for i, c := range prefix {
		if b[i] != c {
			return false
		}
	}
	return true
}

// decodeUTF16 turns UTF-16 content with a byte order mark into UTF-8 content
// that starts with a UTF-8 byte order mark, so that the first line's columns
// still count from after the mark. Unpaired surrogates become U+FFFD.
func decodeUTF16(b []byte) ([]byte, bool) {
	if len(b)%2 != 0 {
		return nil, false
	}
	bigEndian := b[0] == 0xfe
	units := make([]uint16, 0, len(b)/2-1)
	for i := 2; i+1 < len(b); i += 2 {
		if bigEndian {
			units = append(units, uint16(b[i])<<8|uint16(b[i+1]))
		} else {
			units = append(units, uint16(b[i+1])<<8|uint16(b[i]))
		}
	}
	out := make([]byte, 0, len(units)+len(units)/2+3)
	out = append(out, 0xef, 0xbb, 0xbf)
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out, true
}

// tracker turns byte offsets into positions. Parse asks for positions in
// increasing order, so it walks forward from the last answer instead of
// searching the file's line table; the answers equal source.File.Pos.
type tracker struct {
	src       []byte
	off       int // offset of the last answer
	line, col int // its line and column
}

func (t *tracker) pos(off int) source.Pos {
	if off < t.off {
		// Not expected; restart from the file's first character.
		t.off, t.line, t.col = 0, 1, 1
		if hasPrefix(t.src, 0xef, 0xbb, 0xbf) {
			t.off = min(3, off)
		}
	}
	src := t.src[:off]
	i, line, col := t.off, t.line, t.col
	for i < off {
		c := src[i]
		switch {
		case c == '\n':
			line, col = line+1, 1
			i++
		case c == '\r':
			if i+1 < len(t.src) && t.src[i+1] == '\n' {
				if i+1 == off {
					// An offset between \r and \n is still on the \r's line.
					col++
					i++
					continue
				}
				i++
			}
			i++
			line, col = line+1, 1
		case c < utf8.RuneSelf:
			col++
			i++
		default:
			_, n := utf8.DecodeRune(src[i:])
			col++
			i += n
		}
	}
	t.off, t.line, t.col = off, line, col
	return source.Pos{Offset: off, Line: line, Column: col}
}

// parser reads one file. It keeps its own stack of open arrays and objects
// instead of recursing, so that deep nesting cannot exhaust the goroutine's
// stack.
type parser struct {
	f    *source.File
	src  []byte
	off  int
	tr   tracker
	errs []Error

	slab    []value.Value  // values are allocated from here in chunks
	elems   []*value.Value // finished elements of the open arrays
	members []value.Member // finished members of the open objects
	stack   []frame        // open arrays and objects, innermost last
	keys    map[string]int // scratch index for duplicate keys in large objects
	strBuf  []byte         // scratch for decoded strings
	spans   []span         // scratch for the map of a decoded string

	badUTF8 bool // an invalid UTF-8 byte in a string has been reported
}

// frame is an open array or object.
type frame struct {
	v     *value.Value
	start source.Pos // where the bracket is
	base  int        // where its children start in elems or members

	// For an object, the key of the member whose value is being read.
	key    string
	keyLoc source.Location
}

// slabSize is how many values a slab holds: the first one is smaller when
// the file cannot hold as many (maxValues). Most files an estate holds are
// small: an APIOps information file is a few values, or {}.
const slabSize = 32

// maxValues bounds the number of values a JSON text holds: the root, one
// per member (each follows a colon) and one per element of an array (each
// follows [ or a comma). Colons and commas inside strings only raise the
// bound.
func maxValues(src []byte) int {
	return 1 + bytes.Count(src, []byte{':'}) + bytes.Count(src, []byte{','}) + bytes.Count(src, []byte{'['})
}

func (p *parser) newValue() *value.Value {
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]value.Value, 0, slabSize)
	}
	p.slab = p.slab[:len(p.slab)+1]
	return &p.slab[len(p.slab)-1]
}

// errorAt reports a syntax error at the character at off; it returns nil so
// that callers can write return p.errorAt(...).
func (p *parser) errorAt(off int, format string, args ...any) *value.Value {
	end := off
	if off < len(p.src) {
		_, n := utf8.DecodeRune(p.src[off:])
		end += n
	}
	p.errs = append(p.errs, Error{Loc: p.location(off, end), Msg: fmt.Sprintf(format, args...)})
	return nil
}

func (p *parser) location(start, end int) source.Location {
	s := p.tr.pos(start)
	return source.Location{File: p.f.Path, Range: source.Range{Start: s, End: p.tr.pos(end)}}
}

// found describes the character at off for an error message.
func (p *parser) found(off int) string {
	if off >= len(p.src) {
		return "end of file"
	}
	r, _ := utf8.DecodeRune(p.src[off:])
	switch {
	case r == utf8.RuneError:
		return fmt.Sprintf("invalid UTF-8 byte 0x%02x", p.src[off])
	case r == '\n' || r == '\r':
		return "end of line"
	case r < ' ' || r == 0x7f:
		return fmt.Sprintf("control character U+%04X", r)
	case r == '\'':
		return `"'"`
	}
	return "'" + string(r) + "'"
}

// skipSpace skips whitespace and comments. It reports false after an
// unterminated block comment.
func (p *parser) skipSpace() bool {
	for p.off < len(p.src) {
		switch p.src[p.off] {
		case ' ', '\t', '\n', '\r':
			p.off++
		case '/':
			if p.off+1 >= len(p.src) {
				return true
			}
			switch p.src[p.off+1] {
			case '/':
				p.off += 2
				for p.off < len(p.src) && p.src[p.off] != '\n' && p.src[p.off] != '\r' {
					p.off++
				}
			case '*':
				start := p.off
				p.off += 2
				for {
					if p.off+1 >= len(p.src) {
						p.errorAt(start, "unterminated block comment")
						return false
					}
					if p.src[p.off] == '*' && p.src[p.off+1] == '/' {
						p.off += 2
						break
					}
					p.off++
				}
			default:
				return true
			}
		default:
			return true
		}
	}
	return true
}

// parse reads the whole file. The loop alternates between reading a value
// and, once a value is complete, attaching it to the innermost open array or
// object and reading the separator that follows.
func (p *parser) parse() *value.Value {
	var done *value.Value // a complete value waiting to be attached
	for {
		if done == nil {
			if !p.skipSpace() {
				return nil
			}
			if p.off >= len(p.src) {
				return p.errorAt(p.off, "expected a JSON value, found end of file")
			}
			var ok bool
			switch p.src[p.off] {
			case '[', '{':
				done, ok = p.open()
			default:
				done = p.scalar()
				ok = done != nil
			}
			if !ok {
				return nil
			}
			if done == nil {
				continue // a container is open: read its first value
			}
		}

		if len(p.stack) == 0 {
			if !p.skipSpace() {
				return nil
			}
			if p.off < len(p.src) {
				return p.errorAt(p.off, "expected end of file after the top-level value, found %s",
					p.found(p.off))
			}
			p.sortWarnings()
			return done
		}
		var ok bool
		if done, ok = p.attach(done); !ok {
			return nil
		}
	}
}

// open reads '[' or '{' and what directly follows. An empty container is
// returned complete; otherwise it is pushed on the stack and, for an object,
// the first key is read.
func (p *parser) open() (*value.Value, bool) {
	if len(p.stack) >= MaxDepth {
		return p.errorAt(p.off, "nesting deeper than %d levels", MaxDepth), false
	}
	v := p.newValue()
	fr := frame{v: v, start: p.tr.pos(p.off)}
	closer := byte(']')
	if p.src[p.off] == '[' {
		v.Kind = value.Array
		fr.base = len(p.elems)
	} else {
		v.Kind = value.Object
		fr.base = len(p.members)
		closer = '}'
	}
	p.off++
	if !p.skipSpace() {
		return nil, false
	}
	if p.off < len(p.src) && p.src[p.off] == closer {
		p.off++
		v.Loc = source.Location{File: p.f.Path, Range: source.Range{Start: fr.start, End: p.tr.pos(p.off)}}
		return v, true
	}
	p.stack = append(p.stack, fr)
	if v.Kind == value.Object {
		return nil, p.key("expected a string key or '}' after '{'")
	}
	return nil, true
}

// key reads an object key and the colon after it into the innermost frame.
func (p *parser) key(expected string) bool {
	if !p.skipSpace() {
		return false
	}
	if p.off >= len(p.src) || p.src[p.off] != '"' {
		p.errorAt(p.off, "%s, found %s", expected, p.found(p.off))
		return false
	}
	start := p.off
	k, _, ok := p.str(false)
	if !ok {
		return false
	}
	fr := &p.stack[len(p.stack)-1]
	fr.key, fr.keyLoc = k, p.location(start, p.off)
	if !p.skipSpace() {
		return false
	}
	if p.off >= len(p.src) || p.src[p.off] != ':' {
		p.errorAt(p.off, "expected ':' after object key %q, found %s", k, p.found(p.off))
		return false
	}
	p.off++
	return true
}

// attach adds the complete value v to the innermost open container and reads
// what follows it. It returns the container when that closes, or nil when
// another element or member follows.
func (p *parser) attach(v *value.Value) (*value.Value, bool) {
	fr := &p.stack[len(p.stack)-1]
	if fr.v.Kind == value.Array {
		p.elems = append(p.elems, v)
	} else {
		p.members = append(p.members, value.Member{Key: fr.key, KeyLoc: fr.keyLoc, Value: v})
	}
	if !p.skipSpace() {
		return nil, false
	}

	var c byte
	if p.off < len(p.src) {
		c = p.src[p.off]
	}
	switch {
	case c == ',':
		comma := p.off
		p.off++
		if !p.skipSpace() {
			return nil, false
		}
		if closed, ok := p.trailingComma(fr, comma); ok || closed != nil {
			return closed, true
		}
		if fr.v.Kind == value.Object {
			return nil, p.key("expected a string key after ','")
		}
		return nil, true
	case c == ']' && fr.v.Kind == value.Array:
		p.off++
		return p.closeArray(), true
	case c == '}' && fr.v.Kind == value.Object:
		p.off++
		return p.closeObject(), true
	case fr.v.Kind == value.Array:
		p.errorAt(p.off, "expected ',' or ']' after array element, found %s", p.found(p.off))
	default:
		p.errorAt(p.off, "expected ',' or '}' after object member, found %s", p.found(p.off))
	}
	return nil, false
}

// trailingComma closes the container when its closing bracket follows the
// comma at comma. ARM's JSON reader accepts that, so it is only a warning.
func (p *parser) trailingComma(fr *frame, comma int) (*value.Value, bool) {
	if p.off >= len(p.src) {
		return nil, false
	}
	c := p.src[p.off]
	if (c != ']' || fr.v.Kind != value.Array) && (c != '}' || fr.v.Kind != value.Object) {
		return nil, false
	}
	p.errs = append(p.errs, Error{
		Loc:     p.location(comma, comma+1),
		Msg:     fmt.Sprintf("trailing comma before '%c'; strict JSON readers reject it", c),
		Warning: true,
	})
	p.off++
	if c == ']' {
		return p.closeArray(), true
	}
	return p.closeObject(), true
}

func (p *parser) pop() *frame {
	fr := &p.stack[len(p.stack)-1]
	p.stack = p.stack[:len(p.stack)-1]
	fr.v.Loc = source.Location{File: p.f.Path, Range: source.Range{Start: fr.start, End: p.tr.pos(p.off)}}
	return fr
}

func (p *parser) closeArray() *value.Value {
	fr := p.pop()
	fr.v.Elems = make([]*value.Value, len(p.elems)-fr.base)
	copy(fr.v.Elems, p.elems[fr.base:])
	clear(p.elems[fr.base:])
	p.elems = p.elems[:fr.base]
	return fr.v
}

func (p *parser) closeObject() *value.Value {
	fr := p.pop()
	ms := p.members[fr.base:]
	dups := p.duplicates(ms)
	fr.v.Members = make([]value.Member, 0, len(ms)-dups)
	for _, m := range ms {
		if m.Value != nil { // duplicates marks overridden members with nil
			fr.v.Members = append(fr.v.Members, m)
		}
	}
	clear(ms)
	p.members = p.members[:fr.base]
	return fr.v
}

// duplicates finds keys written more than once in one object, warns at each
// repetition, and clears the Value of every member a later one overrides.
// It returns how many were cleared.
func (p *parser) duplicates(ms []value.Member) int {
	n := 0
	if len(ms) <= 16 {
		for i := 1; i < len(ms); i++ {
			for j := range i {
				if ms[j].Value != nil && ms[j].Key == ms[i].Key {
					p.warnDuplicate(ms[j], ms[i])
					ms[j].Value = nil
					n++
				}
			}
		}
		return n
	}
	if p.keys == nil {
		p.keys = make(map[string]int, len(ms))
	}
	clear(p.keys)
	for i, m := range ms {
		if j, ok := p.keys[m.Key]; ok {
			p.warnDuplicate(ms[j], m)
			ms[j].Value = nil
			n++
		}
		p.keys[m.Key] = i
	}
	return n
}

func (p *parser) warnDuplicate(first, again value.Member) {
	p.errs = append(p.errs, Error{
		Loc: again.KeyLoc,
		Msg: fmt.Sprintf("duplicate key %q (first at line %d); the last one wins",
			again.Key, first.KeyLoc.Start.Line),
		Warning: true,
	})
}

// warnBadUTF8 reports the first invalid UTF-8 byte inside a string; the
// rest of a file that holds one is likely no better, so one warning says
// enough.
func (p *parser) warnBadUTF8(off int) {
	if p.badUTF8 {
		return
	}
	p.badUTF8 = true
	p.errs = append(p.errs, Error{
		Loc:     p.location(off, off+1),
		Msg:     fmt.Sprintf("invalid UTF-8 byte 0x%02x in a string, read as U+FFFD; save the file as UTF-8", p.src[off]),
		Warning: true,
	})
}

// sortWarnings puts the problems in file order; duplicates are found when
// their object closes, which is after any inner object's.
func (p *parser) sortWarnings() {
	e := p.errs
	for i := 1; i < len(e); i++ {
		for j := i; j > 0 && e[j].Loc.Start.Offset < e[j-1].Loc.Start.Offset; j-- {
			e[j], e[j-1] = e[j-1], e[j]
		}
	}
}

// scalar reads a string, number, true, false or null.
func (p *parser) scalar() *value.Value {
	start := p.off
	c := p.src[p.off]
	switch {
	case c == '"':
		s, t, ok := p.str(true)
		if !ok {
			return nil
		}
		v := p.newValue()
		v.Kind, v.Str, v.Text, v.Loc = value.String, s, t, t.Fallback
		return v
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal(start, "true", value.Bool, true)
	case c == 'f':
		return p.literal(start, "false", value.Bool, false)
	case c == 'n':
		return p.literal(start, "null", value.Null, false)
	case c == '\'':
		return p.errorAt(start, "expected a JSON value, found \"'\"; JSON strings take double quotes")
	}
	return p.errorAt(start, "expected a JSON value, found %s", p.found(start))
}

func (p *parser) literal(start int, word string, kind value.Kind, b bool) *value.Value {
	for i := 0; i < len(word); i++ {
		if start+i >= len(p.src) || p.src[start+i] != word[i] {
			return p.errorAt(start, "expected a JSON value, found %s", p.found(start))
		}
	}
	p.off += len(word)
	v := p.newValue()
	v.Kind, v.Bool, v.Loc = kind, b, p.location(start, p.off)
	return v
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// number reads a number in strict JSON syntax.
func (p *parser) number() *value.Value {
	src, start, i := p.src, p.off, p.off
	if src[i] == '-' {
		i++
	}
	switch {
	case i < len(src) && src[i] == '0':
		i++
	case i < len(src) && isDigit(src[i]):
		for i < len(src) && isDigit(src[i]) {
			i++
		}
	default:
		return p.errorAt(i, "expected a digit after '-', found %s", p.found(i))
	}
	if i < len(src) && src[i] == '.' {
		i++
		if i >= len(src) || !isDigit(src[i]) {
			return p.errorAt(i, "expected a digit after the decimal point, found %s", p.found(i))
		}
		for i < len(src) && isDigit(src[i]) {
			i++
		}
	}
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		i++
		if i < len(src) && (src[i] == '+' || src[i] == '-') {
			i++
		}
		if i >= len(src) || !isDigit(src[i]) {
			return p.errorAt(i, "expected a digit in the exponent, found %s", p.found(i))
		}
		for i < len(src) && isDigit(src[i]) {
			i++
		}
	}
	p.off = i

	v := p.newValue()
	v.Kind, v.Loc = value.Number, p.location(start, i)
	n, err := strconv.ParseFloat(string(src[start:i]), 64)
	if err != nil {
		// The syntax is checked above, so the only failure is a magnitude
		// beyond float64; keep reading with the largest finite number.
		p.errs = append(p.errs, Error{Loc: v.Loc,
			Msg: fmt.Sprintf("number %s is too large for a 64-bit float", src[start:i])})
		n = math.Copysign(math.MaxFloat64, n)
	}
	v.Num = n
	return v
}

// span records where a run of decoded string bytes was written.
type span struct {
	off, n           int // in the decoded string
	fileOff, fileLen int
	verbatim         bool
}

// str reads the string starting at the quote at p.off. With wantText it also
// returns the map of the decoded characters to the file, whose fallback is
// the whole quoted string.
func (p *parser) str(wantText bool) (string, *source.Text, bool) {
	src, start := p.src, p.off
	i := start + 1
	for i < len(src) {
		c := src[i]
		if c == '"' {
			p.off = i + 1
			if !wantText {
				return string(src[start+1 : i]), nil, true
			}
			t := source.Span(p.f, start+1, i, p.location(start, p.off))
			return t.Value, t, true
		}
		if c == '\\' {
			break
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		i += n
	}
	return p.strEscaped(start, i, wantText)
}

// strEscaped finishes reading a string from i, the first escape or invalid
// UTF-8 byte in it; the bytes between the quote at start and i are plain.
func (p *parser) strEscaped(start, i int, wantText bool) (string, *source.Text, bool) {
	src := p.src
	buf := append(p.strBuf[:0], src[start+1:i]...)
	plain := i - start - 1
	spans := append(p.spans[:0], span{n: plain, fileOff: start + 1, fileLen: plain, verbatim: true})
	defer func() { p.strBuf, p.spans = buf, spans }()
	escaped := func(s []byte, fileOff, fileLen int) {
		spans = append(spans, span{off: len(buf), n: len(s), fileOff: fileOff, fileLen: fileLen})
		buf = append(buf, s...)
	}
	var tmp [utf8.UTFMax]byte

	for {
		if i >= len(src) {
			p.errorAt(start, "string is not closed before end of file")
			return "", nil, false
		}
		c := src[i]
		switch {
		case c == '"':
			p.off = i + 1
			s := string(buf)
			if !wantText {
				return s, nil, true
			}
			b := source.NewTextBuilder(p.location(start, p.off))
			for _, sp := range spans {
				if sp.verbatim {
					b.Verbatim(s[sp.off:sp.off+sp.n], p.f, sp.fileOff)
				} else {
					b.Escaped(s[sp.off:sp.off+sp.n], p.f, sp.fileOff, sp.fileLen)
				}
			}
			return s, b.Text(), true

		case c == '\\':
			r, n := p.escape(i)
			if n == 0 {
				return "", nil, false
			}
			escaped(tmp[:utf8.EncodeRune(tmp[:], r)], i, n)
			i += n

		case c < utf8.RuneSelf:
			p.verbatim(&spans, len(buf), i, 1)
			buf = append(buf, c)
			i++

		default:
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n == 1 {
				// Like encoding/json: each invalid byte reads as U+FFFD.
				p.warnBadUTF8(i)
				escaped(tmp[:utf8.EncodeRune(tmp[:], r)], i, 1)
			} else {
				p.verbatim(&spans, len(buf), i, n)
				buf = append(buf, src[i:i+n]...)
			}
			i += n
		}
	}
}

// verbatim extends the last span when the n bytes at fileOff continue it.
func (p *parser) verbatim(spans *[]span, off, fileOff, n int) {
	if k := len(*spans); k > 0 {
		last := &(*spans)[k-1]
		if last.verbatim && last.off+last.n == off && last.fileOff+last.fileLen == fileOff {
			last.n += n
			last.fileLen += n
			return
		}
	}
	*spans = append(*spans, span{off: off, n: n, fileOff: fileOff, fileLen: n, verbatim: true})
}

// escape decodes the escape sequence at the backslash at i. It returns the
// character and the sequence's length, or a length of 0 after an error.
func (p *parser) escape(i int) (rune, int) {
	src := p.src
	if i+1 >= len(src) {
		p.errorAt(i, "string is not closed before end of file")
		return 0, 0
	}
	switch src[i+1] {
	case '"':
		return '"', 2
	case '\\':
		return '\\', 2
	case '/':
		return '/', 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		r, ok := hex4(src[i+2:])
		if !ok {
			p.errorAt(i, "invalid escape: \\u must be followed by four hexadecimal digits")
			return 0, 0
		}
		if !utf16.IsSurrogate(r) {
			return r, 6
		}
		// A surrogate pair written as two escapes is one character; a lone
		// surrogate reads as U+FFFD, as in encoding/json.
		if i+7 < len(src) && src[i+6] == '\\' && src[i+7] == 'u' {
			if r2, ok := hex4(src[i+8:]); ok {
				if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
					return d, 12
				}
			}
		}
		return utf8.RuneError, 6
	}
	if c := src[i+1]; c > ' ' && c < utf8.RuneSelf {
		p.errorAt(i, "invalid escape sequence '\\%c' in string", c)
	} else {
		p.errorAt(i, "invalid escape sequence in string: '\\' followed by %s", p.found(i+1))
	}
	return 0, 0
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
