package cli

import "testing"

// TestInspectARMGolden shows what apimlint reads from a trimmed copy of the
// Azure Verified Modules API Management template (testdata/arm-avm): a
// languageVersion 2.0 template whose APIs, backends, named values and
// policies are nested deployments in copy loops over its parameters.
func TestInspectARMGolden(t *testing.T) {
	out, errs, code := runCLI(t, "inspect", "testdata/arm-avm")
	if code != ExitOK {
		t.Fatalf("exit %d, want %d; stderr: %s", code, ExitOK, errs)
	}
	golden(t, "inspect-arm-avm.json", out)
}
