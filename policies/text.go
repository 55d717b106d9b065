package policies

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Stop tables: the bytes at which text and attribute scanning must look
// closer. Everything else is copied as is, so the inner loops stay tight.
var (
	textStop      = stopTable("<&@\r")
	dquoteStop    = stopTable("\"<&\t\n\r")
	squoteStop    = stopTable("'<&\t\n\r")
	expressionTag = [256]bool{'(': true, '{': true}
)

func stopTable(chars string) (t [256]bool) {
	for i := 0; i < len(chars); i++ {
		t[chars[i]] = true
	}
	return t
}

// isExprStart reports whether a rawxml expression starts at i.
func (p *parser) isExprStart(i int) bool {
	return p.raw && i+1 < len(p.src) && p.src[i] == '@' && expressionTag[p.src[i+1]]
}

// skipExpr returns the end of the rawxml expression at i; when the input
// ends first it reports the expression as unterminated and returns -1.
func (p *parser) skipExpr(i int) int {
	refs := len(p.doc.ExprEntities)
	end := p.expr.skipExpr(i)
	if end < 0 {
		// References met while scanning to the end are not in the
		// expression.
		p.doc.ExprEntities = p.doc.ExprEntities[:refs]
		closer := ")"
		if p.src[i+1] == '{' {
			closer = "}"
		}
		p.errorAt(i, i+2, "unterminated expression: expected %q to close %q, found end of input",
			closer, p.src[i:i+2])
	}
	return end
}

// textExprEnd guesses where an unbalanced expression in the text of the
// innermost element ends: at that element's end tag. It returns -1 when
// there is none.
func (p *parser) textExprEnd(i int) int {
	k := strings.Index(p.src[i:], "</"+p.stack[len(p.stack)-1].el.Name)
	if k < 0 {
		return -1
	}
	return i + k
}

// attrExprEnd guesses where an unbalanced expression in the attribute
// value quoted at q ends: at a quote that closes the start tag. It returns
// the offset of that quote, or -1.
func (p *parser) attrExprEnd(q int) int {
	for i := q + 1; i < len(p.src); i++ {
		if p.src[i] != p.src[q] {
			continue
		}
		j := p.skipSpace(i + 1)
		if hasPrefixAt(p.src, j, ">") || hasPrefixAt(p.src, j, "/>") {
			return i
		}
	}
	return -1
}

// decoder builds a decoded copy of src[start:] only once something has to
// change; until then the result is a substring and costs nothing.
type decoder struct {
	p      *parser
	copied int // src[copied:] is not yet in buf
	active bool
}

// replace puts s in place of src[from:to].
func (d *decoder) replace(from, to int, s string) {
	if !d.active {
		d.p.buf = d.p.buf[:0]
		d.active = true
	}
	d.p.buf = append(d.p.buf, d.p.src[d.copied:from]...)
	d.p.buf = append(d.p.buf, s...)
	d.copied = to
}

// result returns the decoded form of src[start:end].
func (d *decoder) result(start, end int) string {
	if !d.active {
		return d.p.src[start:end]
	}
	d.p.buf = append(d.p.buf, d.p.src[d.copied:end]...)
	return string(d.p.buf)
}

// charData reads text up to the next "<".
func (p *parser) charData() {
	if len(p.stack) == 0 {
		p.outsideText()
		return
	}
	src := p.src
	start := p.pos
	d := decoder{p: p, copied: start}
	i := start
	for i < len(src) {
		c := src[i]
		if !textStop[c] {
			i++
			continue
		}
		switch c {
		case '<':
			p.textRun(start, i, d.result(start, i))
			p.pos = i
			return
		case '&':
			s, n := p.entity(i)
			d.replace(i, i+n, s)
			i += n
		case '\r':
			n := 1
			if hasPrefixAt(src, i+1, "\n") {
				n = 2
			}
			d.replace(i, i+n, "\n")
			i += n
		case '@':
			if !p.isExprStart(i) {
				i++
				continue
			}
			end := p.skipExpr(i)
			if end < 0 {
				end = p.textExprEnd(i)
			}
			if end < 0 {
				p.stop = true
				return
			}
			i = end
		}
	}
	p.textRun(start, i, d.result(start, i))
	p.pos = i
}

// outsideText skips white space outside the root; anything else there is
// an error.
func (p *parser) outsideText() {
	i := p.skipSpace(p.pos)
	if i < len(p.src) && p.src[i] != '<' {
		p.outside(i, i+1, p.found(i))
		return
	}
	p.pos = i
}

// textRun adds text written at [from, to), decoded, to the innermost
// element.
func (p *parser) textRun(from, to int, decoded string) {
	if trimSpace(decoded) == "" {
		p.stack[len(p.stack)-1].text.blank(decoded)
		return
	}
	for from < to && isSpace(p.src[from]) {
		from++
	}
	for to > from && isSpace(p.src[to-1]) {
		to--
	}
	p.stack[len(p.stack)-1].text.add(decoded, from, to)
}

