package estate_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"weak"

	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/load"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// TestNamedIndex looks elements up by the value of their name attribute, in
// lower case, as the header rules do.
func TestNamedIndex(t *testing.T) {
	dir := t.TempDir()
	policy := `<policies>
	<inbound>
		<set-header name="Authorization" exists-action="override"><value>x</value></set-header>
		<set-header name="X-Other" exists-action="delete" />
		<set-query-parameter name="code" exists-action="override"><value>y</value></set-query-parameter>
		<set-header exists-action="delete" />
		<set-header name="@((string)context.Variables[&quot;h&quot;])" exists-action="delete" />
	</inbound>
</policies>
`
	if err := os.WriteFile(filepath.Join(dir, "policy.xml"), []byte(policy), 0o644); err != nil {
		t.Fatal(err)
	}
	est := build(t, dir, ".")
	var id string
	for pid := range est.Policies {
		id = pid
	}
	ref := func(i int) []estate.ElementRef { return []estate.ElementRef{{Policy: id, Element: i}} }
	want := map[string]map[string][]estate.ElementRef{
		"set-header":          {"authorization": ref(2), "x-other": ref(4), estate.NamedExpression: ref(8)},
		"set-query-parameter": {"code": ref(5)},
	}
	got := est.Index.Named
	if len(got) != len(want) {
		t.Fatalf("Named = %v, want %v", got, want)
	}
	for el, names := range want {
		if len(got[el]) != len(names) {
			t.Errorf("Named[%s] = %v, want %v", el, got[el], names)
		}
		for name, refs := range names {
			if g := got[el][name]; len(g) != 1 || g[0] != refs[0] {
				t.Errorf("Named[%s][%s] = %v, want %v", el, name, g, refs)
			}
		}
	}
}

// TestComments: a policy keeps its XML comments in order, with the element
// each sits in and where it is written.
func TestComments(t *testing.T) {
	dir := t.TempDir()
	policy := "<!-- before -->\n<policies>\n  <inbound>\n    <!-- in <inbound> -->\n    <base />\n  </inbound>\n</policies>\n"
	if err := os.WriteFile(filepath.Join(dir, "policy.xml"), []byte(policy), 0o644); err != nil {
		t.Fatal(err)
	}
	est := build(t, dir, ".")
	for _, p := range est.Policies {
		want := []estate.Comment{
			{Text: " before ", Parent: -1, Loc: estate.Location{File: "policy.xml", Line: 1, Column: 1, EndLine: 1, EndColumn: 16}},
			{Text: " in <inbound> ", Parent: 1, Loc: estate.Location{File: "policy.xml", Line: 4, Column: 5, EndLine: 4, EndColumn: 26}},
		}
		if len(p.Comments) != len(want) {
			t.Fatalf("Comments = %+v, want %+v", p.Comments, want)
		}
		for i := range want {
			if p.Comments[i] != want[i] {
				t.Errorf("Comments[%d] = %+v, want %+v", i, p.Comments[i], want[i])
			}
		}
	}
}

// TestUnresolved lists the references the linker could not resolve: a
// backend or fragment name no entity of the service or of the policy's
// workspace has, in any case; a {{name}} no named value's display name is,
// in the same case. Names given by an expression or holding a named value
// are known only at deployment and are not listed.
func TestUnresolved(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) { writeTree(t, dir, map[string]string{name: text}) }
	backend := `{"properties": {"url": "https://example.com", "protocol": "http"}}`
	write("backends/orders/backendInformation.json", backend)
	write("workspaces/ws1/backends/pay/backendInformation.json", backend)
	write("workspaces/ws1/apis/cart/apiInformation.json", `{"properties": {"displayName": "Cart", "path": "cart"}}`)
	write("workspaces/ws1/apis/cart/policy.xml", `<policies><inbound><set-backend-service backend-id="pay" /></inbound></policies>`)
	write("policy fragments/auth/policyFragmentInformation.json", `{"properties": {}}`)
	write("policy fragments/auth/policy.xml", `<fragment><base /></fragment>`)
	write("named values/key/namedValueInformation.json", `{"properties": {"displayName": "Func-Key", "secret": true}}`)
	write("apis/shop/apiInformation.json", `{"properties": {"displayName": "Shop", "path": "shop"}}`)
	write("apis/shop/policy.xml", `<policies>
	<inbound>
		<set-backend-service backend-id="ORDERS" />
		<set-backend-service backend-id="pay" />
		<set-backend-service backend-id="@((string)context.Variables[&quot;b&quot;])" />
		<set-backend-service backend-id="{{backend-name}}" />
		<include-fragment fragment-id="Auth" />
		<include-fragment fragment-id="missing" />
		<set-header name="x-functions-key" exists-action="override">
			<value>{{Func-Key}}</value>
		</set-header>
		<set-header name="x-other" exists-action="override">
			<value>{{func-key}}</value>
		</set-header>
	</inbound>
</policies>`)
	est := build(t, dir, ".")
	shop := "apis/shop/policy.xml"
	var pid string
	for id, p := range est.Policies {
		if p.File == shop {
			pid = id
		}
	}
	got := est.Index.Unresolved
	name := func(refs []estate.ElementRef, attr string) []string {
		var out []string
		for _, r := range refs {
			p := est.Policies[r.Policy]
			out = append(out, p.File+": "+p.Elements[r.Element].Attributes.Get(attr).Value)
		}
		return out
	}
	if g, want := name(got.Backends, "backend-id"), []string{shop + ": pay"}; !slices.Equal(g, want) {
		t.Errorf("Unresolved.Backends = %q, want %q", g, want)
	}
	if g, want := name(got.Fragments, "fragment-id"), []string{shop + ": missing"}; !slices.Equal(g, want) {
		t.Errorf("Unresolved.Fragments = %q, want %q", g, want)
	}
	var refs []string
	for _, u := range got.NamedValues {
		if u.Policy != pid {
			t.Errorf("Unresolved.NamedValues has %+v, not of %s", u, shop)
			continue
		}
		r := est.Policies[u.Policy].NamedValueRefs[u.Ref]
		refs = append(refs, fmt.Sprintf("%s@%d:%d", r.Name, r.Loc.Line, r.Loc.Column))
	}
	if want := []string{"backend-name@6:36", "func-key@13:11"}; !slices.Equal(refs, want) {
		t.Errorf("Unresolved.NamedValues = %q, want %q", refs, want)
	}
}

