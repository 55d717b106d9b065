package policies

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/source"
)

// span formats a location as line:col-line:col for compact expectations.
func span(l source.Location) string {
	return fmt.Sprintf("%d:%d-%d:%d", l.Start.Line, l.Start.Column, l.End.Line, l.End.Column)
}

// mustParse parses s as the file p.xml and fails on any error.
func mustParse(t *testing.T, s string, format Format) *Document {
	t.Helper()
	doc, errs := Parse(textOf("p.xml", s), Options{Format: format})
	if len(errs) > 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	return doc
}

const positionsDoc = `<policies>
  <inbound>
    <base />
    <set-variable name="x" value="@(context.Variables.GetValueOrDefault<bool>("is-eus-down"))" />
    <set-header name='Authorization' exists-action="override">
      <value>@("Bearer " + (string)context.Variables["tok"])</value>
    </set-header>
    <rate-limit calls="5" renewal-period="60" />
  </inbound>
</policies>
`

func TestElementPositions(t *testing.T) {
	doc := mustParse(t, positionsDoc, Rawxml)
	want := []struct {
		name, loc, end string
		depth          int
		selfClosing    bool
	}{
		{"policies", "1:1-1:11", "10:1-10:12", 0, false},
		{"inbound", "2:3-2:12", "9:3-9:13", 1, false},
		{"base", "3:5-3:13", "3:5-3:13", 2, true},
		{"set-variable", "4:5-4:98", "4:5-4:98", 2, true},
		{"set-header", "5:5-5:63", "7:5-7:18", 2, false},
		{"value", "6:7-6:14", "6:61-6:69", 3, false},
		{"rate-limit", "8:5-8:49", "8:5-8:49", 2, true},
	}
	if len(doc.Elements) != len(want) {
		t.Fatalf("got %d elements, want %d", len(doc.Elements), len(want))
	}
	for i, w := range want {
		e := doc.Elements[i]
		got := fmt.Sprintf("%s %s %s %d %v", e.Name, span(e.Loc), span(e.EndLoc), e.Depth, e.SelfClosing)
		exp := fmt.Sprintf("%s %s %s %d %v", w.name, w.loc, w.end, w.depth, w.selfClosing)
		if got != exp || e.Index != i {
			t.Errorf("element %d = %s (index %d), want %s", i, got, e.Index, exp)
		}
	}
	if doc.Root != doc.Elements[0] {
		t.Errorf("Root is not the first element")
	}
}

