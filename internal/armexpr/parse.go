// Package armexpr parses and evaluates the expression language of Azure
// Resource Manager templates: JSON strings such as
// "[concat(parameters('apim'), '/policy')]".
//
// A JSON string is an expression when it starts with '[' and ends with ']',
// unless it starts with "[[", which escapes a literal string that starts with
// '[' (the first bracket is dropped). Inside, single quotes delimit string
// literals (” is a quote), function names are case-insensitive, and a call
// may be followed by property access (.name) and indexing ([0], ['key']).
//
// Evaluation computes what can be known before deployment and represents the
// rest as unknown values (see package value) that remember their expression,
// so that rules never judge a value they cannot see. Every error carries the
// position in the file of the part of the expression at fault, found through
// the string's source.Text.
//
// Where results come from: a string literal keeps the location where it is
// written; a parameter or variable is returned as the environment holds it;
// everything a function computes is reported at the whole JSON string, and
// strings joined from pieces (concat, format, replace, join, padLeft,
// substring, split, ...) carry a source.Text mapping each piece back to where
// it was written.
//
// Known limits: string lengths and indexes count characters where ARM counts
// UTF-16 code units (they differ only beyond the Basic Multilingual Plane);
// format() supports {n}, {n,width} and the D, X, N and F specifiers, and
// leaves other specifiers unknown; functions this package does not know,
// including user-defined ones, evaluate to unknown values without an error;
// strings longer than MaxStringLength are not built.
package armexpr

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// MaxNesting bounds how deeply calls, property accesses and indexes may nest
// in one expression; ARM's own limit on expression length (24,576
// characters) makes deeper expressions unrealistic.
const MaxNesting = 200

// Error is a problem in an expression: a syntax error, or an evaluation
// error such as a wrong argument count or an undeclared parameter.
type Error struct {
	Loc source.Location
	Msg string
}

// Error formats the problem as path:line:col: message.
func (e *Error) Error() string {
	return e.Loc.String() + ": " + e.Msg
}

// Span is a range of byte offsets in an expression's source; End is
// exclusive.
type Span struct {
	Start, End int
}

// Node is a node of the syntax tree.
type Node interface {
	// Span is where the node is written in Expression.Src.
	Span() Span
}

// String is a string literal.
type String struct {
	Sp    Span
	Value string
	// Text maps Value to the file; a quote written as '' maps to the pair.
	Text *source.Text
}

// Number is an integer literal, or a decimal one (which ARM rejects in
// most places but json() and Bicep output can produce).
type Number struct {
	Sp    Span
	Value float64
}

// Call is a function call. Name is as written; namespaced user-defined
// functions have a dotted name such as "contoso.uniqueName".
type Call struct {
	Sp       Span
	Name     string
	NameSpan Span
	Args     []Node
}

// Property is a property access x.name.
type Property struct {
	Sp       Span
	X        Node
	Name     string
	NameSpan Span
}

// Index is an index access x[i] or x['key'].
type Index struct {
	Sp    Span
	X     Node
	Index Node
}

// Span returns where the literal is written, quotes included.
func (n *String) Span() Span { return n.Sp }

// Span returns where the number is written.
func (n *Number) Span() Span { return n.Sp }

// Span returns where the call is written, from its name to ')'.
func (n *Call) Span() Span { return n.Sp }

// Span returns where the access is written, from its object to the name.
func (n *Property) Span() Span { return n.Sp }

// Span returns where the access is written, from its object to ']'.
func (n *Index) Span() Span { return n.Sp }

// Expression is a parsed expression string.
type Expression struct {
	// Src is the whole JSON string value, brackets included.
	Src string
	// Text maps Src to the file.
	Text *source.Text
	// Loc is where the JSON string is written; results of function calls
	// are reported there.
	Loc  source.Location
	Root Node
}

// Source returns the text of n as written.
func (e *Expression) Source(n Node) string {
	sp := n.Span()
	return e.Src[sp.Start:sp.End]
}

// Location returns where the span is written in the file.
func (e *Expression) Location(sp Span) source.Location {
	return e.Text.Location(sp.Start, sp.End)
}

