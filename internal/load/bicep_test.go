package load

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/estate"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBicepStaysInsideTheCheckedFolder checks that loadTextContent and
// modules are refused outside the folder being checked, also through a
// symlink that leads out of it, and that a module read through its parent
// is not read again on its own.
func TestBicepStaysInsideTheCheckedFolder(t *testing.T) {
	tmp := t.TempDir()
	write(t, filepath.Join(tmp, "outside", "secret.xml"), "<policies />")
	root := filepath.Join(tmp, "repo")
	write(t, filepath.Join(root, "main.bicep"), `var a = loadTextContent('link.xml')
var b = loadTextContent('../outside/secret.xml')
var c = loadTextContent('Policy.xml')
var d = loadTextContent('POLICIES/Api.xml')
module m 'mod.bicep' = {
  name: 'm'
}
`)
	write(t, filepath.Join(root, "POLICY.xml"), "<policies />")
	write(t, filepath.Join(root, "policies", "api.xml"), "<policies />")
	write(t, filepath.Join(root, "mod.bicep"), `resource api 'Microsoft.ApiManagement/service/apis@2022-08-01' = {
  name: 'svc/api'
}
`)
	if err := os.Symlink(filepath.Join(tmp, "outside", "secret.xml"), filepath.Join(root, "link.xml")); err != nil {
		t.Skipf("symlinks not available: %v", err)
	}
	files, problems, err := discover.Walk([]string{"."}, discover.Options{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	res := Load(files, problems, Options{Dir: root})
	var main *estate.Input
	for _, in := range res.Inputs {
		if in.Path == "main.bicep" {
			main = in
		}
	}
	if main == nil {
		t.Fatal("main.bicep not read")
	}
	var got []string
	for _, d := range main.Diagnostics {
		got = append(got, d.Loc.String()+": "+d.Message+" ["+d.Rule+"]")
	}
	want := []string{
		"main.bicep:1:25: could not read link.xml: it is a symlink to a file outside the checked folder .; " +
			"not read [input-unreadable]",
		"main.bicep:2:25: could not read ../outside/secret.xml: it is outside the checked folder .; not read " +
			"[input-unreadable]",
		"main.bicep:3:25: could not read Policy.xml: no such file or directory (there is POLICY.xml: names " +
			"differ in case, which only Windows ignores) [input-unreadable]",
		"main.bicep:4:25: could not read POLICIES/Api.xml: no such file or directory (there is policies/api.xml: " +
			"names differ in case, which only Windows ignores) [input-unreadable]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"mod.bicep"}, main.Loaded); diff != "" {
		t.Errorf("loaded (-want +got):\n%s", diff)
	}

	est := estate.Build(res.Inputs, estate.BuildOptions{Workers: 1})
	apis := 0
	for _, r := range est.Resources {
		if r.Type == "Microsoft.ApiManagement/service/apis" {
			apis++
		}
	}
	if len(est.APIs) != 1 || apis > 1 {
		t.Errorf("the module's API is in the estate %d times (%d resources), want once", len(est.APIs), apis)
	}
}

// TestModuleResourcesBelongToTheirDeployment checks that one module
// instantiated by two top-level files declares two services, not one.
func TestModuleResourcesBelongToTheirDeployment(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{"a.bicep", "b.bicep"} {
		write(t, filepath.Join(root, name), `module m 'svc.bicep' = {
  name: 'm'
  params: { name: 'contoso' }
}
`)
	}
	write(t, filepath.Join(root, "svc.bicep"), `param name string
resource apim 'Microsoft.ApiManagement/service@2022-08-01' = {
  name: name
}
`)
	files, problems, err := discover.Walk([]string{"."}, discover.Options{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	est := estate.Build(Load(files, problems, Options{Dir: root}).Inputs, estate.BuildOptions{Workers: 1})
	var ids []string
	for id := range est.Services {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if diff := cmp.Diff([]string{"apim/contoso", "apim/contoso@b.bicep"}, ids); diff != "" {
		t.Errorf("services (-want +got):\n%s", diff)
	}
}

// TestBicepGivesLoadedPoliciesTheirScope checks that a policy file loaded by
// a Bicep policy resource gets that resource's scope and is not also read
// as a loose policy file.
func TestBicepGivesLoadedPoliciesTheirScope(t *testing.T) {
	root := t.TempDir()
	policy := "<policies>\n  <inbound />\n</policies>\n"
	for _, name := range []string{"global.xml", "product.xml", "api.xml", "operation.xml"} {
		write(t, filepath.Join(root, "policies", name), policy)
	}
	write(t, filepath.Join(root, "policies", "fragment.xml"), "<fragment />\n")
	write(t, filepath.Join(root, "main.bicep"), `resource apim 'Microsoft.ApiManagement/service@2022-08-01' existing = {
  name: 'contoso'
}
resource global 'Microsoft.ApiManagement/service/policies@2022-08-01' = {
  parent: apim
  name: 'policy'
  properties: { value: loadTextContent('policies/global.xml') }
}
resource product 'Microsoft.ApiManagement/service/products/policies@2022-08-01' = {
  name: 'contoso/starter/policy'
  properties: { value: loadTextContent('policies/product.xml') }
}
resource api 'Microsoft.ApiManagement/service/apis@2022-08-01' = {
  parent: apim
  name: 'orders'
  resource pol 'policies' = {
    name: 'policy'
    properties: { value: loadTextContent('policies/api.xml') }
  }
  resource op 'operations' = {
    name: 'get'
    resource pol 'policies' = {
      name: 'policy'
      properties: { value: loadTextContent('policies/operation.xml') }
    }
  }
}
resource frag 'Microsoft.ApiManagement/service/policyFragments@2022-08-01' = {
  parent: apim
  name: 'auth'
  properties: { value: loadTextContent('policies/fragment.xml') }
}
`)
	files, problems, err := discover.Walk([]string{"."}, discover.Options{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	est := estate.Build(Load(files, problems, Options{Dir: root}).Inputs, estate.BuildOptions{Workers: 1})
	var got []string
	for _, p := range est.Policies {
		got = append(got, p.File+" "+p.Scope)
	}
	sort.Strings(got)
	want := []string{"policies/api.xml api", "policies/fragment.xml fragment", "policies/global.xml global",
		"policies/operation.xml operation", "policies/product.xml product"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("policies (-want +got):\n%s", diff)
	}
}

// TestLoadedFileKeepsItsTemplatesName: a file two templates load is read
// once, but named from each template's root as that root is shown. One
// template given by a relative path and one by an absolute path (the same
// folder) load policy.xml as b1/policy.xml and as its absolute path.
func TestLoadedFileKeepsItsTemplatesName(t *testing.T) {
	dir := t.TempDir()
	tmpl := `var p = loadTextContent('policy.xml')
`
	write(t, filepath.Join(dir, "b1", "one.bicep"), tmpl)
	write(t, filepath.Join(dir, "b1", "two.bicep"), tmpl)
	write(t, filepath.Join(dir, "b1", "policy.xml"), "<policies />")
	abs := filepath.ToSlash(filepath.Join(dir, "b1", "two.bicep"))
	t.Chdir(dir)  // paths are shown as given: relative to the working directory, or absolute
	for range 5 { // whichever template reads first
		files, problems, err := discover.Walk([]string{"b1/one.bicep", abs}, discover.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res := Load(files, problems, Options{Workers: 2})
		got := map[string][]string{}
		for _, in := range res.Inputs {
			got[in.Path] = in.Loaded
		}
		want := map[string][]string{
			"b1/one.bicep": {"b1/policy.xml"},
			abs:            {filepath.ToSlash(filepath.Join(dir, "b1", "policy.xml"))},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("files loaded (-want +got):\n%s", diff)
		}
	}
}