func TestAttributePositions(t *testing.T) {
	doc := mustParse(t, positionsDoc, Rawxml)
	want := []struct {
		elem            int
		name, value     string
		nameLoc, valLoc string
		expr            bool
	}{
		{3, "name", "x", "4:19-4:23", "4:25-4:26", false},
		{3, "value", `@(context.Variables.GetValueOrDefault<bool>("is-eus-down"))`, "4:28-4:33", "4:35-4:94", true},
		{4, "name", "Authorization", "5:17-5:21", "5:23-5:36", false},
		{4, "exists-action", "override", "5:38-5:51", "5:53-5:61", false},
		{6, "calls", "5", "8:17-8:22", "8:24-8:25", false},
		{6, "renewal-period", "60", "8:27-8:41", "8:43-8:45", false},
	}
	var got []string
	for _, e := range doc.Elements {
		for _, a := range e.Attrs {
			got = append(got, fmt.Sprintf("%d %s %q %s %s %v", e.Index, a.Name, a.Value, span(a.NameLoc), span(a.ValueLoc), a.Expr))
		}
	}
	var exp []string
	for _, w := range want {
		exp = append(exp, fmt.Sprintf("%d %s %q %s %s %v", w.elem, w.name, w.value, w.nameLoc, w.valLoc, w.expr))
	}
	if strings.Join(got, "\n") != strings.Join(exp, "\n") {
		t.Errorf("attributes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(exp, "\n"))
	}
}

func TestTextAndTree(t *testing.T) {
	doc := mustParse(t, positionsDoc, Rawxml)
	value := doc.Elements[5]
	if want := `@("Bearer " + (string)context.Variables["tok"])`; value.Text != want || !value.TextExpr {
		t.Errorf("value text = %q (expr %v), want %q", value.Text, value.TextExpr, want)
	}
	if got := span(value.TextLoc); got != "6:14-6:61" {
		t.Errorf("value TextLoc = %s, want 6:14-6:61", got)
	}
	inbound := doc.Section("inbound")
	if inbound == nil || inbound != doc.Elements[1] {
		t.Fatalf("Section(inbound) = %v", inbound)
	}
	var names []string
	for _, c := range inbound.Children {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, " "); got != "base set-variable set-header rate-limit" {
		t.Errorf("inbound children = %s", got)
	}
	if inbound.Text != "" {
		t.Errorf("inbound text = %q, want empty", inbound.Text)
	}
	if value.Section() != inbound || value.Parent != doc.Elements[4] {
		t.Errorf("value section/parent wrong")
	}
	if doc.Root.Section() != nil || inbound.Section() != inbound {
		t.Errorf("Section of root or of a section is wrong")
	}
	if doc.Section("backend") != nil {
		t.Errorf("missing backend section found")
	}
	if a, ok := doc.Elements[4].Attr("exists-action"); !ok || a.Value != "override" {
		t.Errorf("Attr(exists-action) = %v, %v", a, ok)
	}
	if _, ok := doc.Elements[4].Attr("missing"); ok {
		t.Errorf("Attr(missing) found")
	}
	if got := doc.Elements[6].AttrValue("calls"); got != "5" {
		t.Errorf("AttrValue(calls) = %q", got)
	}
	if doc.Elements[4].Child("value") != value || doc.Elements[4].Child("x") != nil {
		t.Errorf("Child lookup wrong")
	}
	if got := len(doc.Find("base")); got != 1 {
		t.Errorf("Find(base) = %d elements", got)
	}
}

func TestExpressions(t *testing.T) {
	doc := mustParse(t, positionsDoc, Rawxml)
	var got []string
	for _, x := range doc.Expressions() {
		got = append(got, fmt.Sprintf("%s/%s %s", x.Element.Name, x.Attr, span(x.Loc)))
	}
	want := "set-variable/value 4:35-4:94\nvalue/ 6:14-6:61"
	if strings.Join(got, "\n") != want {
		t.Errorf("expressions:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// TestColumnsCountCharacters checks that columns count characters, not
// bytes, after multi-byte text.
func TestColumnsCountCharacters(t *testing.T) {
	doc := mustParse(t, "<policies>\n<!-- ┌─┐ é --><inbound a=\"ü\" b=\"x\"/></policies>", Rawxml)
	in := doc.Elements[1]
	if got := span(in.Loc); got != "2:15-2:37" {
		t.Errorf("inbound Loc = %s, want 2:15-2:37", got)
	}
	if got := span(in.Attrs[1].ValueLoc); got != "2:33-2:34" {
		t.Errorf("b ValueLoc = %s, want 2:33-2:34", got)
	}
}

func TestBOMDeclarationCRLF(t *testing.T) {
	src := "\ufeff<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<policies>\r\n  <inbound>\r\n" +
		"    <set-body>a\r\nb</set-body>\r\n  </inbound>\r\n</policies>\r\n"
	doc := mustParse(t, src, Rawxml)
	body := doc.Elements[2]
	if got := span(doc.Root.Loc); got != "2:1-2:11" {
		t.Errorf("policies Loc = %s, want 2:1-2:11", got)
	}
	if got := span(body.Loc); got != "4:5-4:15" {
		t.Errorf("set-body Loc = %s, want 4:5-4:15", got)
	}
	if body.Text != "a\nb" {
		t.Errorf("set-body text = %q, want %q (CRLF normalized)", body.Text, "a\nb")
	}
	if got := span(body.TextLoc); got != "4:15-5:2" {
		t.Errorf("set-body TextLoc = %s, want 4:15-5:2", got)
	}
}

func TestBOMColumns(t *testing.T) {
	doc := mustParse(t, "\ufeff<fragment><x/></fragment>", Rawxml)
	if got := span(doc.Root.Loc); got != "1:1-1:11" {
		t.Errorf("fragment Loc = %s, want 1:1-1:11 (BOM is not a column)", got)
	}
	if doc.Root.Name != "fragment" || doc.Root.Children[0].Section() != nil {
		t.Errorf("fragment root or section wrong")
	}
}

func TestCommentsAndNext(t *testing.T) {
	src := "<!-- header -->\n<policies>\n<inbound>\n" +
		"<!-- apimlint-disable-next mi-ignore-error-false: reviewed -->\n<!-- second -->\n" +
		"<authentication-managed-identity resource=\"r\"/>\n</inbound>\n<!-- tail --></policies>\n<!-- after -->\n"
	doc := mustParse(t, src, Rawxml)
	var got []string
	for _, c := range doc.Comments {
		next, parent := "-", "-"
		if c.Next != nil {
			next = c.Next.Name
		}
		if c.Parent != nil {
			parent = c.Parent.Name
		}
		got = append(got, fmt.Sprintf("%q %s parent=%s next=%s", c.Text, span(c.Loc), parent, next))
	}
	want := []string{
		`" header " 1:1-1:16 parent=- next=policies`,
		`" apimlint-disable-next mi-ignore-error-false: reviewed " 4:1-4:63 parent=inbound next=authentication-managed-identity`,
		`" second " 5:1-5:16 parent=inbound next=authentication-managed-identity`,
		`" tail " 8:1-8:14 parent=policies next=-`,
		`" after " 9:1-9:15 parent=- next=-`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("comments:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCDATAAndProcessingInstruction(t *testing.T) {
	src := "<?xml version=\"1.0\"?>\n<?tool x?>\n<fragment>\n<set-body><![CDATA[@(a < b && c)]]></set-body>\n" +
		"<set-body> x <![CDATA[<y>]]> z </set-body>\n<?inner?></fragment>"
	doc := mustParse(t, src, XML)
	first, second := doc.Elements[1], doc.Elements[2]
	if first.Text != "@(a < b && c)" || !first.TextExpr {
		t.Errorf("CDATA text = %q, expr %v", first.Text, first.TextExpr)
	}
	if got := span(first.TextLoc); got != "4:20-4:33" {
		t.Errorf("CDATA TextLoc = %s, want 4:20-4:33", got)
	}
	if second.Text != "x <y> z" {
		t.Errorf("mixed text = %q, want %q", second.Text, "x <y> z")
	}
	if doc.XMLFault != nil {
		t.Errorf("XMLFault = %v, want nil", doc.XMLFault)
	}
}

func TestXMLFormatDecoding(t *testing.T) {
	src := `<policies><inbound><when condition="@(context.Request.Method == &quot;POST&quot; &amp;&amp; x &lt; 2)">` +
		"<value>a &lt;b&gt; &#65;&#x42; &apos;</value><v2 n=\"a\tb\nc\r\nd&#10;e\"/></when></inbound></policies>"
	doc := mustParse(t, src, XML)
	when := doc.Elements[2]
	a := when.Attrs[0]
	if want := `@(context.Request.Method == "POST" && x < 2)`; a.Value != want || !a.Expr {
		t.Errorf("condition = %q (expr %v), want %q", a.Value, a.Expr, want)
	}
	if want := `@(context.Request.Method == &quot;POST&quot; &amp;&amp; x &lt; 2)`; a.Raw != want {
		t.Errorf("condition raw = %q, want %q", a.Raw, want)
	}
	if got := doc.Elements[3].Text; got != "a <b> AB '" {
		t.Errorf("value text = %q, want %q", got, "a <b> AB '")
	}
	if got := doc.Elements[4].Attrs[0].Value; got != "a b c d\ne" {
		t.Errorf("normalized value = %q, want %q", got, "a b c d\ne")
	}
	if len(doc.ExprEntities) != 0 || doc.Format != XML {
		t.Errorf("XML format: ExprEntities %v, Format %v", doc.ExprEntities, doc.Format)
	}
}

func TestRawxmlKeepsExpressionsVerbatim(t *testing.T) {
	src := "<policies><inbound>\n<set-variable name=\"a&amp;b\" value=\"@(x &lt; 1 &amp;&amp; y)\"/>\n" +
		"<value>@(a &gt; b) &amp; c</value>\n</inbound></policies>"
	doc := mustParse(t, src, Rawxml)
	sv := doc.Elements[2]
	if got := sv.Attrs[0].Value; got != "a&b" {
		t.Errorf("non-expression value = %q, want %q", got, "a&b")
	}
	if got := sv.Attrs[1].Value; got != "@(x &lt; 1 &amp;&amp; y)" {
		t.Errorf("expression value = %q, want it verbatim", got)
	}
	if got := doc.Elements[3].Text; got != "@(a &gt; b) & c" {
		t.Errorf("text = %q, want %q", got, "@(a &gt; b) & c")
	}
	var refs []string
	for _, r := range doc.ExprEntities {
		refs = append(refs, fmt.Sprintf("%s %s %s/%s", r.Ref, span(r.Loc), r.Element.Name, r.Attr))
	}
	want := []string{
		"&lt; 2:41-2:45 set-variable/value",
		"&amp; 2:48-2:53 set-variable/value",
		"&amp; 2:53-2:58 set-variable/value",
		"&gt; 3:12-3:16 value/",
	}
	if strings.Join(refs, "\n") != strings.Join(want, "\n") {
		t.Errorf("ExprEntities:\n%s\nwant:\n%s", strings.Join(refs, "\n"), strings.Join(want, "\n"))
	}
}

// TestJSONStringPositions parses a policy decoded from a JSON string: every
// position must point into the JSON file, escapes included.
func TestJSONStringPositions(t *testing.T) {
	json := "{\n  \"value\": \"<policies>\\r\\n  <inbound a=\\\"1\\\">x</inbound></policies>\"\n}\n"
	f := source.NewFile("t.json", []byte(json))
	doc, errs := Parse(jsonValueText(t, f, "value"), Options{Format: XML})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	in := doc.Elements[1]
	if got := span(in.Loc); got != "2:29-2:46" {
		t.Errorf("inbound Loc = %s, want 2:29-2:46", got)
	}
	if got := span(in.Attrs[0].ValueLoc); got != "2:42-2:43" {
		t.Errorf("a ValueLoc = %s, want 2:42-2:43", got)
	}
	if got := span(in.TextLoc); got != "2:46-2:47" {
		t.Errorf("text Loc = %s, want 2:46-2:47", got)
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
		ok   bool
	}{
		{"rawxml", Rawxml, true},
		{"RawXml", Rawxml, true},
		{"xml", XML, true},
		{"xml-link", Rawxml, false},
		{"", Rawxml, false},
	}
	for _, tt := range tests {
		if got, ok := ParseFormat(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("ParseFormat(%q) = %v, %v", tt.in, got, ok)
		}
	}
	if Rawxml.String() != "rawxml" || XML.String() != "xml" {
		t.Errorf("Format.String wrong")
	}
}
