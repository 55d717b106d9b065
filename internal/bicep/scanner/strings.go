package scanner

import (
	"strings"

	"github.com/apimlint/apimlint/internal/bicep/token"
)

// scanQuote scans a string that starts with "'": a single-line string, or
// a verbatim multi-line one when three quotes open it.
func (s *Scanner) scanQuote(t *Token) {
	start := s.off
	if hasPrefixAt(s.src, s.off, "'''") {
		s.off += 3
		s.scanMultilineRest(t, start, true, 0)
		return
	}
	s.off++
	s.scanStringRest(t, start, true)
}

// scanDollar scans the dollars and three quotes that open a multi-line
// string with interpolation. A "$" anywhere else is illegal.
func (s *Scanner) scanDollar(t *Token) {
	start := s.off
	for s.off < len(s.src) && s.src[s.off] == '$' {
		s.off++
	}
	if !hasPrefixAt(s.src, s.off, "'''") {
		s.error(start, s.off, "illegal character U+0024 '$'")
		*t = s.tok(token.ILLEGAL, start)
		return
	}
	dollars := s.off - start
	s.off += 3
	s.scanMultilineRest(t, start, true, dollars)
}

// pieceKind returns the kind of a string piece from whether it opens the
// string and whether it ends at a hole.
func pieceKind(first, hole bool) token.Token {
	switch {
	case first && hole:
		return token.STRING_HEAD
	case first:
		return token.STRING
	case hole:
		return token.STRING_MID
	}
	return token.STRING_TAIL
}

// scanStringRest scans a single-line string piece whose opening delimiter
// ("'" or "}") ends at the current offset. An unterminated string ends
// before the line break or at the end of the file.
func (s *Scanner) scanStringRest(t *Token, start int, first bool) {
	content := s.off
	for {
		src, off := s.src, s.off
		for off < len(src) && !stringByte[src[off]] {
			off++
		}
		s.off = off
		if s.off >= len(s.src) || s.src[s.off] == '\n' || s.src[s.off] == '\r' {
			s.error(start, s.off, "string literal not terminated")
			s.stack = s.stack[:0]
			s.stringToken(t, pieceKind(first, false), start, content, s.off, false)
			return
		}
		switch c := s.src[s.off]; {
		case c == '\'':
			s.off++
			if !first {
				s.stack = s.stack[:len(s.stack)-1]
			}
			s.stringToken(t, pieceKind(first, false), start, content, s.off-1, false)
			return
		case c == '$' && s.peekByte(1) == '{':
			s.off += 2
			if first {
				s.stack = append(s.stack, frame{})
			}
			s.stringToken(t, pieceKind(first, true), start, content, s.off-2, false)
			return
		case c == '\\':
			s.scanEscape()
		default:
			s.off++
		}
	}
}

// stringByte reports the bytes a single-line string piece needs to look
// at: its end, a hole, an escape or a line break.
var stringByte = [256]bool{'\'': true, '$': true, '\\': true, '\n': true, '\r': true}

// multilineByte reports the bytes a multi-line string piece needs to look
// at: its end or a hole.
var multilineByte = [256]bool{'\'': true, '$': true}

// scanEscape checks the escape sequence at the current offset and moves
// past it. A line break is never swallowed, so a string ending in "\" is
// reported unterminated on its own line.
func (s *Scanner) scanEscape() {
	start := s.off
	s.off++
	if s.off >= len(s.src) || s.src[s.off] == '\n' || s.src[s.off] == '\r' {
		s.error(start, s.off, "escape sequence not terminated")
		return
	}
	c := s.src[s.off]
	s.off++
	if c != 'u' {
		if _, ok := singleEscapes[c]; !ok {
			s.errorf(start, s.off, `unknown escape sequence '%s'; use one of \n \r \t \\ \' \$ \u{...}`, s.src[start:s.off])
		}
		return
	}
	if s.off >= len(s.src) || s.src[s.off] != '{' {
		s.error(start, s.off, `invalid unicode escape; write \u{hex}`)
		return
	}
	s.off++
	digits := s.off
	for s.off < len(s.src) && isHex(s.src[s.off]) {
		s.off++
	}
	if s.off == digits || s.off >= len(s.src) || s.src[s.off] != '}' {
		s.error(start, s.off, `invalid unicode escape; write \u{hex}`)
		return
	}
	s.off++
	if _, ok := parseCodePoint(s.src[digits : s.off-1]); !ok {
		s.error(start, s.off, "invalid unicode escape: code point above U+10FFFF")
	}
}

