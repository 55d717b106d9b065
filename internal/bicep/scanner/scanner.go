// Package scanner turns Bicep source text into tokens, in the manner of
// go/scanner: a Scanner is initialised with a file and an error handler and
// then returns one token per Scan call, reporting lexical errors through the
// handler and carrying on.
//
// Bicep's lexical rules, as the Bicep compiler applies them:
//
//   - Only spaces and tabs are white space; "\n", "\r" and "\r\n" end lines,
//     and a run of line breaks (with only white space and comments between)
//     is one NEWLINE token.
//   - Identifiers are ASCII letters, digits and "_", not starting with a
//     digit; numbers are runs of decimal digits (a leading "-" is an
//     operator).
//   - Strings are single-quoted. The escapes are \n \r \t \\ \' \$ and
//     \u{hex}; "${" opens an interpolation hole that ends at the matching
//     "}". A string may not span lines.
//   - A string opened by three quotes is a verbatim multi-line string, up
//     to the next three quotes: no escapes, no holes. A first line break
//     right after the opening quotes is not part of the value. Preceded by
//     "$", the multi-line string allows holes written "${...}"; preceded
//     by "$$", a hole needs "$${", so "${" stays literal text (and so on).
//   - "//" and "/* */" comments. At the start of a line,
//     "#disable-next-line code..." is a directive that suppresses the
//     listed diagnostics on the next line; "#disable-diagnostics code..."
//     and "#restore-diagnostics code..." suppress them up to the restore.
//
// Strings are split into pieces around their holes (see token.STRING_HEAD);
// to tell a "}" that closes a hole from one that closes an object, the
// scanner keeps a stack of the strings and braces it is inside.
package scanner

import (
	"fmt"
	"unicode/utf8"

	"github.com/apimlint/apimlint/internal/bicep/token"
	"github.com/apimlint/apimlint/internal/source"
)

// An ErrorHandler is called for each lexical error with the byte range of
// the offending text (end == pos for a point) and a lower-case message.
type ErrorHandler func(pos, end token.Pos, msg string)

// Mode controls what the scanner returns.
type Mode uint

// ScanComments makes Scan return COMMENT and DIRECTIVE tokens. Otherwise
// Scan skips them, appending them to Scanner.Comments, and a NEWLINE
// token covers all the line breaks up to the next token, across blank
// lines and comment lines, so a parser never sees two NEWLINEs in a row.
const ScanComments Mode = 1 << iota

// MaxIdentifierLength is the longest identifier Bicep accepts.
const MaxIdentifierLength = 255

// A Token is one scanned token. Its text is the source between Pos and
// End (see Text); tokens hold no strings, so scanning allocates nothing.
type Token struct {
	Kind token.Token
	Pos  token.Pos // first byte
	End  token.Pos // just after the last byte

	// Str describes the text of a string token (STRING and the pieces).
	Str StringPiece
}

// StringPiece locates the characters of one string piece: the raw text
// between its delimiters, which Decode turns into the value.
type StringPiece struct {
	// Start and End bound the raw content, without the quotes, "${" and
	// "}" around it. For the first piece of a multi-line string Start is
	// after the line break that directly follows the opening quotes, since
	// that line break is not part of the value.
	Start, End token.Pos

	// Multiline marks a piece of a ''' string: verbatim, no escapes.
	Multiline bool
}

// frame is an entry of the interpolation stack: a string hole or a brace
// opened inside one.
type frame struct {
	brace     bool // an object brace; otherwise a string hole
	multiline bool // the hole belongs to a multi-line string
	dollars   int  // the "$" count that opens a hole in that multi-line string
}

// Scanner holds the state of a scan over one file. Create it with Init.
type Scanner struct {
	file *source.File
	src  []byte
	err  ErrorHandler
	mode Mode

	off       int     // next byte to read
	lineStart bool    // only white space since the start of the line
	stack     []frame // the holes and braces the scanner is inside

	// ErrorCount counts the errors reported.
	ErrorCount int

	// Comments lists the comments and directives skipped so far, in order
	// (only without ScanComments).
	Comments []Token
}

