package policies

import (
	"encoding/xml"
	"sync"

	"github.com/antchfx/xmlquery"
)

// xpathTree is an xmlquery copy of a document, built once on first use.
type xpathTree struct {
	once sync.Once
	top  *xmlquery.Node
	back map[*xmlquery.Node]*Element
}

// XPath evaluates an XPath 1.0 expression with github.com/antchfx/xmlquery
// over a copy of the tree and returns the selected elements in document
// order, each once. A selected attribute or text node stands for the
// element that holds it. Values in the copy are the decoded ones (Attr.Value
// and Element.Text).
func (d *Document) XPath(expr string) ([]*Element, error) {
	t := &d.xpath
	t.once.Do(func() { t.build(d) })
	found, err := xmlquery.QueryAll(t.top, expr)
	if err != nil {
		return nil, err
	}
	var out []*Element
	seen := make(map[*Element]bool, len(found))
	for _, n := range found {
		for n != nil && n.Type != xmlquery.ElementNode {
			n = n.Parent
		}
		if el := t.back[n]; el != nil && !seen[el] {
			seen[el] = true
			out = append(out, el)
		}
	}
	return out, nil
}

// build copies the tree without recursion: elements come in document
// order, so each parent exists before its children. An element's text
// becomes one text node placed before its child elements.
func (t *xpathTree) build(d *Document) {
	t.top = &xmlquery.Node{Type: xmlquery.DocumentNode}
	t.back = make(map[*xmlquery.Node]*Element, len(d.Elements))
	nodes := make([]*xmlquery.Node, len(d.Elements))
	for i, el := range d.Elements {
		n := &xmlquery.Node{Type: xmlquery.ElementNode, Data: el.Name}
		if len(el.Attrs) > 0 {
			n.Attr = make([]xmlquery.Attr, len(el.Attrs))
			for k, a := range el.Attrs {
				n.Attr[k] = xmlquery.Attr{Name: xml.Name{Local: a.Name}, Value: a.Value}
			}
		}
		if el.Text != "" {
			xmlquery.AddChild(n, &xmlquery.Node{Type: xmlquery.TextNode, Data: el.Text})
		}
		parent := t.top
		if el.Parent != nil {
			parent = nodes[el.Parent.Index]
		}
		xmlquery.AddChild(parent, n)
		nodes[i] = n
		t.back[n] = el
	}
}
