package policies

import (
	"testing"

	"github.com/apimlint/apimlint/internal/source"
)

// caseDoc parses a policy file of an acceptance case.
func caseDoc(t *testing.T, rel string, format Format) (*Document, []Error) {
	t.Helper()
	path, b := readCase(t, rel)
	return Parse(source.FileText(source.NewFile(path, b)), Options{Format: format})
}

// TestCase09 has double quotes nested in a double-quoted attribute.
func TestCase09(t *testing.T) {
	doc, errs := caseDoc(t, "09-rawxml-unescaped-quotes/policy.xml", Rawxml)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	sv := doc.Find("set-variable")[0]
	a, _ := sv.Attr("value")
	if want := `@(context.Request.Headers.GetValueOrDefault("X-Original-Host", "unknown"))`; a.Value != want || !a.Expr {
		t.Errorf("value = %q (expr %v), want %q", a.Value, a.Expr, want)
	}
	if got := span(a.ValueLoc); got != "4:46-4:120" {
		t.Errorf("value at %s, want 4:46-4:120", got)
	}
	ami := doc.Find("authentication-managed-identity")[0]
	if got := span(ami.Loc); got != "8:5-8:88" {
		t.Errorf("authentication-managed-identity at %s, want 8:5-8:88", got)
	}
}

// TestCase10 has generics, && and a multi-line block with quotes and ">".
func TestCase10(t *testing.T) {
	doc, errs := caseDoc(t, "10-rawxml-generics-and-operators/policy.xml", Rawxml)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	when := doc.Find("when")[0]
	want := `@(context.Request.Headers.GetValueOrDefault("X-Priority", "0") != "0" && ` +
		`context.Variables.GetValueOrDefault<string>("orderId") != null)`
	if got := when.AttrValue("condition"); got != want {
		t.Errorf("condition = %q, want %q", got, want)
	}
	value := doc.Find("value")[0]
	if !value.TextExpr || span(value.TextLoc) != "8:18-11:12" {
		t.Errorf("value text at %s (expr %v), want 8:18-11:12", span(value.TextLoc), value.TextExpr)
	}
	ami := doc.Find("authentication-managed-identity")[0]
	if ami.Loc.Start.Line != 15 || ami.AttrValue("ignore-error") != "true" || ami.Section().Name != "inbound" {
		t.Errorf("authentication-managed-identity at line %d, ignore-error %q",
			ami.Loc.Start.Line, ami.AttrValue("ignore-error"))
	}
}

// TestCase26 starts with a byte order mark and an XML declaration, and
// uses CRLF line ends.
func TestCase26(t *testing.T) {
	doc, errs := caseDoc(t, "26-policy-file-bom-crlf/policy.xml", Rawxml)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	ami := doc.Find("authentication-managed-identity")[0]
	if got := span(ami.Loc); got != "5:5-5:108" {
		t.Errorf("authentication-managed-identity at %s, want 5:5-5:108", got)
	}
	if got := span(doc.Root.Loc); got != "2:1-2:11" {
		t.Errorf("policies at %s, want 2:1-2:11", got)
	}
}

// TestCase11 has an ARM value with format xml that only rawxml reads.
func TestCase11(t *testing.T) {
	path, b := readCase(t, "11-arm-format-xml-with-raw-expression/azuredeploy.json")
	doc, errs := Parse(jsonValueText(t, source.NewFile(path, b), "value"), Options{Format: XML})
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if doc.XMLFault == nil {
		t.Fatal("no XMLFault for rawxml content in format xml")
	}
	want := `17:102-17:103: expected white space, "/>" or ">" after attribute value, found "P"`
	if got := span(doc.XMLFault.Loc) + ": " + doc.XMLFault.Msg; got != want {
		t.Errorf("XMLFault = %s, want %s", got, want)
	}
	if got := doc.Find("when")[0].AttrValue("condition"); got != `@(context.Request.Method == "POST" && context.Request.Body != null)` {
		t.Errorf("condition = %q", got)
	}

	path, b = readCase(t, "11-arm-format-xml-with-raw-expression/azuredeploy-rawxml.json")
	doc, errs = Parse(jsonValueText(t, source.NewFile(path, b), "value"), Options{Format: Rawxml})
	if len(errs) > 0 || doc.XMLFault != nil || len(doc.Elements) != 14 {
		t.Errorf("rawxml twin: %d elements, errors %v, XMLFault %v", len(doc.Elements), errs, doc.XMLFault)
	}
}
