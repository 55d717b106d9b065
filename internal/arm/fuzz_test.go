package arm

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/apimlint/apimlint/internal/jsonpos"
	"github.com/apimlint/apimlint/internal/source"
)

// FuzzRead reads arbitrary JSON as a template and as a REST payload: it
// must never panic, and every diagnostic must carry a position in the file.
// Seeds are the templates of ../lint/testdata/arm-rules and two small
// templates with loops and a nested deployment.
func FuzzRead(f *testing.F) {
	seeds, _ := filepath.Glob("../lint/testdata/arm-rules/*.json")
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"resources": {"a": {"type": "A.B/c", "name": "[concat('x', copyIndex())]",
		"copy": {"name": "l", "count": "[length(variables('v'))]"}}}, "variables": {"v": [1, 2],
		"copy": [{"name": "w", "count": 2, "input": "[copyIndex('w')]"}]}}`))
	f.Add([]byte(`{"resources": [{"type": "Microsoft.Resources/deployments", "name": "d",
		"properties": {"expressionEvaluationOptions": {"scope": "inner"}, "parameters": {"p": {"value": 1}},
		"template": {"parameters": {"p": {"type": "int"}}, "resources": [{"type": "A.B/c",
		"name": "[string(parameters('p'))]", "resources": [{"type": "d", "name": "e"}]}]}}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		v, _ := jsonpos.Parse(source.NewFile("fuzz.json", b))
		if v == nil {
			return
		}
		res := Read(v, Options{Parameters: v})
		for _, d := range res.Diagnostics {
			if d.Loc.File != "fuzz.json" || d.Loc.Start.Line < 1 {
				t.Errorf("diagnostic without a position: %q at %v", d.Message, d.Loc)
			}
		}
		for _, r := range res.Resources {
			if r.Body == nil || r.Name == nil {
				t.Errorf("resource at %s has no body or name", r.Loc)
			}
		}
		ReadPayload(v)
	})
}
