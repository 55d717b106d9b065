package arm

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLongReferenceChains checks that a chain of variables (or parameter
// defaults) each naming the next is followed only MaxReferenceDepth deep
// and reported: 300,000 links overflowed the stack, a fatal error.
func TestLongReferenceChains(t *testing.T) {
	const n = 100000
	for _, kind := range []string{"variables", "parameters"} {
		t.Run(kind, func(t *testing.T) {
			var b strings.Builder
			b.WriteString(`{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
"contentVersion": "1.0.0.0",
"` + kind + `": {
`)
			for i := range n {
				if kind == "variables" {
					fmt.Fprintf(&b, "\"v%d\": \"[variables('v%d')]\",\n", i, i+1)
				} else {
					fmt.Fprintf(&b, "\"v%d\": {\"type\": \"string\", \"defaultValue\": \"[parameters('v%d')]\"},\n", i, i+1)
				}
			}
			if kind == "variables" {
				fmt.Fprintf(&b, "\"v%d\": \"end\"},\n", n)
			} else {
				fmt.Fprintf(&b, "\"v%d\": {\"type\": \"string\", \"defaultValue\": \"end\"}},\n", n)
			}
			fmt.Fprintf(&b, `"resources": [{"type": "Microsoft.ApiManagement/service", "apiVersion": "2022-08-01",
  "name": "[%s('v0')]"}]}`, kind)
			got := describeAll(Read(parse(t, "chain.json", b.String()), Options{}))
			want := []string{
				// The name stays unknown, named by the link where the chain was cut.
				fmt.Sprintf("%d Microsoft.ApiManagement/service {%s('v%d')}", n+5, kind, MaxReferenceDepth),
				fmt.Sprintf("diag %d:9 variables and parameters refer to each other more than %d deep; "+
					"the value is not evaluated", MaxReferenceDepth+4, MaxReferenceDepth),
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
