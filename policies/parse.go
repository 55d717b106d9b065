package policies

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/apimlint/apimlint/internal/source"
)

// maxErrors bounds the errors reported for one document; after a few, the
// rest are mostly echoes of the first.
const maxErrors = 10

// Parse reads a policy document. It never panics: it returns the tree read
// so far together with the errors found, in file order. The first error is
// the one to report; later ones may be consequences of it.
//
// With Options.Format XML the text is read as strict XML; if that fails
// but rawxml rules read it without error, the rawxml tree is returned with
// no errors and Document.XMLFault set to the first strict-XML error.
func Parse(text *source.Text, opts Options) (*Document, []Error) {
	if text == nil {
		text = &source.Text{}
	}
	if opts.Format != XML {
		return parse(text, opts, true)
	}
	doc, errs := parse(text, opts, false)
	if len(errs) == 0 {
		return doc, nil
	}
	raw, rawErrs := parse(text, opts, true)
	if len(rawErrs) > 0 {
		raw.Release()
		return doc, errs
	}
	doc.Release()
	raw.XMLFault = &errs[0]
	return raw, nil
}

// parser reads one document in a single pass over the bytes. Open elements
// live on an explicit stack, so nesting depth costs heap, not goroutine
// stack.
type parser struct {
	src      string
	text     *source.Text
	pos      int
	raw      bool // rawxml rules: expressions are verbatim
	maxDepth int
	maxElems int
	doc      *Document
	stop     bool // a fatal error ended the parse

	errs    []Error
	errOffs []int // text offset of each error, for sorting

	stack       []frame
	kids        []*Element // children of the open elements, innermost last
	nextComment int        // the first comment in doc.Comments waiting for an element

	// The tree is carved out of chunks, so a document costs a few larger
	// allocations rather than several per element.
	elems    chunk[Element]
	comments chunk[Comment]
	attrs    chunk[Attr]
	children chunk[*Element]

	tagAttrs []Attr              // attributes of the start tag being read
	attrSet  map[string]struct{} // their names, when there are many

	expr   exprScan
	buf    []byte   // scratch space for decoding text and values
	inTag  *Element // element whose start tag is being read, for ExprEntities
	inAttr string   // attribute being read, for ExprEntities
}

// frame is an open element.
type frame struct {
	el    *Element
	start int // text offset of the start tag
	kids  int // where the element's children start in parser.kids
	text  textAcc
}

// scratch keeps parsers between calls: their stacks and buffers are
// reused, while everything a Document holds is allocated fresh.
var scratch = sync.Pool{New: func() any { return new(parser) }}

func parse(text *source.Text, opts Options, raw bool) (*Document, []Error) {
	p := scratch.Get().(*parser)
	defer p.release()
	*p = parser{
		src:      text.Value,
		text:     text,
		raw:      raw,
		maxDepth: opts.MaxDepth,
		maxElems: opts.MaxElements,
		doc:      &Document{Text: text, Format: XML},
		stack:    p.stack[:0],
		kids:     p.kids[:0],
		tagAttrs: p.tagAttrs[:0],
		attrSet:  p.attrSet,
		buf:      p.buf[:0],
		expr:     exprScan{stack: p.expr.stack[:0]},
	}
	if raw {
		p.doc.Format = Rawxml
	}
	if p.maxDepth <= 0 {
		p.maxDepth = DefaultMaxDepth
	}
	if p.maxElems <= 0 {
		p.maxElems = DefaultMaxElements
	}
	p.expr.src = p.src
	p.expr.entity = p.exprEntity
	p.reserve()
	p.run()
	p.keepArena()
	return p.doc, p.sortedErrors()
}

// maxScratch bounds the stacks kept for reuse; a deeply nested document
// should not pin its large stack for the life of the process.
const maxScratch = 1024

// release returns p to the pool without references into the document.
func (p *parser) release() {
	clear(p.stack[:cap(p.stack)])
	clear(p.kids[:cap(p.kids)])
	clear(p.tagAttrs[:cap(p.tagAttrs)])
	if cap(p.stack) > maxScratch || cap(p.kids) > maxScratch || cap(p.expr.stack) > maxScratch ||
		cap(p.tagAttrs) > maxScratch {
		return
	}
	clear(p.attrSet)
	*p = parser{
		stack: p.stack, kids: p.kids, tagAttrs: p.tagAttrs, attrSet: p.attrSet, buf: p.buf[:0],
		expr: exprScan{stack: p.expr.stack},
	}
	scratch.Put(p)
}

// run is the main loop: character data until "<", then markup.
func (p *parser) run() {
	p.checkEncoding()
	p.prolog()
	for !p.stop && p.pos < len(p.src) {
		if p.src[p.pos] == '<' {
			p.markup()
		} else {
			p.charData()
		}
	}
	p.finish()
}