// IsExpression reports whether a JSON string is an expression: it starts
// with '[' and ends with ']' but does not start with "[[".
func IsExpression(s string) bool {
	return len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' && s[1] != '['
}

// IsEscaped reports whether a JSON string is a literal that escapes its
// leading bracket: it starts with "[[" and ends with ']'. The literal is the
// string without its first character.
func IsEscaped(s string) bool {
	return len(s) >= 3 && s[0] == '[' && s[1] == '[' && s[len(s)-1] == ']'
}

// Parse parses a JSON string value that IsExpression accepts.
func Parse(v *value.Value) (*Expression, *Error) {
	return ParseText(v.AsText(), v.Loc)
}

// ParseText parses an expression string, brackets included, that is
// written at loc and mapped to the file by t.
func ParseText(t *source.Text, loc source.Location) (*Expression, *Error) {
	e := &Expression{Src: t.Value, Text: t, Loc: loc}
	if !IsExpression(e.Src) {
		return nil, &Error{Loc: loc, Msg: "not an expression: it must start with '[' and end with ']'"}
	}
	p := &parser{e: e, src: e.Src, off: 1, end: len(e.Src) - 1}
	p.skipSpace()
	if p.off >= p.end {
		return nil, p.errorf(Span{0, len(e.Src)}, "empty expression")
	}
	root := p.expr()
	if p.err != nil {
		return nil, p.err
	}
	p.skipSpace()
	if p.off < p.end {
		return nil, p.errorf(p.tokenSpan(), "expected end of expression, found %s", p.describe())
	}
	e.Root = root
	return e, nil
}

// parser is a recursive-descent parser over e.Src[off:end]; it stops at the
// first error.
type parser struct {
	e     *Expression
	src   string
	off   int
	end   int // the offset of the closing ']'
	depth int
	err   *Error
}

func (p *parser) errorf(sp Span, format string, args ...any) *Error {
	if p.err == nil {
		p.err = &Error{Loc: p.e.Location(sp), Msg: fmt.Sprintf(format, args...)}
	}
	return p.err
}

func (p *parser) skipSpace() {
	for p.off < p.end {
		switch p.src[p.off] {
		case ' ', '\t', '\n', '\r':
			p.off++
		default:
			return
		}
	}
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isIdentPart(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// tokenSpan is the span of the token at p.off, for error messages.
func (p *parser) tokenSpan() Span {
	if p.off >= p.end {
		return Span{p.end, p.end + 1}
	}
	i := p.off
	switch c := p.src[i]; {
	case isIdentPart(c):
		for i < p.end && isIdentPart(p.src[i]) {
			i++
		}
	case c == '\'':
		i++
		for i < p.end && p.src[i] != '\'' {
			i++
		}
		i = min(i+1, p.end)
	default:
		i++
		for i < p.end && p.src[i] >= 0x80 && p.src[i] < 0xc0 {
			i++ // the rest of a multi-byte character
		}
	}
	return Span{p.off, i}
}

// describe names the token at p.off for an error message.
func (p *parser) describe() string {
	if p.off >= p.end {
		return "end of expression"
	}
	sp := p.tokenSpan()
	tok := p.src[sp.Start:sp.End]
	switch c := tok[0]; {
	case isIdentStart(c):
		return "name " + tok
	case isDigit(c):
		return "number " + tok
	case c == '\'':
		if len(tok) > 40 {
			tok = tok[:37] + "..."
		}
		return "string " + tok
	}
	return "'" + tok + "'"
}

// expr reads a primary expression followed by any property and index
// accesses.
func (p *parser) expr() Node {
	if p.depth >= MaxNesting {
		p.errorf(p.tokenSpan(), "expression nested deeper than %d levels", MaxNesting)
		return nil
	}
	base := p.depth
	p.depth++
	defer func() { p.depth = base }()

	p.skipSpace()
	x := p.primary()
	for p.err == nil {
		p.skipSpace()
		if p.off >= p.end {
			return x
		}
		if c := p.src[p.off]; (c == '.' || c == '[') && p.depth >= MaxNesting {
			// Each access wraps the expression before it: a chain of
			// them nests as deeply as calls do, and is evaluated so.
			p.errorf(p.tokenSpan(), "expression nested deeper than %d levels", MaxNesting)
			return nil
		}
		switch p.src[p.off] {
		case '.':
			p.depth++
			p.off++
			p.skipSpace()
			start := p.off
			for p.off < p.end && isIdentPart(p.src[p.off]) {
				p.off++
			}
			if p.off == start {
				p.errorf(p.tokenSpan(), "expected a property name after '.', found %s", p.describe())
				return nil
			}
			x = &Property{Sp: Span{x.Span().Start, p.off}, X: x, Name: p.src[start:p.off],
				NameSpan: Span{start, p.off}}
		case '[':
			p.depth++
			open := p.off
			p.off++
			i := p.expr()
			if p.err != nil {
				return nil
			}
			p.skipSpace()
			if p.off >= p.end || p.src[p.off] != ']' {
				p.errorf(p.tokenSpan(), "expected ']' to close the index opened at column %d, found %s",
					p.e.Location(Span{open, open + 1}).Start.Column, p.describe())
				return nil
			}
			p.off++
			x = &Index{Sp: Span{x.Span().Start, p.off}, X: x, Index: i}
		default:
			return x
		}
	}
	return nil
}

// primary reads a string, a number or a call.
func (p *parser) primary() Node {
	if p.off >= p.end {
		p.errorf(p.tokenSpan(), "expected a value, found end of expression")
		return nil
	}
	c := p.src[p.off]
	switch {
	case c == '\'':
		return p.str()
	case isDigit(c) || c == '-' && p.off+1 < p.end && isDigit(p.src[p.off+1]):
		return p.number()
	case isIdentStart(c):
		return p.call()
	}
	p.errorf(p.tokenSpan(), "expected a value, found %s", p.describe())
	return nil
}

// str reads a single-quoted string; ” stands for one quote.
func (p *parser) str() Node {
	start := p.off
	p.off++
	var b *source.TextBuilder // only for strings that hold ''
	from := p.off
	for {
		i := strings.IndexByte(p.src[p.off:p.end], '\'')
		if i < 0 {
			p.off = p.end
			p.errorf(Span{start, start + 1}, "string literal is not closed before the end of the expression")
			return nil
		}
		p.off += i
		if p.off+1 < p.end && p.src[p.off+1] == '\'' {
			if b == nil {
				b = source.NewTextBuilder(p.e.Loc)
			}
			b.AppendText(p.e.Text.Slice(from, p.off+1)) // up to and including one quote
			p.off += 2
			from = p.off
			continue
		}
		break
	}
	var t *source.Text
	if b == nil {
		t = p.e.Text.Slice(from, p.off)
	} else {
		b.AppendText(p.e.Text.Slice(from, p.off))
		t = b.Text()
	}
	p.off++
	t.Fallback = p.e.Location(Span{start, p.off})
	return &String{Sp: Span{start, p.off}, Value: t.Value, Text: t}
}

func (p *parser) number() Node {
	start := p.off
	if p.src[p.off] == '-' {
		p.off++
	}
	for p.off < p.end && isDigit(p.src[p.off]) {
		p.off++
	}
	if p.off+1 < p.end && p.src[p.off] == '.' && isDigit(p.src[p.off+1]) {
		p.off++
		for p.off < p.end && isDigit(p.src[p.off]) {
			p.off++
		}
	}
	if p.off < p.end && isIdentPart(p.src[p.off]) {
		p.errorf(p.tokenSpan(), "unexpected %s after number %s", p.describe(), p.src[start:p.off])
		return nil
	}
	n, err := strconv.ParseFloat(p.src[start:p.off], 64)
	if err != nil {
		p.errorf(Span{start, p.off}, "number %s is out of range", p.src[start:p.off])
		return nil
	}
	return &Number{Sp: Span{start, p.off}, Value: n}
}

// call reads a function name, optionally namespaced, and its arguments.
func (p *parser) call() Node {
	start := p.off
	for p.off < p.end && isIdentPart(p.src[p.off]) {
		p.off++
	}
	// A user-defined function is called as namespace.name(...).
	if p.off+1 < p.end && p.src[p.off] == '.' && isIdentStart(p.src[p.off+1]) {
		j := p.off + 1
		for j < p.end && isIdentPart(p.src[j]) {
			j++
		}
		k := j
		for k < p.end && (p.src[k] == ' ' || p.src[k] == '\t') {
			k++
		}
		if k < p.end && p.src[k] == '(' {
			p.off = j
		}
	}
	nameSpan := Span{start, p.off}
	name := p.src[start:p.off]
	p.skipSpace()
	if p.off >= p.end || p.src[p.off] != '(' {
		p.errorf(p.tokenSpan(), "expected '(' after the function name %s, found %s", name, p.describe())
		return nil
	}
	p.off++
	c := &Call{Name: name, NameSpan: nameSpan}
	p.skipSpace()
	if p.off < p.end && p.src[p.off] == ')' {
		p.off++
		c.Sp = Span{start, p.off}
		return c
	}
	for {
		arg := p.expr()
		if p.err != nil {
			return nil
		}
		c.Args = append(c.Args, arg)
		p.skipSpace()
		if p.off < p.end && p.src[p.off] == ',' {
			p.off++
			continue
		}
		if p.off < p.end && p.src[p.off] == ')' {
			p.off++
			c.Sp = Span{start, p.off}
			return c
		}
		p.errorf(p.tokenSpan(), "expected ',' or ')' in the call to %s, found %s", name, p.describe())
		if p.off >= p.end {
			p.err.Msg = fmt.Sprintf("expected ')' to close the call to %s, found end of expression", name)
		}
		return nil
	}
}
