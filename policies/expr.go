package policies

// The balancer finds where a policy expression ends. APIM's rawxml format
// leaves the C# inside "@(...)" and "@{...}" unescaped, so the end is the
// bracket that balances the opening one, with C# string and character
// literals and comments skipped: their brackets and quotes do not count.
//
// It keeps an explicit stack (interpolated strings nest inside their holes)
// instead of recursing, so hostile input cannot exhaust the goroutine stack.

// csKind is what the balancer is inside of.
type csKind uint8

const (
	csCode           csKind = iota // C# code; depth counts open brackets
	csHole                         // code inside an interpolation hole "{...}"
	csFormat                       // the format part of a hole, after ":"
	csInterp                       // $"..." text
	csInterpVerbatim               // $@"..." or @$"..." text
)

type csFrame struct {
	kind  csKind
	depth int
}

// exprScan holds the state of one balancer run; entity is called for each
// syntactically valid entity or character reference met on the way.
type exprScan struct {
	src    string
	stack  []csFrame
	entity func(start, end int)
}

// skipExpr returns the offset just past the bracket that closes the
// expression starting with "@(" or "@{" at i, or -1 when the input ends
// first.
func (s *exprScan) skipExpr(i int) int {
	s.stack = append(s.stack[:0], csFrame{kind: csCode, depth: 1})
	for i += 2; i < len(s.src); {
		top := &s.stack[len(s.stack)-1]
		var done bool
		switch top.kind {
		case csCode, csHole:
			i, done = s.code(i, top)
		case csFormat:
			i = s.format(i)
		default:
			i = s.interp(i, top.kind == csInterpVerbatim)
		}
		if done {
			return i
		}
		if i < 0 {
			return -1
		}
	}
	return -1
}

// codeStop marks the bytes that mean something to the balancer in code.
var codeStop = stopTable("()[]{}:\"'/@$&")

// code steps over one token of C# code. It reports done when the bracket
// that opened the expression has just been passed.
func (s *exprScan) code(i int, top *csFrame) (int, bool) {
	src := s.src
	for i < len(src) && !codeStop[src[i]] {
		i++
	}
	if i == len(src) {
		return i, false
	}
	switch c := src[i]; c {
	case '(', '[', '{':
		top.depth++
	case ')', ']', '}':
		if top.kind == csHole && top.depth == 0 {
			if c == '}' {
				s.pop()
			}
			return i + 1, false
		}
		top.depth--
		if top.kind == csCode && top.depth == 0 {
			return i + 1, true
		}
	case ':':
		// In a hole, a colon outside brackets starts the format
		// specifier ("{when:yyyy-MM-dd}"); C# requires a conditional
		// operator there to be parenthesized.
		if top.kind == csHole && top.depth == 0 {
			top.kind = csFormat
		}
	case '"':
		return s.regularString(i + 1), false
	case '\'':
		return skipCharLiteral(src, i), false
	case '/':
		return skipComment(src, i), false
	case '@':
		return s.at(i), false
	case '$':
		return s.dollar(i), false
	case '&':
		return s.ref(i), false
	}
	return i + 1, false
}

// at handles "@" in code: a verbatim string @"...", an interpolated
// verbatim string @$"...", or a verbatim identifier such as @class.
func (s *exprScan) at(i int) int {
	if hasPrefixAt(s.src, i+1, `"`) {
		return s.verbatimString(i + 2)
	}
	if hasPrefixAt(s.src, i+1, `$"`) {
		s.stack = append(s.stack, csFrame{kind: csInterpVerbatim})
		return i + 3
	}
	return i + 1
}

// dollar handles "$" in code: $"..." or $@"...".
func (s *exprScan) dollar(i int) int {
	if hasPrefixAt(s.src, i+1, `"`) {
		s.stack = append(s.stack, csFrame{kind: csInterp})
		return i + 2
	}
	if hasPrefixAt(s.src, i+1, `@"`) {
		s.stack = append(s.stack, csFrame{kind: csInterpVerbatim})
		return i + 3
	}
	return i + 1
}

// interpStop marks the bytes that mean something in interpolated text.
var interpStop = stopTable("{}\"\\\n\r&")

