package lint

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/apimlint/apimlint/internal/finding"
)

// TestAPIOpsSampleArtifacts checks the APIOps extractor's own sample: the
// API policy apis/basic-api/policy.xml has no <base /> in inbound (line 2,
// column 2 after a tab), which the global policy's ip-filter and
// include-fragment therefore never reach; the global policy itself gets no
// error or warning.
func TestAPIOpsSampleArtifacts(t *testing.T) {
	res := checkCorpusFolder(t, "apiops/apiops-sample-artifacts/SampleArtifacts")
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

// checkCorpusFolder checks a folder of ../shared/corpus whole, as apimlint
// check does from inside it; the test skips when the corpus is absent.
func checkCorpusFolder(t *testing.T, folder string) *Result {
	t.Helper()
	dir := filepath.Join("../../../shared/corpus", filepath.FromSlash(folder))
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus folder not found at %s: %v", dir, err)
	}
	res, err := Check(context.Background(), Options{Paths: []string{"."}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return res
}
