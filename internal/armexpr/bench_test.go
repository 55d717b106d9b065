package armexpr

import (
	"testing"

	"github.com/apimlint/apimlint/internal/value"
)

// benchExprs are expressions of the shapes ARM exports and Bicep output
// hold.
var benchExprs = []string{
	"[concat(parameters('apim'), '/policy')]",
	"[resourceId('Microsoft.ApiManagement/service/apis', parameters('apim'), 'echo-api')]",
	"[format('{0}/{1}', parameters('apim'), 'policy')]",
	"[reference(resourceId('Microsoft.ApiManagement/service', parameters('apim')), '2021-08-01', 'Full').identity.principalId]",
	"[concat('<policies>\r\n  <inbound>\r\n    <base />\r\n    <set-backend-service backend-id=\"', parameters('fn'), '\" />\r\n  </inbound>\r\n</policies>')]",
	"[if(parameters('flag'), variables('obj').b.c[1], 0)]",
	"[uri(environment().resourceManager, resourceId('Microsoft.Web/sites', parameters('fn')))]",
	"[toLower(concat(variables('prefix'), uniqueString(resourceGroup().id)))]",
}

// BenchmarkEvalString parses and evaluates each expression once per
// iteration, as reading a template does.
func BenchmarkEvalString(b *testing.B) {
	env := standardEnv(b)
	vals := make([]*value.Value, len(benchExprs))
	for i, s := range benchExprs {
		vals[i] = exprValue(b, s)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, v := range vals {
			if out, errs := EvalString(v, env); out == nil || len(errs) > 0 {
				b.Fatalf("%s: %v", v.Str, errs)
			}
		}
	}
}

// BenchmarkParse parses the same expressions without evaluating them.
func BenchmarkParse(b *testing.B) {
	vals := make([]*value.Value, len(benchExprs))
	for i, s := range benchExprs {
		vals[i] = exprValue(b, s)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, v := range vals {
			if _, err := Parse(v); err != nil {
				b.Fatal(err)
			}
		}
	}
}
