package lint

import (
	"context"
	"os"
	"testing"

	"github.com/apimlint/apimlint/internal/finding"
)

// TestAPIOpsSampleArtifacts checks the APIOps extractor's own sample: the
// API policy apis/basic-api/policy.xml has no <base /> in inbound (line 2,
// column 2 after a tab), which the global policy's ip-filter and
// include-fragment therefore never reach; the global policy itself gets no
// error or warning.
func TestAPIOpsSampleArtifacts(t *testing.T) {
	dir := "../../../shared/corpus/apiops/apiops-sample-artifacts/SampleArtifacts"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("APIOps sample not found at %s: %v", dir, err)
	}
	res, err := Check(context.Background(), Options{Paths: []string{"."}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range res.Findings {
		switch f.Loc.File {
		case "apis/basic-api/policy.xml":
			if f.Rule == "policy-base-required" && f.Severity == finding.Error &&
				f.Loc.Start.Line == 2 && f.Loc.Start.Column == 2 {
				found = true
			}
		case "policy.xml":
			if f.Severity >= finding.Warning {
				t.Errorf("false finding on the global policy: %s", f)
			}
		}
	}
	if !found {
		t.Errorf("no policy-base-required error at apis/basic-api/policy.xml:2:2; got %v", res.Findings)
	}
}