// prolog skips a byte order mark and reads an XML declaration, which is
// only allowed at the very start.
func (p *parser) prolog() {
	if hasPrefixAt(p.src, 0, "\xef\xbb\xbf") {
		p.pos = 3
	}
	if hasPrefixAt(p.src, p.pos, "<?xml") && p.pos+5 < len(p.src) && isSpace(p.src[p.pos+5]) {
		p.procInst(true)
	}
}

// finish reports what the end of input left open and closes it.
func (p *parser) finish() {
	end := len(p.src)
	if !p.stop && len(p.stack) > 0 {
		f := p.stack[len(p.stack)-1]
		el := f.el
		p.errorLoc(el.Loc, f.start, "unclosed element <%s>: expected </%s>, found end of input",
			el.Name, el.Name)
	}
	for len(p.stack) > 0 {
		p.closeTop(end, end)
	}
	if !p.stop && p.doc.Root == nil {
		p.errorAt(end, end, "expected root element, found end of input")
	}
}

// plainByte marks the ASCII bytes XML allows anywhere.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = true
	}
	t['\t'], t['\n'], t['\r'] = true, true, true
	return t
}()

// plainWord reports whether 8 bytes are all printable ASCII, testing them
// at once: no high bit set, and none below 0x20. Words with tabs or line
// ends fall back to the byte loop, which allows them.
func plainWord(s string) bool {
	w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	const high, low = 0x8080808080808080, 0x2020202020202020
	return (w|(w-low))&high == 0
}

// checkEncoding reports the first byte sequence that is not UTF-8 or a
// character XML forbids. Both make APIM reject the document; neither stops
// the parse, so the structure is still checked.
func (p *parser) checkEncoding() {
	src := p.src
	for i := 0; i < len(src); {
		if i+8 <= len(src) && plainWord(src[i:i+8]) {
			i += 8
			continue
		}
		if plainByte[src[i]] {
			i++
			continue
		}
		c := src[i]
		if c < utf8.RuneSelf {
			p.errorAt(i, i+1, "invalid character U+%04X", c)
			return
		}
		r, n := utf8.DecodeRuneInString(src[i:])
		if r == utf8.RuneError && n == 1 {
			p.errorAt(i, i+1, "invalid UTF-8 byte 0x%02x", c)
			return
		}
		if r == 0xfffe || r == 0xffff {
			p.errorAt(i, i+n, "invalid character U+%04X", r)
			return
		}
		i += n
	}
}

// errorAt records an error for the span [start, end) of the text.
func (p *parser) errorAt(start, end int, format string, args ...any) {
	p.errorLoc(p.loc(start, end), start, format, args...)
}

func (p *parser) errorLoc(loc source.Location, off int, format string, args ...any) {
	if len(p.errs) >= maxErrors {
		p.stop = true
		return
	}
	p.errs = append(p.errs, Error{Loc: loc, Msg: fmt.Sprintf(format, args...)})
	p.errOffs = append(p.errOffs, off)
	if len(p.errs) == maxErrors {
		p.stop = true
	}
}

// fatalAt records an error after which nothing more can be read reliably.
func (p *parser) fatalAt(start, end int, format string, args ...any) {
	p.errorAt(start, end, format, args...)
	p.stop = true
}

func (p *parser) sortedErrors() []Error {
	if len(p.errs) == 0 {
		return nil
	}
	idx := make([]int, len(p.errs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return p.errOffs[idx[a]] < p.errOffs[idx[b]] })
	out := make([]Error, len(idx))
	for i, k := range idx {
		out[i] = p.errs[k]
	}
	return out
}

func (p *parser) loc(start, end int) source.Location {
	return p.text.Location(start, end)
}

// found describes what is at offset i, for "expected X, found Y" messages.
func (p *parser) found(i int) string {
	if i >= len(p.src) {
		return "end of input"
	}
	r, n := utf8.DecodeRuneInString(p.src[i:])
	if r == utf8.RuneError && n == 1 {
		return fmt.Sprintf("byte 0x%02x", p.src[i])
	}
	return strconv.Quote(string(r))
}

// exprEntity records an entity reference met inside a rawxml expression.
func (p *parser) exprEntity(start, end int) {
	el := p.inTag
	if el == nil && len(p.stack) > 0 {
		el = p.stack[len(p.stack)-1].el
	}
	p.doc.ExprEntities = append(p.doc.ExprEntities, EntityRef{
		Ref: p.src[start:end], Loc: p.loc(start, end), Element: el, Attr: p.inAttr,
	})
}

