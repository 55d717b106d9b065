package rules_test

import (
	"context"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/engine"
	"github.com/apimlint/apimlint/internal/ruletest"
)

// TestRego runs the Rego unit tests that sit beside every built-in rule, so
// that go test ./... covers them too.
func TestRego(t *testing.T) {
	mods, err := engine.BuiltinModules(true)
	if err != nil {
		t.Fatal(err)
	}
	results, err := ruletest.Run(context.Background(), mods, ruletest.Options{Trace: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) == 0 {
		t.Fatal("no Rego tests found")
	}
	var out strings.Builder
	if ok, err := ruletest.Report(&out, results, false); err != nil || !ok {
		t.Errorf("Rego tests failed (err %v):\n%s", err, out.String())
	}
	t.Logf("%d Rego tests", len(results))
}
