package arm

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/jsonpos"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

func parse(t testing.TB, path, src string) *value.Value {
	t.Helper()
	v, errs := jsonpos.Parse(source.NewFile(path, []byte(src)))
	for _, e := range errs {
		if !e.Warning {
			t.Fatalf("%s: %v", path, e)
		}
	}
	return v
}

// describe renders a resource on one line: line of its declaration, full
// type, full name (unknown segments in braces), and its flags.
func describe(r *estate.Resource) string {
	var names []string
	for _, s := range r.Segments() {
		names = append(names, s.Name)
	}
	out := fmt.Sprintf("%d %s %s", r.Loc.Start.Line, r.Type, strings.Join(names, "/"))
	if r.Symbol != "" {
		out += " symbol=" + r.Symbol
	}
	if r.Parent != nil {
		out += fmt.Sprintf(" parent@%d", r.Parent.Loc.Start.Line)
	}
	if r.Existing {
		out += " existing"
	}
	if r.Condition != nil {
		switch r.Condition.Kind {
		case value.Bool:
			out += fmt.Sprintf(" if=%t", r.Condition.Bool)
		default:
			out += " if={" + r.Condition.Expr + "}"
		}
	}
	return out
}

func describeAll(res *Result) []string {
	out := []string{}
	for _, r := range res.Resources {
		out = append(out, describe(r))
	}
	for _, d := range res.Diagnostics {
		out = append(out, fmt.Sprintf("diag %d:%d %s", d.Loc.Start.Line, d.Loc.Start.Column, d.Message))
	}
	return out
}