// reserve sizes the first chunks from the number of "<" that do not start
// an end tag, at least one per element; real policies have fewer
// attributes than elements. The chunks come from a released document's
// arena when one is big enough.
func (p *parser) reserve() {
	n := strings.Count(p.src, "<") - strings.Count(p.src, "</") + 1
	a := arenas.Get().(*arena)
	p.doc.arena = a
	if cap(a.elements) >= n {
		p.doc.Elements = a.elements[:0]
	} else {
		p.doc.Elements = make([]*Element, 0, n)
	}
	p.elems = chunk[Element]{first: n, mem: a.elems}
	p.attrs = chunk[Attr]{first: n/2 + 1, mem: a.attrs}
	p.children = chunk[*Element]{first: n, mem: a.children}
	p.comments.first = 4
}

// keepArena keeps the first chunks of p's document in its arena, for
// Document.Release to give back.
func (p *parser) keepArena() {
	a := p.doc.arena
	a.elements = p.doc.Elements
	a.elems, a.attrs, a.children = p.elems.mem, p.attrs.mem, p.children.mem
}

// arena is the memory of a document's tree: the first chunk of elements,
// attributes and child lists, and the list of elements. The estate copies
// what it keeps of a tree and releases it, so the next document parsed
// reuses it: the trees of an estate's 12,000 policies were a fifth of all
// it allocated.
type arena struct {
	elements []*Element
	elems    []Element
	attrs    []Attr
	children []*Element
}

var arenas = sync.Pool{New: func() any { return new(arena) }}

// maxArena bounds the elements of an arena kept for reuse: a large
// document should not pin its tree for the life of the process.
const maxArena = 4096

// Release gives the document's memory back for later calls of Parse to
// reuse. Nothing of the document (its elements, attributes, comments) may
// be used after: its tree is cleared. Strings read from it stay valid.
func (d *Document) Release() {
	a := d.arena
	if a == nil {
		return
	}
	*d = Document{Text: d.Text, Format: d.Format}
	if cap(a.elems) > maxArena || cap(a.elements) > maxArena || cap(a.attrs) > maxArena || cap(a.children) > maxArena {
		return
	}
	clear(a.elements[:cap(a.elements)])
	clear(a.elems[:cap(a.elems)])
	clear(a.attrs[:cap(a.attrs)])
	clear(a.children[:cap(a.children)])
	arenas.Put(a)
}

// chunk hands out items and sub-slices of larger allocations. A chunk is
// never reallocated once handed out from, so earlier pointers stay valid.
type chunk[T any] struct {
	free  []T
	first int // capacity of the first chunk: an estimate of all needed
	used  bool
	// mem is the first chunk: on entry, a released one to reuse when it
	// is big enough (cleared); then the one used, kept in the arena.
	mem []T
}

// moreItems is the capacity of the chunks after the first, which are only
// needed when the estimate fell short.
const moreItems = 16

func (c *chunk[T]) grow(n int) {
	if !c.used {
		c.used = true
		size := max(c.first, n)
		if cap(c.mem) >= size {
			c.free = c.mem[:0]
			return
		}
		c.free = make([]T, 0, size)
		c.mem = c.free
		return
	}
	c.free = make([]T, 0, max(moreItems, n))
}

// one returns a pointer to a new zero item.
func (c *chunk[T]) one() *T {
	if len(c.free) == cap(c.free) {
		c.grow(1)
	}
	c.free = c.free[:len(c.free)+1]
	return &c.free[len(c.free)-1]
}

// copy returns a copy of items whose capacity is its length, so appending
// to it cannot overwrite a neighbour.
func (c *chunk[T]) copy(items []T) []T {
	if len(items) == 0 {
		return nil
	}
	if cap(c.free)-len(c.free) < len(items) {
		c.grow(len(items))
	}
	start := len(c.free)
	c.free = append(c.free, items...)
	return c.free[start:len(c.free):len(c.free)]
}

// openElement adds el, whose start tag begins at text offset start, to the
// tree; a self-closing element is closed at once.
func (p *parser) openElement(el *Element, start int) {
	el.Index = len(p.doc.Elements)
	el.Depth = len(p.stack)
	p.doc.Elements = append(p.doc.Elements, el)
	if len(p.stack) == 0 {
		p.doc.Root = el
	} else {
		el.Parent = p.stack[len(p.stack)-1].el
		p.kids = append(p.kids, el)
	}
	for _, c := range p.doc.Comments[p.nextComment:] {
		c.Next = el
	}
	p.nextComment = len(p.doc.Comments)
	if el.SelfClosing {
		el.EndLoc = el.Loc
		return
	}
	p.stack = append(p.stack, frame{el: el, start: start, kids: len(p.kids)})
}

// closeTop closes the innermost open element with an end tag at [start, end).
func (p *parser) closeTop(start, end int) {
	f := &p.stack[len(p.stack)-1]
	el := f.el
	el.EndLoc = p.loc(start, end)
	el.Children = p.children.copy(p.kids[f.kids:])
	p.kids = p.kids[:f.kids]
	f.text.finish(p, el)
	p.stack = p.stack[:len(p.stack)-1]
}
