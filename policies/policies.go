package policies

import (
	"strings"

	"github.com/apimlint/apimlint/internal/source"
)

// Format is the content format a policy document was stored in.
type Format int

const (
	// Rawxml is the format APIOps and most hand-written files use: policy
	// expressions are written verbatim, everything else is XML.
	Rawxml Format = iota
	// XML is an XML document in which expressions are entity-escaped.
	XML
)

// String returns the name ARM templates use for the format.
func (f Format) String() string {
	if f == XML {
		return "xml"
	}
	return "rawxml"
}

// ParseFormat maps an ARM/Bicep format value to a Format. The "-link"
// variants name a URL rather than content, so they are not accepted here.
func ParseFormat(s string) (Format, bool) {
	switch strings.ToLower(s) {
	case "rawxml":
		return Rawxml, true
	case "xml":
		return XML, true
	}
	return Rawxml, false
}

// DefaultMaxDepth is the nesting limit used when Options.MaxDepth is zero.
// Real policies nest fewer than 20 levels; the limit protects code that walks
// the tree recursively after parsing.
const DefaultMaxDepth = 1000

// DefaultMaxElements is the element limit used when Options.MaxElements is
// zero. The largest of the ~380 public policies in the test corpus has well
// under a thousand elements; every element costs memory again in the rule
// input, so the limit keeps one huge file from taking gigabytes.
const DefaultMaxElements = 20000

// Options controls Parse.
type Options struct {
	Format      Format
	MaxDepth    int // 0 means DefaultMaxDepth
	MaxElements int // 0 means DefaultMaxElements
}

// Error is a syntax error in a policy document. Msg is lower case.
type Error struct {
	Loc source.Location
	Msg string
}

// Error formats the error as path:line:col: message.
func (e Error) Error() string {
	return e.Loc.String() + ": " + e.Msg
}

// Document is a parsed policy document.
type Document struct {
	Text   *source.Text // what was parsed
	Format Format       // the rules the returned tree was read with

	// Root is the top element: <policies>, <fragment>, or whatever was
	// written. It is nil when no element could be read.
	Root *Element

	// Elements holds every element in document (start tag) order;
	// Element.Index is the position of an element here.
	Elements []*Element

	// Comments holds every comment, also those outside the root.
	Comments []*Comment

	// XMLFault is set when Options.Format was XML, strict XML parsing
	// failed, and the content parses under rawxml rules: APIM rejects such
	// a document at deploy time. It is the first strict-XML error, and the
	// tree was then read with rawxml rules (Format is Rawxml).
	XMLFault *Error

	// ExprEntities lists, for rawxml content, the entity and character
	// references written inside policy expressions. APIM does not decode
	// them there, so "&lt;" reaches the C# compiler as four characters.
	ExprEntities []EntityRef

	xpath xpathTree // built on first use by XPath
	arena *arena    // the tree's memory, for Release
}

// EntityRef is an entity or character reference such as "&lt;" or "&#10;".
type EntityRef struct {
	Ref     string // as written, from "&" to ";"
	Loc     source.Location
	Element *Element // the element whose start tag or text holds it
	Attr    string   // the attribute name, or "" for element text
}

// Element is one XML element.
type Element struct {
	Name  string
	Attrs []Attr

	Parent   *Element
	Children []*Element // child elements in order

	Index int // position in Document.Elements
	Depth int // 0 for the root

	// Text is the element's own character data: its direct text and CDATA
	// children joined in order, decoded as APIM reads it (entities and
	// character references replaced, line ends normalized to "\n"; a rawxml
	// expression kept verbatim), with leading and trailing XML white space
	// trimmed. TextLoc spans the trimmed text as written.
	Text     string
	TextLoc  source.Location
	TextExpr bool // Text is a policy expression

	Loc         source.Location // the start tag, from "<" to ">" inclusive
	EndLoc      source.Location // the end tag; equal to Loc when self-closing
	SelfClosing bool
}

// Attr is one attribute of an element.
type Attr struct {
	Name string

	// Value is what APIM reads: entities and character references decoded
	// and white space normalized as XML prescribes, except that a rawxml
	// policy expression is kept exactly as written.
	Value string

	Raw      string // as written between the quotes
	NameLoc  source.Location
	ValueLoc source.Location // the span between the quotes
	Expr     bool            // Value is a policy expression
}

// Comment is an XML comment.
type Comment struct {
	Text   string          // between "<!--" and "-->", verbatim
	Loc    source.Location // from "<!--" to "-->" inclusive
	Parent *Element        // nil outside the root

	// Next is the first element whose start tag follows the comment, the
	// target of a "disable-next" suppression; nil if none follows.
	Next *Element
}

// Sections are the names of the section elements of a <policies> document.
var Sections = []string{"inbound", "backend", "outbound", "on-error"}

// IsExpression reports whether a value is a policy expression: its first
// two characters are "@(" or "@{". Element.Text is already trimmed.
func IsExpression(s string) bool {
	return len(s) >= 2 && s[0] == '@' && (s[1] == '(' || s[1] == '{')
}

// Attr returns the attribute with the given name.
func (e *Element) Attr(name string) (Attr, bool) {
	for _, a := range e.Attrs {
		if a.Name == name {
			return a, true
		}
	}
	return Attr{}, false
}

// AttrValue returns the value of the named attribute, or "" when absent.
func (e *Element) AttrValue(name string) string {
	a, _ := e.Attr(name)
	return a.Value
}

// Child returns the first child element with the given name, or nil.
func (e *Element) Child(name string) *Element {
	for _, c := range e.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Section returns the section element (<inbound>, <backend>, <outbound> or
// <on-error> directly under <policies>) that holds e or is e, or nil when e
// is outside any section, as in a fragment.
func (e *Element) Section() *Element {
	for s := e; s != nil && s.Parent != nil; s = s.Parent {
		if s.Parent.Parent == nil && s.Parent.Name == "policies" && isSection(s.Name) {
			return s
		}
	}
	return nil
}

func isSection(name string) bool {
	for _, s := range Sections {
		if s == name {
			return true
		}
	}
	return false
}

// Section returns the named section of a <policies> document, or nil.
func (d *Document) Section(name string) *Element {
	if d.Root == nil || d.Root.Name != "policies" {
		return nil
	}
	return d.Root.Child(name)
}

// Find returns the elements with the given name in document order.
func (d *Document) Find(name string) []*Element {
	var out []*Element
	for _, e := range d.Elements {
		if e.Name == name {
			out = append(out, e)
		}
	}
	return out
}

// Expression is a policy expression used as an attribute value or as the
// text of an element.
type Expression struct {
	Code    string // from "@" to the closing bracket, and anything after it
	Loc     source.Location
	Element *Element
	Attr    string // the attribute name, or "" for element text
}

// Expressions returns every attribute value and element text that is a
// policy expression, in document order. Expressions written in the middle
// of a text ("Bearer @(...)") are not policy expressions for APIM and are
// not listed.
func (d *Document) Expressions() []Expression {
	var out []Expression
	for _, e := range d.Elements {
		for _, a := range e.Attrs {
			if a.Expr {
				out = append(out, Expression{Code: a.Value, Loc: a.ValueLoc, Element: e, Attr: a.Name})
			}
		}
		if e.TextExpr {
			out = append(out, Expression{Code: e.Text, Loc: e.TextLoc, Element: e})
		}
	}
	return out
}

// isSpace reports whether c is XML white space.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// trimSpace removes leading and trailing XML white space; unlike
// strings.TrimSpace it keeps other Unicode spaces, which XML treats as text.
func trimSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isSpace(s[i]) {
		i++
	}
	for j > i && isSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}