// Init prepares s to scan f from the start. A leading UTF-8 byte order mark
// is skipped. err may be nil.
func (s *Scanner) Init(f *source.File, err ErrorHandler, mode Mode) {
	*s = Scanner{file: f, src: f.Content, err: err, mode: mode, lineStart: true}
	if len(s.src) >= 3 && s.src[0] == 0xef && s.src[1] == 0xbb && s.src[2] == 0xbf {
		s.off = 3
	}
}

// File returns the file being scanned.
func (s *Scanner) File() *source.File { return s.file }

func (s *Scanner) error(pos, end int, msg string) {
	s.ErrorCount++
	if s.err != nil {
		s.err(token.Pos(pos), token.Pos(end), msg)
	}
}

func (s *Scanner) errorf(pos, end int, format string, args ...any) {
	s.error(pos, end, fmt.Sprintf(format, args...))
}

// peekByte returns the byte i positions ahead, or 0 past the end.
func (s *Scanner) peekByte(i int) byte {
	if s.off+i < len(s.src) {
		return s.src[s.off+i]
	}
	return 0
}

// Scan returns the next token. At the end of the file it returns EOF,
// again on every later call. Every call that does not return EOF consumes
// at least one byte, except one empty STRING_TAIL that closes a string
// broken by a line break (so the caller always sees the string end).
func (s *Scanner) Scan() Token {
	var t Token
	s.Next(&t)
	return t
}

// Next scans the next token into t: t = s.Scan() without the copy.
func (s *Scanner) Next(t *Token) {
	for {
		s.skipWhitespace()
		if s.off >= len(s.src) {
			*t = Token{Kind: token.EOF, Pos: token.Pos(len(s.src)), End: token.Pos(len(s.src))}
			return
		}
		s.scanToken(t)
		if (t.Kind == token.COMMENT || t.Kind == token.DIRECTIVE) && s.mode&ScanComments == 0 {
			s.Comments = append(s.Comments, *t)
			continue
		}
		return
	}
}

func (s *Scanner) skipWhitespace() {
	src, off := s.src, s.off
	for off < len(src) && (src[off] == ' ' || src[off] == '\t') {
		off++
	}
	s.off = off
}

// The classes of the first byte of a token, for scanToken.
const (
	classOther    uint8 = iota // an operator or an illegal character
	classLetter                // starts an identifier
	classDigit                 // starts a number
	classNewline               // "\n" or "\r"
	classQuote                 // "'"
	classDollar                // "$"
	classHash                  // "#"
	classSlash                 // "/"
	classLBrace                // "{"
	classRBrace                // "}"
	classNonASCII              // a byte of a multi-byte character
)

// byteClass is the class of each byte as the first byte of a token.
var byteClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		switch {
		case isLetter(b):
			t[c] = classLetter
		case isDigit(b):
			t[c] = classDigit
		case b == '\n' || b == '\r':
			t[c] = classNewline
		case b >= utf8.RuneSelf:
			t[c] = classNonASCII
		}
	}
	t['\''], t['$'], t['#'], t['/'] = classQuote, classDollar, classHash, classSlash
	t['{'], t['}'] = classLBrace, classRBrace
	return t
}()

// identByte reports the bytes that continue an identifier.
var identByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isLetter(byte(c)) || isDigit(byte(c))
	}
	return t
}()

func (s *Scanner) scanToken(t *Token) {
	start := s.off
	c := s.src[s.off]
	wasLineStart := s.lineStart
	s.lineStart = false
	switch byteClass[c] {
	case classLetter:
		s.scanIdentifier(t)
		return
	case classDigit:
		s.scanNumber(t)
		return
	case classNewline:
		s.scanNewline(t)
		return
	case classQuote:
		s.scanQuote(t)
		return
	case classDollar:
		s.scanDollar(t)
		return
	case classHash:
		if wasLineStart {
			if d := s.directiveAt(); d != "" {
				s.scanDirective(t, d)
				return
			}
		}
	case classSlash:
		if c1 := s.peekByte(1); c1 == '/' || c1 == '*' {
			s.scanComment(t)
			return
		}
	case classLBrace:
		s.off++
		if len(s.stack) > 0 {
			s.stack = append(s.stack, frame{brace: true})
		}
		*t = s.tok(token.LBRACE, start)
		return
	case classRBrace:
		s.scanRightBrace(t)
		return
	case classNonASCII:
		s.scanIllegalRune(t)
		return
	}
	s.scanOperator(t)
}

