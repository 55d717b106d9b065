package policies

import "strings"

// markup reads the construct that starts with "<" at p.pos.
func (p *parser) markup() {
	src, i := p.src, p.pos
	switch {
	case hasPrefixAt(src, i, "<!--"):
		p.comment()
	case hasPrefixAt(src, i, "<![CDATA["):
		p.cdata()
	case hasPrefixAt(src, i, "<!") && len(src)-i >= 9 && strings.EqualFold(src[i+2:i+9], "DOCTYPE"):
		p.doctype()
	case hasPrefixAt(src, i, "<!"):
		p.errorAt(i, i+2, `expected comment or CDATA section after "<!", found %s`, p.found(i+2))
		p.skipPast(i, '>')
	case hasPrefixAt(src, i, "<?"):
		p.procInst(false)
	case hasPrefixAt(src, i, "</"):
		p.endTag()
	default:
		p.startTag()
	}
}

// nameTable classifies bytes for XML names: 1 may start a name, 2 may only
// continue one. Bytes of multi-byte characters are accepted; APIM names are
// ASCII, and a stricter check would add nothing a rule needs.
var nameTable = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_', c == ':', c >= 0x80:
			t[c] = 1
		case '0' <= c && c <= '9', c == '-', c == '.':
			t[c] = 2
		}
	}
	return t
}()

// nameEnd returns the end of the XML name at i, or i when none starts there.
func (p *parser) nameEnd(i int) int {
	if i >= len(p.src) || nameTable[p.src[i]] != 1 {
		return i
	}
	for i++; i < len(p.src) && nameTable[p.src[i]] != 0; i++ {
	}
	return i
}

func (p *parser) skipSpace(i int) int {
	for i < len(p.src) && isSpace(p.src[i]) {
		i++
	}
	return i
}

// skipPast moves past the next c after offset i; without one, the input
// ends unterminated.
func (p *parser) skipPast(i int, c byte) {
	k := strings.IndexByte(p.src[i:], c)
	if k < 0 {
		p.stop = true
		p.pos = len(p.src)
		return
	}
	p.pos = i + k + 1
}

// outside reports markup or text where only the root element (before it)
// or nothing (after it) may stand.
func (p *parser) outside(start, end int, what string) {
	if p.doc.Root == nil {
		p.fatalAt(start, end, "expected root element, found %s", what)
	} else {
		p.fatalAt(start, end, "expected end of document, found %s", what)
	}
}

// startTag reads a start tag or empty-element tag and opens the element.
func (p *parser) startTag() {
	start := p.pos
	nameEnd := p.nameEnd(start + 1)
	if nameEnd == start+1 {
		p.badLessThan(start)
		return
	}
	name := p.src[start+1 : nameEnd]
	if len(p.stack) == 0 && p.doc.Root != nil {
		p.outside(start, nameEnd, "element <"+name+">")
		return
	}
	el := p.elems.one()
	el.Name = name
	end, ok := p.attributes(el, start, nameEnd)
	if !ok {
		return
	}
	el.Loc = p.loc(start, end)
	if len(p.stack) >= p.maxDepth {
		p.fatalAt(start, end, "element nesting exceeds the maximum depth of %d", p.maxDepth)
		return
	}
	if len(p.doc.Elements) >= p.maxElems {
		p.fatalAt(start, end, "the document has more than %d elements; apimlint reads no more of it", p.maxElems)
		return
	}
	p.pos = end
	p.openElement(el, start)
}

// badLessThan reports a "<" that starts no markup. Inside an element the
// parse goes on after it; outside, nothing sensible can follow.
func (p *parser) badLessThan(start int) {
	if len(p.stack) == 0 {
		p.outside(start, start+1, p.found(start))
		return
	}
	p.errorAt(start, start+1, `expected element name after "<", found %s`, p.found(start+1))
	p.pos = start + 1
}

