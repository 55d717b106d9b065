package arm

import (
	"testing"

	"github.com/apimlint/apimlint/internal/value"
)

// TestCopyIndexWithoutNameIsTheResourceLoop checks that copyIndex() with no
// loop name, inside a property copy, is the index of the resource's own
// loop, as in ARM and as Bicep compiles an outer for's index inside an inner
// one (bicep-baselines/Modules_CRLF/main.symbolicnames.json); named, it is
// the property loop. Without a resource loop it is unknown, never the
// property loop's index.
func TestCopyIndexWithoutNameIsTheResourceLoop(t *testing.T) {
	doc := parse(t, "t.json", `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2022-09-01",
      "name": "[format('st{0}', copyIndex())]",
      "copy": {"name": "outer", "count": 2},
      "properties": {"copy": [
        {"name": "a", "count": 3, "input": "[add(mul(10, range(0, 2)[copyIndex()]), copyIndex('a'))]"}
      ]}
    },
    {
      "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2022-09-01", "name": "single",
      "properties": {"copy": [{"name": "b", "count": 2, "input": "[copyIndex()]"}]}
    }
  ]
}`)
	res := Read(doc, Options{})
	for _, d := range res.Diagnostics {
		t.Errorf("diagnostic %s: %s", d.Loc, d.Message)
	}
	if len(res.Resources) != 3 {
		t.Fatalf("got %d resources, want 3", len(res.Resources))
	}
	for i, want := range [][]float64{{0, 1, 2}, {10, 11, 12}} {
		a := res.Resources[i].Body.Path("properties.a")
		if a == nil || a.Kind != value.Array || len(a.Elems) != len(want) {
			t.Fatalf("resource %d: properties.a = %v, want %v", i, a, want)
		}
		for j, w := range want {
			if e := a.Elems[j]; e.Kind != value.Number || e.Num != w {
				t.Errorf("resource %d: a[%d] = %v, want %v", i, j, e, w)
			}
		}
	}
	b := res.Resources[2].Body.Path("properties.b")
	if b == nil || len(b.Elems) != 2 {
		t.Fatalf("properties.b = %v, want two elements", b)
	}
	for j, e := range b.Elems {
		if e.Kind != value.Unknown {
			t.Errorf("b[%d] = %v, want unknown: copyIndex() outside a resource loop", j, e)
		}
	}
}