// textAcc joins the text of one element: Element.Text is its trimmed
// result. Most elements have one run of text or none, which costs nothing;
// only a second run, blank or not, starts a buffer. Blank runs before any
// text are dropped, as trimming would drop them.
type textAcc struct {
	first  string // the first non-blank run
	joined []byte // first and every later run, once there is a second
	lo, hi int    // text offsets of the trimmed text
	some   bool
}

func (t *textAcc) blank(s string) {
	if t.some {
		t.join(s)
	}
}

func (t *textAcc) add(s string, lo, hi int) {
	if !t.some {
		t.first, t.lo, t.some = s, lo, true
	} else {
		t.join(s)
	}
	t.hi = hi
}

func (t *textAcc) join(s string) {
	if t.joined == nil {
		t.joined = append(make([]byte, 0, 2*(len(t.first)+len(s))), t.first...)
	}
	t.joined = append(t.joined, s...)
}

func (t *textAcc) finish(p *parser, el *Element) {
	if !t.some {
		return
	}
	if t.joined != nil {
		el.Text = trimSpace(string(t.joined))
	} else {
		el.Text = trimSpace(t.first)
	}
	el.TextLoc = p.loc(t.lo, t.hi)
	el.TextExpr = IsExpression(el.Text)
}

// attrValue is the result of reading an attribute value.
type attrValue struct {
	value string
	end   int // offset of the closing quote
}

// attrValue reads the value whose opening quote is at q. In rawxml a
// value that starts with an expression is taken verbatim up to the
// expression's closing bracket, whatever quotes and "<" it holds; the rest
// follows XML rules.
func (p *parser) attrValue(q int, name string) (attrValue, bool) {
	src := p.src
	stop := &dquoteStop
	if src[q] == '\'' {
		stop = &squoteStop
	}
	start := q + 1
	i := start
	if p.isExprStart(i) {
		p.inAttr = name
		end := p.skipExpr(i)
		p.inAttr = ""
		if end < 0 {
			// The rest of the value cannot be read reliably: take it
			// verbatim up to the most likely closing quote.
			if end = p.attrExprEnd(q); end < 0 {
				p.stop = true
				return attrValue{}, false
			}
			return attrValue{value: src[start:end], end: end}, true
		}
		i = end
	}
	d := decoder{p: p, copied: start}
	for i < len(src) {
		c := src[i]
		if !stop[c] {
			i++
			continue
		}
		switch c {
		case src[q]:
			return attrValue{value: d.result(start, i), end: i}, true
		case '<':
			p.errorAt(i, i+1, `unescaped "<" in the value of attribute %q`, name)
			i++
		case '&':
			s, n := p.entity(i)
			d.replace(i, i+n, s)
			i += n
		case '\r':
			// XML turns every line end and tab in a value into a space.
			n := 1
			if hasPrefixAt(src, i+1, "\n") {
				n = 2
			}
			d.replace(i, i+n, " ")
			i += n
		case '\t', '\n':
			d.replace(i, i+1, " ")
			i++
		default:
			i++
		}
	}
	closer := `'"'`
	if src[q] == '\'' {
		closer = `"'"`
	}
	p.fatalAt(q, q+1, "unterminated value of attribute %q: expected %s, found end of input", name, closer)
	return attrValue{}, false
}

// entity decodes the reference at src[i] == '&' and returns its value and
// length. A malformed reference is reported and read as written.
func (p *parser) entity(i int) (string, int) {
	src := p.src
	n := entityRefLen(src, i)
	if n == 0 {
		return p.badEntity(i)
	}
	ref := src[i : i+n]
	if ref[1] != '#' {
		for _, e := range predefined {
			if ref[1:] == e.ref {
				return e.value, n
			}
		}
	}
	digits, base := ref[2:n-1], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	v, err := strconv.ParseUint(digits, base, 32)
	if err != nil || !isXMLChar(rune(v)) {
		p.errorAt(i, i+n, "invalid character reference %q", ref)
		return ref, n
	}
	return string(rune(v)), n
}

// badEntity reports an "&" that starts no predefined or character
// reference.
func (p *parser) badEntity(i int) (string, int) {
	if end := p.nameEnd(i + 1); end > i+1 && hasPrefixAt(p.src, end, ";") {
		p.errorAt(i, end+1, "undefined entity %q", p.src[i:end+1])
		return p.src[i : end+1], end + 1 - i
	}
	p.errorAt(i, i+1, `expected entity reference after "&", found %s (write "&" as "&amp;")`, p.found(i+1))
	return "&", 1
}

// isXMLChar reports whether XML 1.0 allows r in a document.
func isXMLChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xa || r == 0xd:
		return true
	case r < 0x20:
		return false
	case 0xd800 <= r && r <= 0xdfff, r == 0xfffe, r == 0xffff:
		return false
	}
	return r <= utf8.MaxRune
}
