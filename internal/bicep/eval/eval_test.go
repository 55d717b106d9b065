package eval

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/value"
)

// at formats where a span of a text value was written.
func at(v *value.Value, sub string) string {
	i := strings.Index(v.Str, sub)
	if i < 0 {
		return "not found"
	}
	loc := v.AsText().Location(i, i+len(sub))
	return fmt.Sprintf("%s:%d:%d-%d:%d", loc.File, loc.Start.Line, loc.Start.Column, loc.End.Line, loc.End.Column)
}

func diags(res *Result) []string {
	var out []string
	for _, d := range res.Diagnostics {
		sev := d.Severity
		if sev == "" {
			sev = "error"
		}
		out = append(out, fmt.Sprintf("%s: %s: %s [%s]", d.Loc, sev, d.Message, d.Rule))
	}
	return out
}

func one(t *testing.T, res *Result, name string) *estate.Resource {
	t.Helper()
	rs := byName(res, name)
	if len(rs) != 1 {
		var all []string
		for _, r := range res.Resources {
			n, _ := fullNameOrTemplate(r)
			all = append(all, r.Type+" "+n)
		}
		t.Fatalf("want one resource named %q, got %d; resources: %q", name, len(rs), all)
	}
	return rs[0]
}

func TestReplaceLoadTextContentKeepsPositions(t *testing.T) {
	files := map[string]string{
		"main.bicep": `param apiName string = 'orders'

resource pol 'Microsoft.ApiManagement/service/apis/policies@2022-08-01' = {
  name: 'apim/${apiName}/policy'
  properties: {
    format: 'rawxml'
    value: replace(loadTextContent('policies/api.xml'), '__apiName__', apiName)
  }
}
`,
		"policies/api.xml": "\ufeff<policies>\r\n  <inbound>\r\n    <set-variable name=\"__apiName__\" value=\"x\" />\r\n" +
			"  </inbound>\r\n</policies>\r\n",
	}
	res := evalFiles(t, files, "main.bicep", nil)
	if d := diags(res); len(d) > 0 {
		t.Fatalf("diagnostics: %q", d)
	}
	v := one(t, res, "apim/orders/policy").Body.Path("properties.value")
	want := "<policies>\r\n  <inbound>\r\n    <set-variable name=\"orders\" value=\"x\" />\r\n  </inbound>\r\n</policies>\r\n"
	if v.Str != want {
		t.Fatalf("value %q, want %q", v.Str, want)
	}
	got := []string{at(v, "<policies>"), at(v, "<inbound>"), at(v, "orders"), at(v, `value="x"`),
		at(v, "</policies>")}
	wantAt := []string{
		"policies/api.xml:1:1-1:11", // the byte order mark is not a column
		"policies/api.xml:2:3-2:12",
		"main.bicep:1:25-1:31", // the replacement comes from the parameter's default
		"policies/api.xml:3:38-3:47",
		"policies/api.xml:5:1-5:12",
	}
	if diff := cmp.Diff(wantAt, got); diff != "" {
		t.Errorf("locations (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"policies/api.xml"}, res.Loaded); diff != "" {
		t.Errorf("loaded (-want +got):\n%s", diff)
	}
}

func TestInterpolationKeepsPositionsAndUnknownParts(t *testing.T) {
	files := map[string]string{"main.bicep": `param svc string
var api = 'echo'
resource pol 'Microsoft.ApiManagement/service/apis/policies@2022-08-01' = {
  name: '${svc}/${api}-v1/policy'
  properties: {
    value: 'https://${api}.example.com/\'${api}\''
  }
}
`}
	res := evalFiles(t, files, "main.bicep", nil)
	r := res.Resources[0]
	segs := r.Segments()
	if diff := cmp.Diff([]estate.Segment{{Name: "{svc}"}, {Name: "echo-v1", Known: true},
		{Name: "policy", Known: true}}, segs); diff != "" {
		t.Errorf("segments (-want +got):\n%s", diff)
	}
	if r.Name.Kind != value.Unknown || r.Name.Expr != "'${svc}/${api}-v1/policy'" {
		t.Errorf("name %v %q, want unknown with the expression", r.Name.Kind, r.Name.Expr)
	}
	v := r.Body.Path("properties.value")
	if v.Str != "https://echo.example.com/'echo'" {
		t.Fatalf("value %q", v.Str)
	}
	got := []string{at(v, "https://"), at(v, "echo"), at(v, ".example.com/"), at(v, "'")}
	// An escape sequence maps to the whole sequence: \' is two columns.
	want := []string{"main.bicep:6:13-6:21", "main.bicep:2:12-2:16", "main.bicep:6:27-6:40",
		"main.bicep:6:40-6:42"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("locations (-want +got):\n%s", diff)
	}
}

func TestChildResourceForms(t *testing.T) {
	files := map[string]string{"main.bicep": `resource apim 'Microsoft.ApiManagement/service@2022-08-01' = {
  name: 'contoso'

  resource api 'apis' = {
    name: 'orders'

    resource pol 'policies@2023-05-01-preview' = {
      name: 'policy'
    }
  }
}

resource ops 'Microsoft.ApiManagement/service/apis/operations@2022-08-01' = {
  parent: apim::api
  name: 'get'
}

resource opPol 'Microsoft.ApiManagement/service/apis/operations/policies@2022-08-01' = {
  name: '${apim.name}/${apim::api.name}/${ops.name}/policy'
}
`}
	res := evalFiles(t, files, "main.bicep", nil)
	if d := diags(res); len(d) > 0 {
		t.Fatalf("diagnostics: %q", d)
	}
	type row struct{ Type, Version, Name, Symbol, Parent string }
	var got []row
	for _, r := range res.Resources {
		n, _ := fullNameOrTemplate(r)
		p := ""
		if r.Parent != nil {
			p = r.Parent.Symbol
		}
		got = append(got, row{r.Type, r.APIVersion, n, r.Symbol, p})
	}
	want := []row{
		{"Microsoft.ApiManagement/service", "2022-08-01", "contoso", "apim", ""},
		{"Microsoft.ApiManagement/service/apis", "2022-08-01", "contoso/orders", "apim::api", "apim"},
		{"Microsoft.ApiManagement/service/apis/policies", "2023-05-01-preview", "contoso/orders/policy",
			"apim::api::pol", "apim::api"},
		{"Microsoft.ApiManagement/service/apis/operations", "2022-08-01", "contoso/orders/get", "ops", "apim::api"},
		{"Microsoft.ApiManagement/service/apis/operations/policies", "2022-08-01", "contoso/orders/get/policy",
			"opPol", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resources (-want +got):\n%s", diff)
	}
	if loc := res.Resources[3].Loc; loc.String() != "main.bicep:13:1" || loc.End.Line != 16 {
		t.Errorf("location %s to line %d, want main.bicep:13:1 to line 16", loc, loc.End.Line)
	}
}

func TestRuntimePropertiesAreReferences(t *testing.T) {
	files := map[string]string{"main.bicep": `resource apim 'Microsoft.ApiManagement/service@2022-08-01' existing = {
  name: 'contoso-apim'
}

resource site 'Microsoft.Web/sites@2022-03-01' = {
  name: 'func'
  location: resourceGroup().location
  properties: {
    principal: apim.identity.principalId
    first: apim.identity.userAssignedIdentities[0]
    id: apim.id
    name: apim.name
    type: apim.type
    keys: site.listKeys().keys[0].value
  }
}
`}
	res := evalFiles(t, files, "main.bicep", nil)
	if d := diags(res); len(d) > 0 {
		t.Fatalf("diagnostics: %q", d)
	}
	if !res.Resources[0].Existing || res.Resources[1].Existing {
		t.Errorf("existing flags %v %v, want true false", res.Resources[0].Existing, res.Resources[1].Existing)
	}
	body := res.Resources[1].Body
	ref := func(p string) string {
		v := body.Path(p)
		if v.Ref == nil {
			return fmt.Sprintf("%v %q (no ref)", v.Kind, v.Expr)
		}
		return fmt.Sprintf("%q %s %s %s %s", v.Expr, v.Ref.Symbol, v.Ref.Type, v.Ref.Name, v.Ref.Path)
	}
	got := []string{ref("properties.principal"), ref("properties.first"), ref("properties.id"),
		ref("properties.keys")}
	want := []string{
		`"apim.identity.principalId" apim Microsoft.ApiManagement/service contoso-apim identity.principalId`,
		`"apim.identity.userAssignedIdentities[0]" apim Microsoft.ApiManagement/service contoso-apim ` +
			`identity.userAssignedIdentities[0]`,
		`"apim.id" apim Microsoft.ApiManagement/service contoso-apim id`,
		`"site.listKeys().keys[0].value" site Microsoft.Web/sites func listKeys().keys[0].value`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("references (-want +got):\n%s", diff)
	}
	if f := estate.FieldOf(body.Path("properties.id")); f.Template !=
		"/subscriptions/{…}/resourceGroups/{…}/providers/Microsoft.ApiManagement/service/contoso-apim" {
		t.Errorf("id template %q", f.Template)
	}
	if s, _ := body.Path("properties.name").StringValue(); s != "contoso-apim" {
		t.Errorf("name %q", s)
	}
	if s, _ := body.Path("properties.type").StringValue(); s != "Microsoft.ApiManagement/service" {
		t.Errorf("type %q", s)
	}
	if loc := body.Get("location"); loc.Kind != value.Unknown || loc.Expr != "resourceGroup().location" {
		t.Errorf("location %v %q, want unknown resourceGroup().location", loc.Kind, loc.Expr)
	}
}

func TestLoopsAndConditions(t *testing.T) {
	files := map[string]string{"main.bicep": `param names array
param deploy bool

resource apis 'Microsoft.ApiManagement/service/apis@2022-08-01' = [for (n, i) in ['a', 'b', 'c']: if (i != 1) {
  name: 'svc/${n}-${i}'
}]

resource more 'Microsoft.ApiManagement/service/apis@2022-08-01' = [for n in names: {
  name: 'svc/${n}'
}]

resource ranged 'Microsoft.ApiManagement/service/backends@2022-08-01' = [for i in range(1, 2): if (deploy) {
  name: 'svc/be${i}'
}]

var upper = map(['x', 'y'], s => toUpper(s))
resource fromVar 'Microsoft.ApiManagement/service/products@2022-08-01' = [for p in filter(upper, s => s != 'X'): {
  name: 'svc/${p}'
}]
`}
	res := evalFiles(t, files, "main.bicep", nil)
	if d := diags(res); len(d) > 0 {
		t.Fatalf("diagnostics: %q", d)
	}
	var got []string
	for _, r := range res.Resources {
		n, _ := fullNameOrTemplate(r)
		c := "-"
		if r.Condition != nil {
			c = fmt.Sprint(r.Condition.Interface())
		}
		got = append(got, n+" "+c)
	}
	// A false condition leaves the resource out; an unknown one is kept.
	want := []string{"svc/a-0 true", "svc/c-2 true", "svc/{n} -", "svc/be1 map[$unknown:deploy]",
		"svc/be2 map[$unknown:deploy]", "svc/Y -"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resources (-want +got):\n%s", diff)
	}
}

func TestModules(t *testing.T) {
	files := map[string]string{
		"main.bicep": `resource apim 'Microsoft.ApiManagement/service@2022-08-01' = {
  name: 'contoso'
  identity: { type: 'SystemAssigned' }
}

module apis 'modules/api.bicep' = [for name in ['orders', 'users']: {
  name: 'api-${name}'
  params: {
    service: apim.name
    api: name
    principal: apim.identity.principalId
  }
}]

output first string = apis[0].outputs.path
`,
		"modules/api.bicep": `param service string
param api string
param principal string
param policy string = loadTextContent('../policies/base.xml')

resource pol 'Microsoft.ApiManagement/service/apis/policies@2022-08-01' = {
  name: '${service}/${api}/policy'
  properties: {
    value: policy
    allowed: principal
  }
}

output path string = '/${api}'
`,
		"policies/base.xml": "<policies />",
	}
	res := evalFiles(t, files, "main.bicep", nil)
	if d := diags(res); len(d) > 0 {
		t.Fatalf("diagnostics: %q", d)
	}
	for _, name := range []string{"contoso/orders/policy", "contoso/users/policy"} {
		r := one(t, res, name)
		if r.Loc.String() != "modules/api.bicep:6:1" {
			t.Errorf("%s declared at %s, want modules/api.bicep:6:1", name, r.Loc)
		}
		if len(r.Module) != 1 || r.Module[0].String() != "main.bicep:6:1" {
			t.Errorf("%s module chain %v, want [main.bicep:6:1]", name, r.Module)
		}
		if v := r.Body.Path("properties.value"); at(v, "<policies />") != "policies/base.xml:1:1-1:13" {
			t.Errorf("%s policy at %s", name, at(v, "<policies />"))
		}
		if v := r.Body.Path("properties.allowed"); v.Ref == nil || v.Ref.Symbol != "apim" ||
			v.Ref.Path != "identity.principalId" || v.Loc.String() != "main.bicep:11:16" {
			t.Errorf("%s allowed principal %+v at %s, want a reference to apim written in main.bicep", name,
				v.Ref, v.Loc)
		}
	}
	if diff := cmp.Diff([]string{"modules/api.bicep", "policies/base.xml"}, res.Loaded); diff != "" {
		t.Errorf("loaded (-want +got):\n%s", diff)
	}
}

func TestOutputsOfModules(t *testing.T) {
	files := map[string]string{
		"main.bicep": `module m 'm.bicep' = {
  name: 'm'
}

resource api 'Microsoft.ApiManagement/service/apis@2022-08-01' = {
  name: 'svc/${m.outputs.api}'
}
`,
		"m.bicep": "output api string = 'from-module'\n",
	}
	res := evalFiles(t, files, "main.bicep", nil)
	one(t, res, "svc/from-module")
}

func TestRefusedAndMissingFiles(t *testing.T) {
	files := map[string]string{"main.bicep": `var a = loadTextContent('../outside.xml')
var b = loadJsonContent('missing.json')
module m '../m.bicep' = {
  name: 'm'
}
module r 'br/public:avm/res/api-management/service:0.9.0' = {
  name: 'r'
}
`}
	res := evalFiles(t, files, "main.bicep", nil)
	want := []string{
		"main.bicep:1:25: error: could not read ../outside.xml: it is outside the checked folder [input-unreadable]",
		"main.bicep:2:25: error: could not read missing.json: file does not exist [input-unreadable]",
		"main.bicep:3:10: error: could not read ../m.bicep: it is outside the checked folder [input-unreadable]",
		"main.bicep:6:10: note: module br/public:avm/res/api-management/service:0.9.0 comes from a registry; " +
			"apimlint does not fetch it, so its resources are not checked [bicep-syntax]",
	}
	if diff := cmp.Diff(want, diags(res)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func TestBicepParamFile(t *testing.T) {
	files := map[string]string{
		"main.bicepparam": `using 'main.bicep'

param apimName = readEnvironmentVariable('APIM_NAME', 'fallback')
param key = getSecret('sub', 'rg', 'kv', 'key')
`,
		"main.bicep": `param apimName string
param key string
param api string = 'echo'

resource named 'Microsoft.ApiManagement/service/namedValues@2022-08-01' = {
  name: '${apimName}/${api}-key'
  properties: {
    value: key
  }
}
`,
	}
	res := evalFiles(t, files, "main.bicepparam", map[string]string{"APIM_NAME": "contoso"})
	r := one(t, res, "contoso/echo-key")
	if v := r.Body.Path("properties.value"); v.Kind != value.Unknown ||
		v.Expr != "getSecret('sub', 'rg', 'kv', 'key')" {
		t.Errorf("secret %v %q, want unknown getSecret(...)", v.Kind, v.Expr)
	}
	if diff := cmp.Diff([]string{"main.bicep"}, res.Loaded); diff != "" {
		t.Errorf("loaded (-want +got):\n%s", diff)
	}

	res = evalFiles(t, files, "main.bicepparam", nil)
	n, known := fullNameOrTemplate(res.Resources[0])
	if known || n != "{readEnvironmentVariable('APIM_NAME', 'fallback')}/echo-key" {
		t.Errorf("without --env the name is %q (known %v)", n, known)
	}
}

func TestGraphExtension(t *testing.T) {
	files := map[string]string{"main.bicep": `extension microsoftGraphV1

resource app 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: 'contoso-func-auth'
  displayName: 'Contoso Function'
  web: {
    implicitGrantSettings: { enableAccessTokenIssuance: true }
  }
}

resource sp 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: app.appId
}
`}
	res := evalFiles(t, files, "main.bicep", nil)
	if d := diags(res); len(d) > 0 {
		t.Fatalf("diagnostics: %q", d)
	}
	app := one(t, res, "contoso-func-auth")
	if app.Type != "Microsoft.Graph/applications" || app.APIVersion != "v1.0" {
		t.Errorf("type %s@%s", app.Type, app.APIVersion)
	}
	if b, _ := app.Body.Path("web.implicitGrantSettings.enableAccessTokenIssuance").BoolValue(); !b {
		t.Errorf("implicit grant setting lost")
	}
	id := res.Resources[1].Body.Get("appId")
	if id.Ref == nil || id.Ref.Symbol != "app" || id.Ref.Type != "Microsoft.Graph/applications" ||
		id.Ref.Name != "contoso-func-auth" || id.Ref.Path != "appId" {
		t.Errorf("appId reference %+v", id.Ref)
	}
}

func TestEvaluationProblemsArePositioned(t *testing.T) {
	files := map[string]string{"main.bicep": `var a = undeclared
var b = 1 / 0
var c = a ? 'x' : 'y'
var d = !'text'
var e = [for x in 'text': x]
var self = self
`}
	res := evalFiles(t, files, "main.bicep", nil)
	want := []string{
		"main.bicep:1:9: warning: undeclared is not declared [bicep-syntax]",
		"main.bicep:2:9: warning: division by zero [bicep-syntax]",
		"main.bicep:4:9: warning: ! needs a boolean, not a string [bicep-syntax]",
		"main.bicep:5:19: warning: a loop needs an array, not a string [bicep-syntax]",
		"main.bicep:6:5: error: variable self refers to itself, directly or through others: Bicep does not compile a cycle [bicep-syntax]",
	}
	if diff := cmp.Diff(want, diags(res)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

// TestRuntimeFunctionsInUserFunctions checks Bicep's BCP341: reference()
// and list*() are refused in a user-defined function, also with the az
// namespace, while a user function whose name starts with "list" is not.
func TestRuntimeFunctionsInUserFunctions(t *testing.T) {
	files := map[string]string{"main.bicep": `func keys(id string) object => listKeys(id, '2023-01-01')
func state() string => az.reference('x').state
func listNames(xs array) array => xs
func names() array => listNames(['a'])
`}
	res := evalFiles(t, files, "main.bicep", nil)
	want := []string{
		"main.bicep:1:32: error: listKeys() cannot be used in a user-defined function: its value is known " +
			"only during the deployment [bicep-syntax]",
		"main.bicep:2:24: error: reference() cannot be used in a user-defined function: its value is known " +
			"only during the deployment [bicep-syntax]",
	}
	if diff := cmp.Diff(want, diags(res)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func TestLongChainsOfDeclarations(t *testing.T) {
	var b strings.Builder
	b.WriteString("var v0 = 'x'\n")
	for i := 1; i <= 3*MaxChain; i++ {
		fmt.Fprintf(&b, "var v%d = v%d\n", i, i-1)
	}
	fmt.Fprintf(&b, "resource r 'A.B/c@1' = {\n  name: v%d\n}\n", 3*MaxChain)
	res := evalFiles(t, map[string]string{"main.bicep": b.String()}, "main.bicep", nil)
	if len(res.Resources) != 1 {
		t.Fatalf("%d resources", len(res.Resources))
	}
	// The variables are evaluated in order, so each waits on one before it.
	if n, known := fullNameOrTemplate(res.Resources[0]); !known || n != "x" {
		t.Errorf("name %q (known %v)", n, known)
	}
	if d := diags(res); len(d) > 0 {
		t.Errorf("diagnostics: %q", d)
	}

	b.Reset()
	for i := 3 * MaxChain; i >= 1; i-- {
		fmt.Fprintf(&b, "var v%d = v%d\n", i, i-1)
	}
	b.WriteString("var v0 = 'x'\n")
	res = evalFiles(t, map[string]string{"main.bicep": b.String()}, "main.bicep", nil)
	// Declared last first, each chain stops MaxChain deep, and the next
	// variable in file order starts the next chain.
	var want []string
	for _, line := range []int{MaxChain + 1, 2*MaxChain + 1, 3*MaxChain + 1} {
		want = append(want, fmt.Sprintf("main.bicep:%d:5: warning: declarations depend on each other more "+
			"than %d deep; this one is not evaluated [bicep-syntax]", line, MaxChain))
	}
	if diff := cmp.Diff(want, diags(res)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}