// interp steps over one character of interpolated-string text.
func (s *exprScan) interp(i int, verbatim bool) int {
	src := s.src
	for i < len(src) && !interpStop[src[i]] {
		i++
	}
	if i == len(src) {
		return i
	}
	switch src[i] {
	case '{':
		if hasPrefixAt(src, i+1, "{") {
			return i + 2
		}
		s.stack = append(s.stack, csFrame{kind: csHole})
	case '}':
		if hasPrefixAt(src, i+1, "}") {
			return i + 2
		}
	case '"':
		if verbatim && hasPrefixAt(src, i+1, `"`) {
			return i + 2
		}
		s.pop()
	case '\\':
		if !verbatim {
			return i + 2
		}
	case '\n', '\r':
		// A regular string cannot span lines; ending it here keeps one
		// unterminated string from swallowing the rest of the document.
		if !verbatim {
			s.pop()
		}
	case '&':
		return s.ref(i)
	}
	return i + 1
}

// format steps over one character of a hole's format specifier, which
// runs to the "}" that closes the hole.
func (s *exprScan) format(i int) int {
	switch s.src[i] {
	case '}':
		s.pop()
	case '"', '\n', '\r':
		// The specifier cannot hold these: the hole is over, and the
		// string text decides what the character means.
		s.pop()
		return i
	}
	return i + 1
}

func (s *exprScan) pop() {
	if len(s.stack) > 1 {
		s.stack = s.stack[:len(s.stack)-1]
	}
}

// ref reports an entity reference at i, if one is written there.
func (s *exprScan) ref(i int) int {
	n := entityRefLen(s.src, i)
	if n == 0 {
		return i + 1
	}
	if s.entity != nil {
		s.entity(i, i+n)
	}
	return i + n
}

// regularString returns the offset after the "..." string whose text
// starts at i. The string also ends at a line break, as C# requires.
func (s *exprScan) regularString(i int) int {
	src := s.src
	for i < len(src) {
		switch src[i] {
		case '"':
			return i + 1
		case '\\':
			i += 2
			continue
		case '\n', '\r':
			return i
		case '&':
			i = s.ref(i)
			continue
		}
		i++
	}
	return len(src)
}

// verbatimString returns the offset after the @"..." string whose text
// starts at i; "" is an escaped quote.
func (s *exprScan) verbatimString(i int) int {
	src := s.src
	for i < len(src) {
		switch src[i] {
		case '"':
			if !hasPrefixAt(src, i+1, `"`) {
				return i + 1
			}
			i++
		case '&':
			i = s.ref(i)
			continue
		}
		i++
	}
	return len(src)
}

// maxCharLiteral is the longest C# character literal: '\U0001F600'.
const maxCharLiteral = 12

// skipCharLiteral returns the offset after the character literal at i. A
// quote with no closing quote close by is taken as a lone character, so a
// stray apostrophe cannot hide the rest of the expression.
func skipCharLiteral(src string, i int) int {
	j := i + 1
	if hasPrefixAt(src, j, `\`) {
		j += 2
	} else if j < len(src) {
		j++
	}
	for ; j < len(src) && j-i < maxCharLiteral; j++ {
		switch src[j] {
		case '\'':
			return j + 1
		case '\n', '\r':
			return i + 1
		}
	}
	return i + 1
}

// skipComment returns the offset after a // or /* */ comment at i, or i+1
// when "/" is a division. An unterminated /* comment runs to the end.
func skipComment(src string, i int) int {
	switch {
	case hasPrefixAt(src, i+1, "/"):
		for i += 2; i < len(src) && src[i] != '\n' && src[i] != '\r'; i++ {
		}
		return i
	case hasPrefixAt(src, i+1, "*"):
		for i += 2; i < len(src); i++ {
			if src[i] == '*' && hasPrefixAt(src, i+1, "/") {
				return i + 2
			}
		}
		return len(src)
	}
	return i + 1
}

func hasPrefixAt(s string, i int, prefix string) bool {
	return i <= len(s) && len(s)-i >= len(prefix) && s[i:i+len(prefix)] == prefix
}

// entityRefLen returns the length of a predefined entity or character
// reference at src[i] == '&', or 0 when none is written there.
func entityRefLen(src string, i int) int {
	j := i + 1
	if hasPrefixAt(src, j, "#") {
		j++
		hex := hasPrefixAt(src, j, "x")
		if hex {
			j++
		}
		k := j
		for k < len(src) && isDigit(src[k], hex) {
			k++
		}
		if k == j || !hasPrefixAt(src, k, ";") {
			return 0
		}
		return k + 1 - i
	}
	for _, name := range predefined {
		if hasPrefixAt(src, j, name.ref) {
			return len(name.ref) + 1
		}
	}
	return 0
}

func isDigit(c byte, hex bool) bool {
	return '0' <= c && c <= '9' || hex && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')
}

// predefined lists XML's five predefined entities, written without "&".
var predefined = [...]struct{ ref, value string }{
	{"lt;", "<"}, {"gt;", ">"}, {"amp;", "&"}, {"quot;", `"`}, {"apos;", "'"},
}