// scanMultilineRest scans a multi-line string piece whose opening delimiter
// ends at the current offset. dollars is the number of "$" that open a hole
// (0: no holes).
func (s *Scanner) scanMultilineRest(t *Token, start int, first bool, dollars int) {
	content := s.off
	if first {
		// The value starts after a line break right after the quotes.
		if s.off < len(s.src) && s.src[s.off] == '\r' {
			s.off++
		}
		if s.off < len(s.src) && s.src[s.off] == '\n' {
			s.off++
		}
		content = s.off
	}
	for s.off < len(s.src) {
		src, off := s.src, s.off
		for off < len(src) && !multilineByte[src[off]] {
			off++
		}
		if s.off = off; off == len(src) {
			break
		}
		switch s.src[s.off] {
		case '$':
			run := s.off
			for s.off < len(s.src) && s.src[s.off] == '$' {
				s.off++
			}
			if dollars > 0 && s.off-run >= dollars && s.off < len(s.src) && s.src[s.off] == '{' {
				s.off++
				if first {
					s.stack = append(s.stack, frame{multiline: true, dollars: dollars})
				}
				s.stringToken(t, pieceKind(first, true), start, content, s.off-dollars-1, true)
				return
			}
		case '\'':
			run := s.off
			for s.off < len(s.src) && s.src[s.off] == '\'' {
				s.off++
			}
			if s.off-run >= 3 {
				if !first {
					s.stack = s.stack[:len(s.stack)-1]
				}
				s.stringToken(t, pieceKind(first, false), start, content, s.off-3, true)
				return
			}
		}
	}
	s.error(start, s.off, "multi-line string not terminated; end it with '''")
	s.stack = s.stack[:0]
	s.stringToken(t, pieceKind(first, false), start, content, s.off, true)
}

func (s *Scanner) stringToken(t *Token, k token.Token, start, content, contentEnd int, multiline bool) {
	*t = Token{Kind: k, Pos: token.Pos(start), End: token.Pos(s.off),
		Str: StringPiece{Start: token.Pos(content), End: token.Pos(contentEnd), Multiline: multiline}}
}

// directives are the diagnostics pragmas Bicep knows: suppress codes on
// the next line, from here on, or no longer.
var directives = []string{"#disable-next-line", "#disable-diagnostics", "#restore-diagnostics"}

// directiveAt returns the pragma the "#" at the current offset starts, or
// "".
func (s *Scanner) directiveAt() string {
	for _, d := range directives {
		if !hasPrefixAt(s.src, s.off, d) {
			continue
		}
		if next := s.peekByte(len(d)); !isCodeByte(next) {
			return d
		}
	}
	return ""
}

// scanDirective scans a pragma and the diagnostic codes after it on the
// same line. Each code is a run of letters, digits, "_" and "-"; the
// directive ends at the first other character, which is scanned as usual
// (so a trailing comment stays a comment).
func (s *Scanner) scanDirective(t *Token, directive string) {
	start := s.off
	s.off += len(directive)
	end := s.off
	codes := 0
	for {
		for s.off < len(s.src) && (s.src[s.off] == ' ' || s.src[s.off] == '\t') {
			s.off++
		}
		codeStart := s.off
		for s.off < len(s.src) && isCodeByte(s.src[s.off]) {
			s.off++
		}
		if s.off == codeStart {
			break
		}
		codes++
		end = s.off
	}
	s.off = end
	if codes == 0 {
		s.errorf(end, end, "expected diagnostic code after %s, found %s", directive, s.describeAt(end))
	}
	*t = s.tok(token.DIRECTIVE, start)
}

