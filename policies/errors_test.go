package policies

import (
	"fmt"
	"runtime/debug"
	"strings"
	"testing"
)

// formatErrors renders errors as "line:col-line:col: message" lines.
func formatErrors(errs []Error) string {
	var lines []string
	for _, e := range errs {
		lines = append(lines, span(e.Loc)+": "+e.Msg)
	}
	return strings.Join(lines, "\n")
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		format Format
		want   []string // every error, in order
	}{
		{"empty input", "", Rawxml, []string{
			"1:1-1:1: expected root element, found end of input"}},
		{"white space only", "  \n", Rawxml, []string{
			"2:1-2:1: expected root element, found end of input"}},
		{"comment only", "<!-- x -->", Rawxml, []string{
			"1:11-1:11: expected root element, found end of input"}},
		{"unclosed element", "<policies>\n  <inbound>\n", Rawxml, []string{
			"2:3-2:12: unclosed element <inbound>: expected </inbound>, found end of input"}},
		{"mismatched end tag", "<a><b></a>", Rawxml, []string{
			"1:7-1:11: expected </b>, found </a>"}},
		{"stray end tag", "<policies><inbound></outbound></policies>", Rawxml, []string{
			"1:20-1:31: expected </inbound>, found </outbound>",
			"1:31-1:42: expected </inbound>, found </policies>"}},
		{"unterminated attribute expression",
			`<policies><inbound><set-variable name="x" value="@(foo(" /></inbound></policies>`, Rawxml, []string{
				`1:50-1:52: unterminated expression: expected ")" to close "@(", found end of input`}},
		{"unterminated text expression",
			`<policies><inbound><value>@{ return (1; </value></inbound></policies>`, Rawxml, []string{
				`1:27-1:29: unterminated expression: expected "}" to close "@{", found end of input`}},
		{"unterminated expression at end", `<p><value>@{ x`, Rawxml, []string{
			`1:11-1:13: unterminated expression: expected "}" to close "@{", found end of input`}},
		{"unterminated attribute", `<policies a="abc`, Rawxml, []string{
			`1:13-1:14: unterminated value of attribute "a": expected '"', found end of input`}},
		{"unterminated single-quoted attribute", `<p a='abc`, Rawxml, []string{
			`1:6-1:7: unterminated value of attribute "a": expected "'", found end of input`}},
		{"unterminated start tag", "<policies", Rawxml, []string{
			`1:1-1:2: unterminated start tag <policies>: expected ">", found end of input`}},
		{"unterminated end tag", "<p></p", Rawxml, []string{
			`1:4-1:7: unterminated end tag </p>: expected ">", found end of input`}},
		{"unterminated comment", "<policies><!-- x", Rawxml, []string{
			`1:11-1:15: unterminated comment: expected "-->", found end of input`}},
		{"double dash in comment", "<policies><!-- a -- b -- --></policies>", Rawxml, []string{
			`1:18-1:20: "--" is not allowed inside a comment`}},
		{"comment ending in three dashes", "<p><!-- a ---></p>", Rawxml, []string{
			`1:11-1:13: "--" is not allowed inside a comment`}},
		{"unterminated CDATA", "<p><![CDATA[x", Rawxml, []string{
			`1:4-1:13: unterminated CDATA section: expected "]]>", found end of input`}},
		{"unterminated processing instruction", "<p><?x", Rawxml, []string{
			`1:4-1:6: unterminated processing instruction: expected "?>", found end of input`}},
		{"misplaced XML declaration", "<p/>\n<?xml version=\"1.0\"?>", Rawxml, []string{
			"2:1-2:22: misplaced XML declaration: it is only allowed at the start of the document"}},
		{"processing instruction without target", "<p><? x?></p>", Rawxml, []string{
			`1:4-1:6: expected processing instruction target after "<?", found " "`}},
		{"invalid UTF-8", "<policies a=\"\xff\"/>", Rawxml, []string{
			"1:14-1:15: invalid UTF-8 byte 0xff"}},
		{"control character", "<p>a\x01</p>", Rawxml, []string{
			"1:5-1:6: invalid character U+0001"}},
		{"binary garbage", "\x00\x01\x02\xff\xfe", Rawxml, []string{
			"1:1-1:2: invalid character U+0000",
			`1:1-1:2: expected root element, found "\x00"`}},
		{"text before root", "hello <policies/>", Rawxml, []string{
			`1:1-1:2: expected root element, found "h"`}},
		{"text after root", "<policies/>\nx", Rawxml, []string{
			`2:1-2:2: expected end of document, found "x"`}},
		{"element after root", "<policies/><policies/>", Rawxml, []string{
			"1:12-1:21: expected end of document, found element <policies>"}},
		{"end tag after root", "<p/></p>", Rawxml, []string{
			"1:5-1:9: expected end of document, found </p>"}},
		{"CDATA before root", "<![CDATA[x]]><p/>", Rawxml, []string{
			"1:1-1:10: expected root element, found CDATA section"}},
		{"less-than in attribute", `<p a="x<y"/>`, XML, []string{
			`1:8-1:9: unescaped "<" in the value of attribute "a"`}},
		{"bare ampersand", "<p>a & b</p>", Rawxml, []string{
			`1:6-1:7: expected entity reference after "&", found " " (write "&" as "&amp;")`}},
		{"undefined entity", "<p>a &nbsp; b</p>", Rawxml, []string{
			`1:6-1:12: undefined entity "&nbsp;"`}},
		{"invalid character reference", "<p>&#0;&#xD800;&#x110000;</p>", Rawxml, []string{
			`1:4-1:8: invalid character reference "&#0;"`,
			`1:8-1:16: invalid character reference "&#xD800;"`,
			`1:16-1:26: invalid character reference "&#x110000;"`}},
		{"attribute without value", "<p a/>", Rawxml, []string{
			`1:5-1:6: expected "=" after attribute name "a", found "/"`}},
		{"unquoted attribute value", "<p a=b/>", Rawxml, []string{
			`1:6-1:7: expected quoted value for attribute "a", found "b"`}},
		{"duplicate attribute", `<p a="1" a="2"/>`, Rawxml, []string{
			`1:10-1:11: duplicate attribute "a" in element <p>`}},
		{"no space between attributes", `<p a="1"b="2"/>`, Rawxml, []string{
			`1:9-1:10: expected white space, "/>" or ">" after attribute value, found "b"`}},
		{"bad attribute name", `<p a="1" ="2"/>`, Rawxml, []string{
			`1:10-1:11: expected attribute name, found "="`}},
		{"slash inside start tag", `<p / a="1"/>`, Rawxml, []string{
			`1:4-1:5: expected ">" after "/", found " "`}},
		{"less-than in text", "<p>a < b</p>", Rawxml, []string{
			`1:6-1:7: expected element name after "<", found " "`}},
		{"end tag without name", "<p></></p>", Rawxml, []string{
			`1:4-1:6: expected element name after "</", found ">"`}},
		{"end tag with junk", "<p></p x>", Rawxml, []string{
			`1:8-1:9: expected ">" to end </p, found "x"`}},
		{"unknown markup", "<p><!FOO></p>", Rawxml, []string{
			`1:4-1:6: expected comment or CDATA section after "<!", found "F"`}},
		{"raw expression in xml format and broken xml", `<p a="@(x("y"))"><q></p>`, XML, []string{
			`1:12-1:13: expected white space, "/>" or ">" after attribute value, found "y"`,
			`1:21-1:25: expected </q>, found </p>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, errs := Parse(textOf("p.xml", tt.src), Options{Format: tt.format})
			if doc == nil {
				t.Fatal("nil document")
			}
			if got, want := formatErrors(errs), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestDoctypeIsNeverExpanded feeds a "billion laughs" document: the DOCTYPE
// is reported and skipped, and its entities stay undefined.
func TestDoctypeIsNeverExpanded(t *testing.T) {
	var b strings.Builder
	b.WriteString("<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, " <!ENTITY lol%d \"%s\">\n", i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
	}
	b.WriteString("]>\n<lolz>&lol9;</lolz>\n")
	doc, errs := Parse(textOf("p.xml", b.String()), Options{})
	want := "1:1-12:3: DOCTYPE is not allowed in a policy document\n" +
		`13:7-13:13: undefined entity "&lol9;"`
	if got := formatErrors(errs); got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
	if doc.Root == nil || doc.Root.Text != "&lol9;" {
		t.Errorf("root = %+v, want text &lol9; as written", doc.Root)
	}
}

func TestDoctypeWithQuotedBracket(t *testing.T) {
	_, errs := Parse(textOf("p.xml", `<!DOCTYPE p SYSTEM "a>]"><p/>`), Options{})
	if got := formatErrors(errs); got != "1:1-1:26: DOCTYPE is not allowed in a policy document" {
		t.Errorf("errors: %s", got)
	}
}

func TestDepthLimit(t *testing.T) {
	src := strings.Repeat("<a>", 1001) + strings.Repeat("</a>", 1001)
	doc, errs := Parse(textOf("p.xml", src), Options{})
	if got, want := formatErrors(errs), "1:3001-1:3004: element nesting exceeds the maximum depth of 1000"; got != want {
		t.Errorf("errors: %s, want %s", got, want)
	}
	if len(doc.Elements) != 1000 || doc.Elements[999].Depth != 999 {
		t.Errorf("got %d elements, want 1000 down to depth 999", len(doc.Elements))
	}
	_, errs = Parse(textOf("p.xml", "<a><b><c/></b></a>"), Options{MaxDepth: 2})
	if got, want := formatErrors(errs), "1:7-1:11: element nesting exceeds the maximum depth of 2"; got != want {
		t.Errorf("errors: %s, want %s", got, want)
	}
}

// TestElementLimit checks that a document of more elements than the limit
// stops at the first element over it, keeping those before.
func TestElementLimit(t *testing.T) {
	src := "<policies>\n<inbound>\n" + strings.Repeat("<base />\n", DefaultMaxElements) + "</inbound>\n</policies>\n"
	doc, errs := Parse(textOf("p.xml", src), Options{})
	want := fmt.Sprintf("%d:1-%d:9: the document has more than %d elements; apimlint reads no more of it",
		DefaultMaxElements+1, DefaultMaxElements+1, DefaultMaxElements)
	if got := formatErrors(errs); got != want {
		t.Errorf("errors: %s, want %s", got, want)
	}
	if len(doc.Elements) != DefaultMaxElements {
		t.Errorf("got %d elements, want %d", len(doc.Elements), DefaultMaxElements)
	}
	_, errs = Parse(textOf("p.xml", "<a><b/><c/></a>"), Options{MaxElements: 2})
	if got, want := formatErrors(errs), "1:8-1:12: the document has more than 2 elements; apimlint reads no more of it"; got != want {
		t.Errorf("errors: %s, want %s", got, want)
	}
}

// TestDeepNestingWithoutLimit checks that nesting costs no goroutine stack:
// with the stack capped at 1 MiB, 100,000 levels parse when the caller
// lifts the depth limit. A parser recursing per level would crash here.
func TestDeepNestingWithoutLimit(t *testing.T) {
	const depth = 100_000
	src := strings.Repeat("<a>", depth) + strings.Repeat("</a>", depth)
	defer debug.SetMaxStack(debug.SetMaxStack(1 << 20))
	doc, errs := Parse(textOf("p.xml", src), Options{MaxDepth: depth, MaxElements: depth})
	if len(errs) > 0 || len(doc.Elements) != depth {
		t.Errorf("got %d elements and errors %v", len(doc.Elements), errs)
	}
}

func TestErrorLimit(t *testing.T) {
	src := "<p>" + strings.Repeat("& ", 50) + "</p>"
	_, errs := Parse(textOf("p.xml", src), Options{})
	if len(errs) != maxErrors {
		t.Errorf("got %d errors, want %d", len(errs), maxErrors)
	}
}

func TestErrorString(t *testing.T) {
	_, errs := Parse(textOf("dir/p.xml", "<p>"), Options{})
	if got, want := errs[0].Error(), "dir/p.xml:1:1: unclosed element <p>: expected </p>, found end of input"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestFormatFallback checks the XML format: content that only rawxml rules
// read is returned as a rawxml tree with XMLFault, and no errors.
func TestFormatFallback(t *testing.T) {
	src := "<policies>\n<when condition=\"@(m == \"GET\")\"/>\n</policies>"
	doc, errs := Parse(textOf("p.xml", src), Options{Format: XML})
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if doc.XMLFault == nil || doc.Format != Rawxml {
		t.Fatalf("XMLFault = %v, Format = %v", doc.XMLFault, doc.Format)
	}
	if got, want := span(doc.XMLFault.Loc)+": "+doc.XMLFault.Msg,
		`2:26-2:27: expected white space, "/>" or ">" after attribute value, found "G"`; got != want {
		t.Errorf("XMLFault = %s, want %s", got, want)
	}
	if got := doc.Elements[1].AttrValue("condition"); got != `@(m == "GET")` {
		t.Errorf("condition = %q", got)
	}
	if doc, _ := Parse(textOf("p.xml", src), Options{Format: Rawxml}); doc.XMLFault != nil {
		t.Errorf("rawxml format set XMLFault")
	}
}