// attributes reads the attributes of el and the end of its start tag. It
// returns the offset after ">" and false when the tag is unterminated.
func (p *parser) attributes(el *Element, start, i int) (int, bool) {
	p.tagAttrs = p.tagAttrs[:0]
	clear(p.attrSet)
	p.inTag = el
	defer func() {
		el.Attrs = p.attrs.copy(p.tagAttrs)
		p.inTag = nil
	}()
	for {
		j := p.skipSpace(i)
		spaced := j > i
		i = j
		if i >= len(p.src) {
			p.fatalAt(start, start+1, "unterminated start tag <%s>: expected \">\", found end of input", el.Name)
			return i, false
		}
		switch p.src[i] {
		case '>':
			return i + 1, true
		case '/':
			if hasPrefixAt(p.src, i+1, ">") {
				el.SelfClosing = true
				return i + 2, true
			}
			p.errorAt(i, i+1, `expected ">" after "/", found %s`, p.found(i+1))
			return p.recoverTag(el, start, i+1)
		}
		if !spaced {
			// Usually a quote inside the value closed it early: what
			// follows is the rest of the value, not attributes.
			p.errorAt(i, i+1, `expected white space, "/>" or ">" after attribute value, found %s`, p.found(i))
			return p.recoverTag(el, start, i)
		}
		next, ok := p.attribute(el, i)
		if !ok {
			return p.recoverTag(el, start, next)
		}
		if p.stop {
			return next, false
		}
		i = next
	}
}

// recoverTag skips to the ">" that most likely ends a broken start tag.
func (p *parser) recoverTag(el *Element, start, i int) (int, bool) {
	if p.stop {
		return i, false
	}
	k := strings.IndexByte(p.src[i:], '>')
	if k < 0 {
		p.fatalAt(start, start+1, "unterminated start tag <%s>: expected \">\", found end of input", el.Name)
		return len(p.src), false
	}
	end := i + k + 1
	el.SelfClosing = p.src[end-2] == '/'
	return end, true
}

// attribute reads one name="value" pair at i. It returns the offset after
// the closing quote, or where reading failed and false.
func (p *parser) attribute(el *Element, i int) (int, bool) {
	nameEnd := p.nameEnd(i)
	if nameEnd == i {
		p.errorAt(i, i+1, "expected attribute name, found %s", p.found(i))
		return i, false
	}
	name := p.src[i:nameEnd]
	j := p.skipSpace(nameEnd)
	if j >= len(p.src) || p.src[j] != '=' {
		p.errorAt(j, j+1, "expected \"=\" after attribute name %q, found %s", name, p.found(j))
		return j, false
	}
	j = p.skipSpace(j + 1)
	if j >= len(p.src) || p.src[j] != '"' && p.src[j] != '\'' {
		p.errorAt(j, j+1, "expected quoted value for attribute %q, found %s", name, p.found(j))
		return j, false
	}
	v, ok := p.attrValue(j, name)
	if !ok {
		return len(p.src), true
	}
	if p.seenAttr(name) {
		p.errorAt(i, nameEnd, "duplicate attribute %q in element <%s>", name, el.Name)
	}
	p.tagAttrs = append(p.tagAttrs, Attr{
		Name:     name,
		Value:    v.value,
		Raw:      p.src[j+1 : v.end],
		NameLoc:  p.loc(i, nameEnd),
		ValueLoc: p.loc(j+1, v.end),
		Expr:     IsExpression(v.value),
	})
	return v.end + 1, true
}

// linearAttrs is how many attributes a start tag may have before
// duplicates are looked up in a set rather than by scanning.
const linearAttrs = 16

// seenAttr reports whether the start tag being read already has an
// attribute called name, and notes that it now has.
func (p *parser) seenAttr(name string) bool {
	if len(p.tagAttrs) < linearAttrs {
		for _, a := range p.tagAttrs {
			if a.Name == name {
				return true
			}
		}
		return false
	}
	if p.attrSet == nil {
		p.attrSet = make(map[string]struct{})
	}
	if len(p.attrSet) == 0 {
		for _, a := range p.tagAttrs {
			p.attrSet[a.Name] = struct{}{}
		}
	}
	_, seen := p.attrSet[name]
	p.attrSet[name] = struct{}{}
	return seen
}

