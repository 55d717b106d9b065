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
	for {
		s.skipWhitespace()
		if s.off >= len(s.src) {
			return Token{Kind: token.EOF, Pos: token.Pos(len(s.src)), End: token.Pos(len(s.src))}
		}
		t := s.scanToken()
		if (t.Kind == token.COMMENT || t.Kind == token.DIRECTIVE) && s.mode&ScanComments == 0 {
			s.Comments = append(s.Comments, t)
			continue
		}
		return t
	}
}

func (s *Scanner) skipWhitespace() {
	for s.off < len(s.src) && (s.src[s.off] == ' ' || s.src[s.off] == '\t') {
		s.off++
	}
}

func (s *Scanner) scanToken() Token {
	start := s.off
	c := s.src[s.off]
	wasLineStart := s.lineStart
	s.lineStart = false
	switch {
	case isLetter(c):
		return s.scanIdentifier()
	case isDigit(c):
		return s.scanNumber()
	case c == '\n' || c == '\r':
		return s.scanNewline()
	case c == '\'':
		return s.scanQuote()
	case c == '$':
		return s.scanDollar()
	case c == '#' && wasLineStart && s.directiveAt() != "":
		return s.scanDirective(s.directiveAt())
	case c == '/' && (s.peekByte(1) == '/' || s.peekByte(1) == '*'):
		return s.scanComment()
	case c == '{':
		s.off++
		if len(s.stack) > 0 {
			s.stack = append(s.stack, frame{brace: true})
		}
		return s.tok(token.LBRACE, start)
	case c == '}':
		return s.scanRightBrace()
	case c >= utf8.RuneSelf:
		return s.scanIllegalRune()
	}
	return s.scanOperator()
}

// Text returns the source text of a token scanned by s.
func (s *Scanner) Text(t Token) string { return string(s.src[t.Pos:t.End]) }

// tok makes a token of kind k from start to the current offset.
func (s *Scanner) tok(k token.Token, start int) Token {
	return Token{Kind: k, Pos: token.Pos(start), End: token.Pos(s.off)}
}

func (s *Scanner) scanIdentifier() Token {
	start := s.off
	for s.off < len(s.src) && (isLetter(s.src[s.off]) || isDigit(s.src[s.off])) {
		s.off++
	}
	kind := token.IDENT
	if n := s.off - start; n == 4 || n == 5 {
		kind = token.Lookup(string(s.src[start:s.off]))
	}
	if kind == token.IDENT && s.off-start > MaxIdentifierLength {
		s.errorf(start, s.off, "identifier longer than %d characters", MaxIdentifierLength)
	}
	return s.tok(kind, start)
}

func (s *Scanner) scanNumber() Token {
	start := s.off
	for s.off < len(s.src) && isDigit(s.src[s.off]) {
		s.off++
	}
	return s.tok(token.INT, start)
}

// scanNewline returns a NEWLINE for a run of line breaks (see
// ScanComments for what the run takes in). A line break inside an
// interpolation hole ends the string instead: the string is reported
// unterminated and an empty STRING_TAIL closes it, so the parser can
// finish the string and carry on with the next line.
func (s *Scanner) scanNewline() Token {
	start := s.off
	if len(s.stack) > 0 {
		s.error(start, start, "string literal not terminated")
		s.stack = s.stack[:0]
		t := s.tok(token.STRING_TAIL, start)
		t.Str = StringPiece{Start: token.Pos(start), End: token.Pos(start)}
		return t
	}
	end := s.skipLineBreaks()
	for {
		s.skipWhitespace()
		switch {
		case s.off < len(s.src) && (s.src[s.off] == '\n' || s.src[s.off] == '\r'):
			end = s.skipLineBreaks()
		case s.mode&ScanComments == 0 && s.atComment():
			s.Comments = append(s.Comments, s.scanToken())
		default:
			return Token{Kind: token.NEWLINE, Pos: token.Pos(start), End: token.Pos(end)}
		}
	}
}

// skipLineBreaks moves past a run of line breaks and returns its end.
func (s *Scanner) skipLineBreaks() int {
	for s.off < len(s.src) && (s.src[s.off] == '\n' || s.src[s.off] == '\r') {
		s.off++
	}
	s.lineStart = true
	return s.off
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

func (s *Scanner) scanComment() Token {
	start := s.off
	if s.src[s.off+1] == '/' {
		for s.off < len(s.src) && s.src[s.off] != '\n' && s.src[s.off] != '\r' {
			s.off++
		}
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
	return s.tok(token.COMMENT, start)
}

func (s *Scanner) scanRightBrace() Token {
	start := s.off
	s.off++
	if n := len(s.stack); n > 0 {
		top := s.stack[n-1]
		if top.brace {
			s.stack = s.stack[:n-1]
			return s.tok(token.RBRACE, start)
		}
		if top.multiline {
			return s.scanMultilineRest(start, false, top.dollars)
		}
		return s.scanStringRest(start, false)
	}
	return s.tok(token.RBRACE, start)
}

func (s *Scanner) scanIllegalRune() Token {
	start := s.off
	r, n := utf8.DecodeRune(s.src[s.off:])
	s.off += n
	if r == utf8.RuneError && n == 1 {
		s.error(start, s.off, "invalid UTF-8 encoding")
	} else {
		s.errorf(start, s.off, "illegal character %U %q", r, r)
	}
	return s.tok(token.ILLEGAL, start)
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

func (s *Scanner) scanOperator() Token {
	start := s.off
	c := s.src[s.off]
	if k, n := longOperator(c, s.peekByte(1), s.peekByte(2)); n > 0 {
		s.off += n
		return s.tok(k, start)
	}
	s.off++
	if k := operators[c]; k != token.ILLEGAL {
		return s.tok(k, start)
	}
	if c == '"' {
		s.error(start, s.off, `illegal character '"'; Bicep strings use single quotes`)
	} else {
		s.errorf(start, s.off, "illegal character %U %q", rune(c), rune(c))
	}
	return s.tok(token.ILLEGAL, start)
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