// Text returns the source text of a token scanned by s.
func (s *Scanner) Text(t Token) string { return string(s.src[t.Pos:t.End]) }

// tok makes a token of kind k from start to the current offset.
func (s *Scanner) tok(k token.Token, start int) Token {
	return Token{Kind: k, Pos: token.Pos(start), End: token.Pos(s.off)}
}

func (s *Scanner) scanIdentifier(t *Token) {
	src, start := s.src, s.off
	off := start + 1
	for off < len(src) && identByte[src[off]] {
		off++
	}
	s.off = off
	kind := token.IDENT
	if n := off - start; n == 4 || n == 5 {
		kind = token.Lookup(string(src[start:off])) // inlined: the conversion does not allocate
	} else if n > MaxIdentifierLength {
		s.errorf(start, off, "identifier longer than %d characters", MaxIdentifierLength)
	}
	*t = Token{Kind: kind, Pos: token.Pos(start), End: token.Pos(off)}
}

func (s *Scanner) scanNumber(t *Token) {
	src, start := s.src, s.off
	off := start + 1
	for off < len(src) && isDigit(src[off]) {
		off++
	}
	s.off = off
	*t = Token{Kind: token.INT, Pos: token.Pos(start), End: token.Pos(off)}
}

// scanNewline returns a NEWLINE for a run of line breaks (see
// ScanComments for what the run takes in). A line break inside an
// interpolation hole ends the string instead: the string is reported
// unterminated and an empty STRING_TAIL closes it, so the parser can
// finish the string and carry on with the next line.
func (s *Scanner) scanNewline(t *Token) {
	start := s.off
	if len(s.stack) > 0 {
		s.error(start, start, "string literal not terminated")
		s.stack = s.stack[:0]
		*t = s.tok(token.STRING_TAIL, start)
		t.Str = StringPiece{Start: token.Pos(start), End: token.Pos(start)}
		return
	}
	end := s.skipLineBreaks()
	for {
		s.skipWhitespace()
		switch {
		case s.off < len(s.src) && (s.src[s.off] == '\n' || s.src[s.off] == '\r'):
			end = s.skipLineBreaks()
		case s.mode&ScanComments == 0 && s.atComment():
			var c Token
			s.scanToken(&c)
			s.Comments = append(s.Comments, c)
		default:
			*t = Token{Kind: token.NEWLINE, Pos: token.Pos(start), End: token.Pos(end)}
			return
		}
	}
}

// skipLineBreaks moves past a run of line breaks and returns its end.
func (s *Scanner) skipLineBreaks() int {
	src, off := s.src, s.off
	for off < len(src) && (src[off] == '\n' || src[off] == '\r') {
		off++
	}
	s.off = off
	s.lineStart = true
	return off
}

// atComment reports whether a comment or a directive starts at the
// current offset.
func (s *Scanner) atComment() bool {
	if s.off+1 >= len(s.src) {
		return false
	}
	c, c1 := s.src[s.off], s.src[s.off+1]
	return c == '/' && (c1 == '/' || c1 == '*') || c == '#' && s.lineStart && s.directiveAt() != ""
}

func (s *Scanner) scanComment(t *Token) {
	start := s.off
	if s.src[s.off+1] == '/' {
		src, off := s.src, s.off
		for off < len(src) && src[off] != '\n' && src[off] != '\r' {
			off++
		}
		s.off = off
	} else {
		s.off += 2
		for {
			if s.off+1 >= len(s.src) {
				s.off = len(s.src)
				s.error(start, start+2, "comment not terminated")
				break
			}
			if s.src[s.off] == '*' && s.src[s.off+1] == '/' {
				s.off += 2
				break
			}
			s.off++
		}
	}
	*t = s.tok(token.COMMENT, start)
}

