package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/apimlint/apimlint/internal/finding"
)

// TestCompiledBicepAlone is the variant of case 13 that checks Bicep's
// compiled main.json on its own: the policy held by the $fxv#0 variable is
// reported once, on the variable's line, naming the policy's own line.
func TestCompiledBicepAlone(t *testing.T) {
	dir := filepath.Join(casesDir, "13-bicep-loadtextcontent-compiled-fxv")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("case not found: %v", err)
	}
	res, err := Check(context.Background(), Options{Paths: []string{"main.json"}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	var got []finding.Finding
	for _, f := range res.Findings {
		if f.Severity >= finding.Warning {
			got = append(got, f)
		}
	}
	if len(got) != 1 {
		t.Fatalf("got %d findings, want 1: %v", len(got), got)
	}
	f := got[0]
	if f.Rule != "mi-ignore-error-false" || f.Loc.File != "main.json" || f.Loc.Start.Line != 11 ||
		!strings.Contains(f.Message, "(line 5 of the policy text)") {
		t.Errorf("got %s, want mi-ignore-error-false at main.json:11 naming policy line 5", f)
	}
}

// TestARMParameterFiles checks that parameter values come from the sibling
// <stem>.parameters.json, or from Options.Parameters in its place, and that
// findings on such a value point into the parameter file.
func TestARMParameterFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("backend.json", `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": {"url": {"type": "string", "defaultValue": "https://ok.example.com"}},
  "resources": [
    {"type": "Microsoft.ApiManagement/service/backends", "apiVersion": "2022-08-01", "name": "apim/be",
     "properties": {"url": "[parameters('url')]", "protocol": "http"}}
  ]
}`)
	write("backend.parameters.json", `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "parameters": {"url": {"value": "http://sibling.example.com"}}
}`)
	write("prod.json", `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "parameters": {
    "url": {"value": "https://prod.example.com"}
  }
}`)
	tests := []struct {
		params string
		want   []string
	}{
		{"", []string{"backend.parameters.json:3:35: backend-https"}},
		{"prod.json", nil},
	}
	for _, tt := range tests {
		res, err := Check(context.Background(), Options{Paths: []string{"backend.json"}, Dir: dir,
			Parameters: tt.params})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, fmt.Sprintf("%s:%d:%d: %s", f.Loc.File, f.Loc.Start.Line, f.Loc.Start.Column, f.Rule))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("parameters %q: got %q, want %q", tt.params, got, tt.want)
		}
	}
}

// TestARMRules checks that the rules on resources fire on ARM templates, at
// the exact place of the value at fault: testdata/arm-rules holds a
// hand-written chain (chain.json), a portal export whose policy is escaped
// XML (export.json), a Bicep-compiled languageVersion 2.0 template with a
// Microsoft Graph application (graph.json) and a legacy devops-resource-kit
// style template (legacy.json).
func TestARMRules(t *testing.T) {
	res, err := Check(context.Background(), Options{Paths: []string{"."}, Dir: "testdata/arm-rules"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d:%d: %s [%s]", f.Loc.File, f.Loc.Start.Line, f.Loc.Start.Column,
			f.Severity, f.Rule))
	}
	want := []string{
		"chain.json:18:28: error [apim-has-managed-identity]",
		"chain.json:28:26: warning [api-https-only]",
		"chain.json:29:27: error [backend-https]",
		"chain.json:39:46: note [caller-credentials-not-forwarded]",
		"chain.json:50:78: error [named-value-secret]",
		"chain.json:57:16: error [backend-https]",
		"chain.json:66:48: error [policy-value-not-xml]",
		"chain.json:83:59: error [easyauth-requires-authentication]",
		"export.json:41:24: error [backend-https]",
		"graph.json:16:28: warning [appreg-no-redirect-uris]",
		"graph.json:17:62: error [appreg-implicit-grant-disabled]",
		"graph.json:60:33: error [easyauth-enabled]",
		"legacy.json:14:46: note [caller-credentials-not-forwarded]",
		"legacy.json:14:185: error [policy-format-mismatch]",
		"legacy.json:23:40: error [easyauth-requires-authentication]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// TestARMHostNameBinding checks that a backend calling a site's custom
// domain, declared by a hostNameBindings child as portal exports do, is
// linked to the site.
func TestARMHostNameBinding(t *testing.T) {
	dir := t.TempDir()
	src := `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [
    {"type": "Microsoft.Web/sites", "apiVersion": "2022-09-01", "name": "contoso-func", "kind": "functionapp"},
    {"type": "Microsoft.Web/sites/hostNameBindings", "apiVersion": "2022-09-01",
     "name": "contoso-func/API.contoso.com", "properties": {}},
    {"type": "Microsoft.ApiManagement/service/backends", "apiVersion": "2022-08-01", "name": "apim/func",
     "properties": {"url": "https://api.contoso.com/orders", "protocol": "http"}}
  ]
}`
	if err := os.WriteFile(filepath.Join(dir, "export.json"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	est, _, err := Build(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	be := est.Backends["apim/apim/backends/func"]
	if be == nil {
		t.Fatalf("backend not found; backends: %v", est.Backends)
	}
	if be.Site != "site/contoso-func" {
		t.Errorf("backend site = %q, want site/contoso-func", be.Site)
	}
}