func isCodeByte(c byte) bool { return isLetter(c) || isDigit(c) || c == '-' }

// describeAt names what the file holds at off, for error messages.
func (s *Scanner) describeAt(off int) string {
	for off < len(s.src) && (s.src[off] == ' ' || s.src[off] == '\t') {
		off++
	}
	switch {
	case off >= len(s.src):
		return "end of file"
	case s.src[off] == '\n' || s.src[off] == '\r':
		return "newline"
	}
	return "'" + string(s.src[off]) + "'"
}

// singleEscapes maps the character after "\" to the character it stands
// for, for the one-character escapes.
var singleEscapes = map[byte]string{
	'n': "\n", 'r': "\r", 't': "\t", '\\': "\\", '\'': "'", '$': "$",
}

// parseCodePoint reads hexadecimal digits as a Unicode code point.
func parseCodePoint(hex []byte) (rune, bool) {
	var v int64
	for _, c := range hex {
		switch {
		case isDigit(c):
			v = v*16 + int64(c-'0')
		case 'a' <= c && c <= 'f':
			v = v*16 + int64(c-'a'+10)
		default:
			v = v*16 + int64(c-'A'+10)
		}
		if v > 0x10ffff {
			return 0, false
		}
	}
	return rune(v), true
}

// Decode returns the value of a string piece's raw content (see
// StringPiece). Multi-line content is verbatim. In single-line content
// every escape is decoded; a malformed escape (already reported by the
// scanner) stands for itself.
func Decode(raw []byte, multiline bool) string {
	if multiline {
		return string(raw)
	}
	var b strings.Builder
	b.Grow(len(raw))
	Segments(raw, multiline, func(text string, _, _ int, _ bool) {
		b.WriteString(text)
	})
	return b.String()
}

// Segments splits a string piece's raw content into runs of plain text and
// single escape sequences, in order, and calls fn with each run's value
// and its byte range [off, off+n) within raw. escaped is true for an escape
// sequence, whose value is shorter than its source. Evaluators use it to
// map every character of a decoded string back to the file.
func Segments(raw []byte, multiline bool, fn func(text string, off, n int, escaped bool)) {
	if multiline {
		if len(raw) > 0 {
			fn(string(raw), 0, len(raw), false)
		}
		return
	}
	plain := 0
	for i := 0; i < len(raw); {
		if raw[i] != '\\' {
			i++
			continue
		}
		if i > plain {
			fn(string(raw[plain:i]), plain, i-plain, false)
		}
		text, n := decodeEscape(raw[i:])
		fn(text, i, n, true)
		i += n
		plain = i
	}
	if len(raw) > plain {
		fn(string(raw[plain:]), plain, len(raw)-plain, false)
	}
}

// decodeEscape decodes the escape sequence at the start of raw (which
// starts with "\") and returns its value and length. A malformed sequence
// decodes to its own text.
func decodeEscape(raw []byte) (string, int) {
	if len(raw) < 2 {
		return string(raw), len(raw)
	}
	if v, ok := singleEscapes[raw[1]]; ok {
		return v, 2
	}
	if raw[1] != 'u' || len(raw) < 3 || raw[2] != '{' {
		return string(raw[:2]), 2
	}
	end := 3
	for end < len(raw) && isHex(raw[end]) {
		end++
	}
	if end == 3 || end >= len(raw) || raw[end] != '}' {
		return string(raw[:end]), end
	}
	r, ok := parseCodePoint(raw[3:end])
	if !ok {
		return string(raw[:end+1]), end + 1
	}
	return string(r), end + 1
}