// endTag reads an end tag and closes the element it names.
func (p *parser) endTag() {
	start := p.pos
	nameEnd := p.nameEnd(start + 2)
	name := p.src[start+2 : nameEnd]
	if name == "" {
		p.errorAt(start, start+2, `expected element name after "</", found %s`, p.found(start+2))
		p.skipPast(start, '>')
		return
	}
	j := p.skipSpace(nameEnd)
	if j >= len(p.src) {
		p.fatalAt(start, nameEnd, "unterminated end tag </%s>: expected \">\", found end of input", name)
		return
	}
	end := j + 1
	if p.src[j] != '>' {
		p.errorAt(j, j+1, "expected \">\" to end </%s, found %s", name, p.found(j))
		if k := strings.IndexByte(p.src[j:], '>'); k >= 0 {
			end = j + k + 1
		} else {
			p.stop = true
			return
		}
	}
	p.pos = end
	p.closeNamed(name, start, end)
}

// closeNamed closes the open element called name. When it is not the
// innermost one, the elements inside it are closed too; when none is open
// under that name, the end tag is ignored.
func (p *parser) closeNamed(name string, start, end int) {
	if len(p.stack) == 0 {
		p.outside(start, end, "</"+name+">")
		return
	}
	top := p.stack[len(p.stack)-1].el
	if top.Name == name {
		p.closeTop(start, end)
		return
	}
	p.errorAt(start, end, "expected </%s>, found </%s>", top.Name, name)
	for k := len(p.stack) - 2; k >= 0; k-- {
		if p.stack[k].el.Name == name {
			for len(p.stack) > k {
				p.closeTop(start, end)
			}
			return
		}
	}
}

// comment reads "<!-- ... -->". XML forbids "--" inside a comment; APIM's
// parser rejects it, so it is reported, once per comment.
func (p *parser) comment() {
	start := p.pos
	body := start + 4
	i := body
	reported := false
	for {
		k := strings.Index(p.src[i:], "--")
		if k < 0 {
			p.fatalAt(start, body, `unterminated comment: expected "-->", found end of input`)
			return
		}
		i += k
		if hasPrefixAt(p.src, i+2, ">") {
			break
		}
		if !reported {
			p.errorAt(i, i+2, `"--" is not allowed inside a comment`)
			reported = true
		}
		i++
	}
	end := i + 3
	c := p.comments.one()
	c.Text, c.Loc = p.src[body:i], p.loc(start, end)
	if n := len(p.stack); n > 0 {
		c.Parent = p.stack[n-1].el
	}
	p.doc.Comments = append(p.doc.Comments, c)
	p.pos = end
}

// cdata reads "<![CDATA[ ... ]]>", whose content is text taken as is.
func (p *parser) cdata() {
	start := p.pos
	body := start + 9
	k := strings.Index(p.src[body:], "]]>")
	if k < 0 {
		p.fatalAt(start, body, `unterminated CDATA section: expected "]]>", found end of input`)
		return
	}
	if len(p.stack) == 0 {
		p.outside(start, body, "CDATA section")
		return
	}
	end := body + k + 3
	p.textRun(body, body+k, p.src[body:body+k])
	p.pos = end
}

// procInst reads a processing instruction "<?target ...?>". The one named
// xml is the XML declaration, allowed only at the start of the document.
func (p *parser) procInst(atStart bool) {
	start := p.pos
	k := strings.Index(p.src[start+2:], "?>")
	if k < 0 {
		p.fatalAt(start, start+2, `unterminated processing instruction: expected "?>", found end of input`)
		return
	}
	end := start + 2 + k + 2
	p.pos = end
	nameEnd := p.nameEnd(start + 2)
	switch target := p.src[start+2 : nameEnd]; {
	case target == "":
		p.errorAt(start, start+2, `expected processing instruction target after "<?", found %s`,
			p.found(start+2))
	case strings.EqualFold(target, "xml") && !atStart:
		p.errorAt(start, end, "misplaced XML declaration: it is only allowed at the start of the document")
	}
}

// doctype reports a document type declaration and skips it unread. Nothing
// in it is ever expanded, so entity bombs cannot go off.
func (p *parser) doctype() {
	start := p.pos
	end := len(p.src)
	var quote byte
	inSubset := false
scan:
	for i := start + 9; i < len(p.src); i++ {
		switch c := p.src[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			inSubset = true
		case c == ']':
			inSubset = false
		case c == '>' && !inSubset:
			end = i + 1
			break scan
		}
	}
	p.errorAt(start, end, "DOCTYPE is not allowed in a policy document")
	p.pos = end
	if end == len(p.src) {
		p.stop = true
	}
}
