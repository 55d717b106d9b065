package policies

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/source"
)

// render writes out everything a parse gives: each element with its place,
// parent, children, attributes and text; the comments; the entity
// references of expressions; the fault.
func render(doc *Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "format %v, %d elements\n", doc.Format, len(doc.Elements))
	index := func(e *Element) int {
		if e == nil {
			return -1
		}
		return e.Index
	}
	for _, e := range doc.Elements {
		fmt.Fprintf(&b, "%d <%s> depth %d parent %d at %v-%v end %v self-closing %v\n", e.Index, e.Name, e.Depth,
			index(e.Parent), e.Loc.Range, e.Loc.File, e.EndLoc.Range, e.SelfClosing)
		for _, c := range e.Children {
			fmt.Fprintf(&b, "  child %d\n", c.Index)
		}
		for _, a := range e.Attrs {
			fmt.Fprintf(&b, "  %s=%q raw %q expr %v at %v %v\n", a.Name, a.Value, a.Raw, a.Expr, a.NameLoc.Range, a.ValueLoc.Range)
		}
		fmt.Fprintf(&b, "  text %q expr %v at %v\n", e.Text, e.TextExpr, e.TextLoc.Range)
	}
	for _, c := range doc.Comments {
		fmt.Fprintf(&b, "comment %q at %v parent %d next %d\n", c.Text, c.Loc.Range, index(c.Parent), index(c.Next))
	}
	for _, x := range doc.ExprEntities {
		fmt.Fprintf(&b, "entity %s in %d %q at %v\n", x.Ref, index(x.Element), x.Attr, x.Loc.Range)
	}
	if doc.XMLFault != nil {
		fmt.Fprintf(&b, "fault %v\n", *doc.XMLFault)
	}
	return b.String()
}

// parsedAfterReuse parses content, renders it, and checks that parsing it
// again, after documents of other shapes were parsed into the memory the
// first one released, gives the same tree.
func parsedAfterReuse(t *testing.T, content []byte, format Format) {
	t.Helper()
	text := func(c []byte) *source.Text { return source.FileText(source.NewFile("f.xml", c)) }
	doc, _ := Parse(text(content), Options{Format: format})
	want := render(doc)
	doc.Release()
	if doc.Root != nil || doc.Elements != nil {
		t.Fatal("a released document still holds its tree")
	}
	for _, other := range []string{
		`<policies><inbound><base /><set-header name="a" exists-action="override"><value>@(x < 3 && "y")</value></set-header></inbound><!-- c --></policies>`,
		`<fragment>` + strings.Repeat(`<set-variable name="v" value="1" />`, 40) + `</fragment>`,
	} {
		d, _ := Parse(text([]byte(other)), Options{Format: format})
		d.Release()
	}
	again, _ := Parse(text(content), Options{Format: format})
	defer again.Release()
	if got := render(again); got != want {
		t.Fatalf("parsed into released memory:\n%s\nfresh:\n%s", got, want)
	}
}

// TestReleaseReuse: a tree parsed into the memory of released documents is
// the tree a fresh parse gives, and the strings read from a released
// document stay as they were.
func TestReleaseReuse(t *testing.T) {
	const policy = `<policies>
	<inbound>
		<!-- keep -->
		<base />
		<set-header name="X-Id" exists-action="override">
			<value>@(context.RequestId &amp;&amp; 1 < 2)</value>
		</set-header>
	</inbound>
</policies>`
	for _, format := range []Format{Rawxml, XML} {
		parsedAfterReuse(t, []byte(policy), format)
	}
	doc, _ := Parse(source.FileText(source.NewFile("f.xml", []byte(policy))), Options{})
	name, value := doc.Elements[3].Attrs[0].Name, doc.Elements[4].Text
	doc.Release()
	other, _ := Parse(source.FileText(source.NewFile("g.xml", []byte(`<policies><outbound><set-body>zzzzzzzzzzzzzzzzzzzz</set-body></outbound></policies>`))), Options{})
	defer other.Release()
	if name != "name" || value != "@(context.RequestId &amp;&amp; 1 < 2)" {
		t.Errorf("strings read before Release changed: %q, %q", name, value)
	}
}
