package lint

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
