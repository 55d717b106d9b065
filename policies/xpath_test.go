package policies

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/antchfx/xmlquery"
)

// The tests below record why Parse does not use xmlquery: it rejects
// rawxml, it has no columns, and its lenient mode corrupts expressions.

func TestXMLQueryRejectsRawxml(t *testing.T) {
	const rel = "apim-policies/policy-snippets/Back-end API redundancy.policy.xml"
	b, err := os.ReadFile(filepath.Join(corpusDir, rel))
	if err != nil {
		t.Skipf("corpus file not found: %v", err)
	}
	_, err = xmlquery.Parse(strings.NewReader(string(b)))
	if err == nil || err.Error() != "XML syntax error on line 16: attribute name without = in element" {
		t.Errorf("xmlquery.Parse error = %v, want the inner quote to end the attribute on line 16", err)
	}
	if _, errs := parseFile(rel, b, Rawxml); len(errs) > 0 {
		t.Errorf("Parse errors: %v", errs)
	}
}

func TestXMLQueryHasNoColumns(t *testing.T) {
	var positional []string
	for _, f := range reflect.VisibleFields(reflect.TypeOf(xmlquery.Node{})) {
		if f.Type.Kind() == reflect.Int {
			positional = append(positional, f.Name)
		}
	}
	if got := strings.Join(positional, " "); got != "level LineNumber" {
		t.Errorf("int fields of xmlquery.Node = %q, want only level and LineNumber", got)
	}

	src := "<policies>\n  <inbound>\n    <set-header\n      name=\"a\"\n      exists-action=\"override\">\n" +
		"      <value>x</value>\n    </set-header>\n  </inbound>\n</policies>\n"
	doc, err := xmlquery.ParseWithOptions(strings.NewReader(src), xmlquery.ParserOptions{WithLineNumbers: true})
	if err != nil {
		t.Fatal(err)
	}
	// The start tag runs from line 3 to line 5; xmlquery says line 4.
	if n := xmlquery.FindOne(doc, "//set-header"); n.LineNumber != 4 {
		t.Errorf("xmlquery line of set-header = %d, want 4", n.LineNumber)
	}
	if n := xmlquery.FindOne(doc, "//set-header/@name"); n.LineNumber != 0 {
		t.Errorf("xmlquery line of @name = %d, want 0", n.LineNumber)
	}
	ours := mustParse(t, src, XML).Find("set-header")[0]
	if got := span(ours.Loc) + " " + span(ours.Attrs[0].ValueLoc); got != "3:5-5:32 4:13-4:14" {
		t.Errorf("Parse positions = %s, want 3:5-5:32 4:13-4:14", got)
	}
}

func TestXMLQueryLenientInventsElements(t *testing.T) {
	src := "<policies><inbound><set-body>@(context.Request.Body.As<string>())</set-body></inbound></policies>"
	opts := xmlquery.ParserOptions{Decoder: &xmlquery.DecoderOptions{Strict: false}}
	doc, err := xmlquery.ParseWithOptions(strings.NewReader(src), opts)
	if err != nil {
		t.Fatal(err)
	}
	if n := xmlquery.FindOne(doc, "//set-body/string"); n == nil {
		t.Errorf("lenient xmlquery no longer invents <string>: revisit the package doc")
	}
	if got := xmlquery.FindOne(doc, "//set-body").InnerText(); got != "@(context.Request.Body.As())" {
		t.Errorf("lenient set-body text = %q", got)
	}
	if got := mustParse(t, src, Rawxml).Find("set-body")[0].Text; got != "@(context.Request.Body.As<string>())" {
		t.Errorf("Parse text = %q", got)
	}
}

const xpathDoc = `<policies>
  <inbound>
    <base />
    <set-header name="Authorization" exists-action="override">
      <value>@("Bearer " + (string)context.Variables["t"])</value>
    </set-header>
    <authentication-managed-identity resource="r" ignore-error="true" />
    <choose>
      <when condition="@(context.Variables.GetValueOrDefault<bool>("x"))">
        <authentication-managed-identity resource="s" />
      </when>
    </choose>
  </inbound>
  <backend><base /></backend>
</policies>`

func TestXPath(t *testing.T) {
	doc := mustParse(t, xpathDoc, Rawxml)
	tests := []struct {
		expr string
		want string // names and start lines of the selected elements
	}{
		{"//authentication-managed-identity", "authentication-managed-identity:7 authentication-managed-identity:10"},
		{"//authentication-managed-identity[@ignore-error='true']", "authentication-managed-identity:7"},
		{"/policies/inbound/base", "base:3"},
		{"//set-header/@name", "set-header:4"},
		{"//value[starts-with(text(), '@(')]", "value:5"},
		{"//value/text()", "value:5"},
		{"//when[contains(@condition, 'GetValueOrDefault<bool>(\"x\")')]//*", "authentication-managed-identity:10"},
		{"//*[self::base or self::choose]", "base:3 choose:8 base:14"},
		{"//missing", ""},
	}
	for _, tt := range tests {
		got, err := doc.XPath(tt.expr)
		if err != nil {
			t.Errorf("XPath(%q): %v", tt.expr, err)
			continue
		}
		var names []string
		for _, e := range got {
			names = append(names, e.Name+":"+strconv.Itoa(e.Loc.Start.Line))
		}
		if s := strings.Join(names, " "); s != tt.want {
			t.Errorf("XPath(%q) = %q, want %q", tt.expr, s, tt.want)
		}
	}
	if _, err := doc.XPath("//["); err == nil {
		t.Error("XPath accepted an invalid expression")
	}
}

func TestXPathEmptyDocumentAndConcurrency(t *testing.T) {
	empty, _ := Parse(textOf("p.xml", ""), Options{})
	if got, err := empty.XPath("//*"); err != nil || len(got) != 0 {
		t.Errorf("XPath on empty document = %v, %v", got, err)
	}
	doc := mustParse(t, xpathDoc, Rawxml)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got, err := doc.XPath("//base"); err != nil || len(got) != 2 {
				t.Errorf("concurrent XPath = %d elements, %v", len(got), err)
			}
		})
	}
	wg.Wait()
}