func TestReadTemplate(t *testing.T) {
	tests := []struct {
		name   string
		params string // a parameter file, or ""
		src    string
		want   []string
	}{
		{
			name: "nested children take the parent's type and name",
			src: `{
  "resources": [
    {
      "type": "Microsoft.ApiManagement/service",
      "name": "apim",
      "resources": [
        {
          "type": "apis",
          "name": "echo",
          "resources": [
            {"type": "policies", "name": "policy"}
          ]
        },
        {"type": "Microsoft.Insights/diagnosticSettings", "name": "diag"}
      ]
    },
    {"type": "Microsoft.ApiManagement/service/apis/policies", "name": "apim/orders/policy"}
  ]
}`,
			want: []string{
				"3 Microsoft.ApiManagement/service apim",
				"7 Microsoft.ApiManagement/service/apis apim/echo parent@3",
				"11 Microsoft.ApiManagement/service/apis/policies apim/echo/policy parent@7",
				"14 Microsoft.Insights/diagnosticSettings diag",
				"17 Microsoft.ApiManagement/service/apis/policies apim/orders/policy",
			},
		},
		{
			name: "languageVersion 2.0 resources keyed by symbolic name",
			src: `{
  "languageVersion": "2.0",
  "resources": {
    "apim": {"type": "Microsoft.ApiManagement/service", "name": "apim", "existing": true},
    "policy": {"type": "Microsoft.ApiManagement/service/policies", "name": "apim/policy", "condition": false}
  }
}`,
			want: []string{
				"4 Microsoft.ApiManagement/service apim symbol=apim existing",
				"5 Microsoft.ApiManagement/service/policies apim/policy symbol=policy if=false",
			},
		},
		{
			name: "conditions known and unknown, inherited by children",
			src: `{
  "parameters": {"on": {"type": "bool", "defaultValue": true}, "env": {"type": "string"}},
  "resources": [
    {"type": "A.B/c", "name": "a", "condition": "[parameters('on')]"},
    {"type": "A.B/c", "name": "b", "condition": "[equals(parameters('env'), 'prod')]",
     "resources": [{"type": "d", "name": "e"}]},
    {"type": "A.B/c", "name": "f", "condition": "[not(parameters('on'))]",
     "resources": [{"type": "d", "name": "g"}]}
  ]
}`,
			want: []string{
				"4 A.B/c a if=true",
				"5 A.B/c b if={equals(parameters('env'), 'prod')}",
				"6 A.B/c/d b/e parent@5 if={equals(parameters('env'), 'prod')}",
				"7 A.B/c f if=false",
				"8 A.B/c/d f/g parent@7 if=false",
			},
		},
		{
			name: "copy loops: known count, zero, unknown",
			src: `{
  "parameters": {"names": {"type": "array", "defaultValue": ["x", "y"]}, "n": {"type": "int"}},
  "resources": [
    {"type": "A.B/c", "name": "[concat('k', parameters('names')[copyIndex()])]",
     "copy": {"name": "loop", "count": "[length(parameters('names'))]"}},
    {"type": "A.B/c", "name": "[concat('z', copyIndex())]", "copy": {"name": "none", "count": 0}},
    {"type": "A.B/c", "name": "[concat('u', copyIndex(1))]", "copy": {"name": "some", "count": "[parameters('n')]"}}
  ]
}`,
			want: []string{
				"4 A.B/c kx",
				"4 A.B/c ky",
				"6 A.B/c z{copyIndex()} if=false",
				"7 A.B/c u{copyIndex(1)}",
			},
		},
		{
			name: "parameters from a parameter file, defaults and unknown",
			params: `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "parameters": {"apim": {"value": "from-file"}, "secret": {"reference": {"keyVault": {"id": "x"}}}}
}`,
			src: `{
  "parameters": {
    "apim": {"type": "string", "defaultValue": "default"},
    "api": {"type": "string", "defaultValue": "[concat(parameters('apim'), '-api')]"},
    "secret": {"type": "securestring"},
    "missing": {"type": "string"}
  },
  "resources": [
    {"type": "Microsoft.ApiManagement/service/apis", "name": "[format('{0}/{1}', parameters('apim'), parameters('api'))]"},
    {"type": "Microsoft.ApiManagement/service/namedValues", "name": "[concat(parameters('missing'), '/', parameters('secret'))]"}
  ]
}`,
			want: []string{
				"9 Microsoft.ApiManagement/service/apis from-file/from-file-api",
				"10 Microsoft.ApiManagement/service/namedValues {parameters('missing')}/{reference to a Key Vault secret}",
			},
		},
		{
			name: "nullable parameters are null; resources not deployed are not evaluated",
			src: `{
  "languageVersion": "2.0",
  "parameters": {"insights": {"type": "string", "nullable": true}},
  "resources": {
    "ai": {"type": "Microsoft.Insights/components", "condition": "[not(empty(parameters('insights')))]",
           "name": "[last(split(parameters('insights'), '/'))]"}
  }
}`,
			want: []string{"5 Microsoft.Insights/components {last(split(parameters('insights'), '/'))} symbol=ai if=false"},
		},
		{
			name: "variables, copy variables and property copy",
			src: `{
  "variables": {
    "svc": "apim",
    "full": "[concat(variables('svc'), '/echo')]",
    "copy": [{"name": "ops", "count": 2, "input": "[concat('op', copyIndex('ops'))]"}]
  },
  "resources": [
    {"type": "Microsoft.ApiManagement/service/apis/operations", "name": "[concat(variables('full'), '/', variables('ops')[1])]",
     "properties": {"copy": [{"name": "tags", "count": 2, "input": "[concat('t', copyIndex('tags'))]"}]}}
  ]
}`,
			want: []string{"8 Microsoft.ApiManagement/service/apis/operations apim/echo/op1"},
		},
		{
			name: "nested deployments: inner scope with its own parameters, outer scope",
			src: `{
  "parameters": {"apim": {"type": "string", "defaultValue": "outer-apim"}},
  "resources": [
    {
      "type": "Microsoft.Resources/deployments",
      "name": "inner",
      "properties": {
        "expressionEvaluationOptions": {"scope": "inner"},
        "parameters": {"service": {"value": "[parameters('apim')]"}},
        "template": {
          "parameters": {"service": {"type": "string"}, "apim": {"type": "string", "defaultValue": "inner-default"}},
          "resources": [
            {"type": "Microsoft.ApiManagement/service/policies", "name": "[concat(parameters('service'), '/', parameters('apim'))]"}
          ]
        }
      }
    },
    {
      "type": "Microsoft.Resources/deployments",
      "name": "outer",
      "condition": false,
      "properties": {
        "template": {
          "resources": [
            {"type": "Microsoft.ApiManagement/service/policies", "name": "[concat(parameters('apim'), '/policy')]"}
          ]
        }
      }
    }
  ]
}`,
			want: []string{
				"4 Microsoft.Resources/deployments inner",
				"13 Microsoft.ApiManagement/service/policies outer-apim/inner-default",
				"18 Microsoft.Resources/deployments outer if=false",
				"25 Microsoft.ApiManagement/service/policies outer-apim/policy if=false",
			},
		},
		{
			name: "Graph extensibility resources are keyed by uniqueName",
			src: `{
  "languageVersion": "2.0",
  "imports": {"graph": {"provider": "MicrosoftGraph", "version": "0.1.8-preview"}},
  "resources": {
    "app": {"import": "graph", "type": "Microsoft.Graph/applications@v1.0",
            "properties": {"uniqueName": "orders-app", "web": {"redirectUris": []}}}
  }
}`,
			want: []string{"5 Microsoft.Graph/applications orders-app symbol=app"},
		},
		{
			name: "bad declarations become diagnostics",
			src: `{
  "parameters": {"n": {"type": "int", "defaultValue": -1}},
  "resources": [
    42,
    {"name": "no-type"},
    {"type": "A.B/c"},
    {"type": "A.B/c", "name": "[concat('x',)]", "copy": {"name": "l", "count": "[parameters('n')]"}},
    {"type": "A.B/c", "name": "y", "copy": 3},
    {"type": "Microsoft.Resources/deployments", "name": "d", "properties": {"template": []}}
  ]
}`,
			want: []string{
				"7 A.B/c {[concat('x',)]}",
				"8 A.B/c y",
				"9 Microsoft.Resources/deployments d",
				"diag 4:5 a resource must be an object, found number",
				"diag 5:5 a resource needs a type",
				"diag 6:5 a resource needs a name",
				"diag 7:80 a copy count must be a non-negative integer, found -1",
				"diag 7:44 expected a value, found ')'",
				"diag 8:44 a resource's copy must be an object with a name and a count, found number",
				"diag 9:89 a deployment's template must be an object, found array",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts Options
			if tt.params != "" {
				opts.Parameters = parse(t, "azuredeploy.parameters.json", tt.params)
			}
			got := describeAll(Read(parse(t, "azuredeploy.json", tt.src), opts))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestValuesKeepPositions checks that evaluated body values point where they
// were written: a policy in a variable is reported in the variable's string,
// and an unknown value is never an empty string.
func TestValuesKeepPositions(t *testing.T) {
	src := `{
  "parameters": {"url": {"type": "string"}},
  "variables": {"$fxv#0": "<policies>\n<inbound />\n</policies>"},
  "resources": [
    {"type": "Microsoft.ApiManagement/service/policies", "name": "apim/policy",
     "Properties": {"format": "rawxml", "value": "[variables('$fxv#0')]", "url": "[parameters('url')]"}}
  ]
}`
	res := Read(parse(t, "t.json", src), Options{})
	if len(res.Resources) != 1 || len(res.Diagnostics) != 0 {
		t.Fatalf("got %v", describeAll(res))
	}
	props := res.Resources[0].Body.Get("properties")
	val := props.Get("value")
	if val.Kind != value.String {
		t.Fatalf("value is %s", val.Kind)
	}
	// "<inbound />" follows the opening quote (column 27), "<policies>"
	// and the two characters \n: column 28 + 10 + 2.
	if loc := val.AsText().Location(11, 22); loc.Start.Line != 3 || loc.Start.Column != 40 {
		t.Errorf("<inbound /> at %s, want 3:40", loc)
	}
	url := props.Get("url")
	if url.Kind != value.Unknown || url.Expr != "parameters('url')" {
		t.Errorf("url = %s %q, want unknown parameters('url')", url.Kind, url.Expr)
	}
}

func TestReadPayload(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
		skipped   string
	}{
		{
			name: "body with a resource ID",
			src: `{
  "id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.ApiManagement/service/apim1/apis/echo/policies/policy",
  "type": "Microsoft.ApiManagement/service/apis/policies",
  "name": "policy",
  "properties": {"format": "rawxml", "value": "<policies />"}
}`,
			want: []string{"1 Microsoft.ApiManagement/service/apis/policies apim1/echo/policy"},
		},
		{
			name: "API example: the request body, typed by the response",
			src: `{
  "parameters": {"serviceName": "apim1", "parameters": {"properties": {"format": "xml", "value": "<policies />"}}},
  "responses": {"200": {"body": {"id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.ApiManagement/service/apim1/policies/policy",
    "properties": {}}}}
}`,
			want: []string{"2 Microsoft.ApiManagement/service/policies apim1/policy"},
		},
		{
			name: "list response",
			src: `{"value": [
  {"id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.ApiManagement/service/a/namedValues/one", "properties": {}},
  {"type": "Microsoft.ApiManagement/service/namedValues", "name": "two", "properties": {}}
]}`,
			want: []string{"2 Microsoft.ApiManagement/service/namedValues a/one",
				"3 Microsoft.ApiManagement/service/namedValues two"},
		},
		{
			name:    "no type",
			src:     `{"name": "x", "properties": {}}`,
			want:    []string{},
			skipped: "REST payload without a type or a resource ID",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, skipped := ReadPayload(parse(t, "payload.json", tt.src))
			if diff := cmp.Diff(tt.want, describeAll(res)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if skipped != tt.skipped {
				t.Errorf("skipped %q, want %q", skipped, tt.skipped)
			}
		})
	}
}

func TestBicepGenerated(t *testing.T) {
	for src, want := range map[string]bool{
		`{"metadata": {"_generator": {"name": "bicep", "version": "0.30"}}}`: true,
		`{"Metadata": {"_Generator": {"Name": "Bicep"}}}`:                    true,
		`{"metadata": {"_generator": {"name": "psrule"}}}`:                   false,
		`{"resources": []}`: false,
	} {
		if got := BicepGenerated(parse(t, "t.json", src)); got != want {
			t.Errorf("%s: %t, want %t", src, got, want)
		}
	}
}

// TestIterationBudget checks that nested copy loops stop expanding at
// MaxIterations and say so, reading the rest once.
func TestIterationBudget(t *testing.T) {
	src := `{
  "resources": [
    {"type": "A.B/c", "name": "[concat('r', copyIndex())]", "copy": {"name": "r", "count": 800},
     "properties": {"copy": [{"name": "p", "count": 800, "input": "[copyIndex('p')]"}]}}
  ]
}`
	res := Read(parse(t, "t.json", src), Options{})
	if len(res.Resources) != 800 {
		t.Errorf("%d resources, want 800", len(res.Resources))
	}
	want := []string{"diag 4:53 copy loops expand into more than 50000 iterations; this loop is read once"}
	var got []string
	for _, d := range describeAll(res) {
		if strings.HasPrefix(d, "diag") {
			got = append(got, d)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	last := res.Resources[799].Body.Path("properties.p")
	if len(last.Elems) != 1 {
		t.Errorf("the last resource's property loop has %d elements, want 1 representative", len(last.Elems))
	}
}