func (s *Scanner) scanRightBrace(t *Token) {
	start := s.off
	s.off++
	if n := len(s.stack); n > 0 {
		top := s.stack[n-1]
		if top.brace {
			s.stack = s.stack[:n-1]
			*t = s.tok(token.RBRACE, start)
			return
		}
		if top.multiline {
			s.scanMultilineRest(t, start, false, top.dollars)
			return
		}
		s.scanStringRest(t, start, false)
		return
	}
	*t = s.tok(token.RBRACE, start)
}

func (s *Scanner) scanIllegalRune(t *Token) {
	start := s.off
	r, n := utf8.DecodeRune(s.src[s.off:])
	s.off += n
	if r == utf8.RuneError && n == 1 {
		s.error(start, s.off, "invalid UTF-8 encoding")
	} else {
		s.errorf(start, s.off, "illegal character %U %q", r, r)
	}
	*t = s.tok(token.ILLEGAL, start)
}

// operators maps the first byte of an operator to its one-byte token; the
// longer operators are handled in scanOperator.
var operators = [128]token.Token{
	'(': token.LPAREN, ')': token.RPAREN, '[': token.LBRACK, ']': token.RBRACK,
	'@': token.AT, ',': token.COMMA, '.': token.PERIOD, '?': token.QUESTION,
	':': token.COLON, ';': token.SEMI, '+': token.ADD, '-': token.SUB,
	'*': token.MUL, '/': token.QUO, '%': token.REM, '^': token.HAT,
	'!': token.NOT, '<': token.LSS, '>': token.GTR, '=': token.ASSIGN,
	'|': token.PIPE,
}

// singleOperators maps the bytes that are a whole operator by
// themselves, never the start of a longer one, to their token.
var singleOperators = func() (t [256]token.Token) {
	for _, c := range "()[]@,;+-*/%^" {
		t[c] = operators[c]
	}
	return t
}()

func (s *Scanner) scanOperator(t *Token) {
	start := s.off
	c := s.src[s.off]
	if k := singleOperators[c]; k != token.ILLEGAL {
		s.off++
		*t = Token{Kind: k, Pos: token.Pos(start), End: token.Pos(start + 1)}
		return
	}
	if k, n := longOperator(c, s.peekByte(1), s.peekByte(2)); n > 0 {
		s.off += n
		*t = s.tok(k, start)
		return
	}
	s.off++
	if k := operators[c]; k != token.ILLEGAL {
		*t = s.tok(k, start)
		return
	}
	if c == '"' {
		s.error(start, s.off, `illegal character '"'; Bicep strings use single quotes`)
	} else {
		s.errorf(start, s.off, "illegal character %U %q", rune(c), rune(c))
	}
	*t = s.tok(token.ILLEGAL, start)
}

// longOperator returns the operator of two or three bytes that starts
// with c, c1, c2, and its length; or length 0.
func longOperator(c, c1, c2 byte) (token.Token, int) {
	switch c {
	case '.':
		if c1 == '.' && c2 == '.' {
			return token.ELLIPSIS, 3
		}
	case '?':
		return pair(c1 == '?', token.COALESCE)
	case ':':
		return pair(c1 == ':', token.DCOLON)
	case '&':
		return pair(c1 == '&', token.LAND)
	case '|':
		return pair(c1 == '|', token.LOR)
	case '<':
		return pair(c1 == '=', token.LEQ)
	case '>':
		return pair(c1 == '=', token.GEQ)
	case '!':
		if c1 == '~' {
			return token.NEQI, 2
		}
		return pair(c1 == '=', token.NEQ)
	case '=':
		switch c1 {
		case '=':
			return token.EQL, 2
		case '~':
			return token.EQLI, 2
		case '>':
			return token.ARROW, 2
		}
	}
	return token.ILLEGAL, 0
}

// pair returns the two-byte operator k when ok.
func pair(ok bool, k token.Token) (token.Token, int) {
	if ok {
		return k, 2
	}
	return token.ILLEGAL, 0
}

func hasPrefixAt(src []byte, off int, prefix string) bool {
	return len(src)-off >= len(prefix) && string(src[off:off+len(prefix)]) == prefix
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