// TestBuildLetsGoOfInputs: Build clears the inputs it is given, and the
// estate holds no resource's value tree, nor the text of a policy: the
// inputs of a large estate are as large as the estate, and need not both
// be held.
func TestBuildLetsGoOfInputs(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"apis/shop/apiInformation.json": `{"properties": {"displayName": "Shop", "path": "shop"}}`,
		"apis/shop/policy.xml":          `<policies><inbound><base /></inbound></policies>`,
	})
	files, problems, err := discover.Walk([]string{"."}, discover.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	res := load.Load(files, problems, load.Options{Dir: dir})
	var bodies []weak.Pointer[value.Value]
	var texts []weak.Pointer[source.Text]
	for _, in := range res.Inputs {
		for _, r := range in.Resources {
			if strings.EqualFold(r.Type, "Microsoft.ApiManagement/service") {
				continue // the service an extractor folder implies: the builder keeps it
			}
			bodies = append(bodies, weak.Make(r.Body))
			if v := r.Body.Path("properties.value"); v != nil && v.Text != nil {
				texts = append(texts, weak.Make(v.Text))
			}
		}
	}
	if len(bodies) != 2 || len(texts) != 1 {
		t.Fatalf("%d resources and %d policy texts read, want 2 and 1", len(bodies), len(texts))
	}
	inputs := res.Inputs
	res.Inputs = nil
	est := estate.Build(inputs, estate.BuildOptions{})
	if len(est.Policies) != 1 || len(est.APIs) != 1 {
		t.Fatalf("estate has %d policies and %d APIs, want 1 and 1", len(est.Policies), len(est.APIs))
	}
	runtime.GC()
	for i, w := range bodies {
		if w.Value() != nil {
			t.Errorf("the value tree of resource %d is still held after Build", i)
		}
	}
	if texts[0].Value() != nil {
		t.Error("the policy's text is still held after Build")
	}
	runtime.KeepAlive(est)
	runtime.KeepAlive(inputs) // Build cleared it
}

// TestStatements: an element belongs to the statement it is or is inside
// of, a child of a section (the first of each name) or of a fragment's
// root; the root, the sections, and what is under a repeated section
// belong to none.
func TestStatements(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"policy.xml": `<policies>
	<inbound>
		<base />
		<choose>
			<when condition="@(true)"><set-header name="a" exists-action="delete" /></when>
		</choose>
	</inbound>
	<inbound>
		<set-variable name="v" value="1" />
	</inbound>
</policies>`,
		"policy fragments/f/policy.xml":                     `<fragment><send-request mode="new"><set-url>https://x</set-url></send-request></fragment>`,
		"policy fragments/f/policyFragmentInformation.json": `{"properties": {}}`,
	})
	est := build(t, dir, ".")
	want := map[string]string{
		"policy.xml":                    "policies:-1 inbound:-1 base:2 choose:3 when:3 set-header:3 inbound:-1 set-variable:-1",
		"policy fragments/f/policy.xml": "fragment:-1 send-request:1 set-url:1",
	}
	got := map[string]string{}
	for _, p := range est.Policies {
		var parts []string
		for _, el := range p.Elements {
			parts = append(parts, fmt.Sprintf("%s:%d", el.Name, el.Statement))
		}
		got[p.File] = strings.Join(parts, " ")
	}
	for file, w := range want {
		if got[file] != w {
			t.Errorf("%s: statements %s, want %s", file, got[file], w)
		}
	}
}

// writeTree writes files, by slash-separated path below dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
