package lint

import (
	"fmt"
	"slices"
	"testing"
)

// TestFunctionAppAPIMBackendSample checks the corpus sample that deploys one
// API from two alternative templates to an existing service: the Easy Auth
// variant's fragment asks for a token for the platform audience
// https://management.azure.com/, reported with the Function app's Easy Auth
// as the related place; the plain variant loads a policy file whose name
// differs from the one on disk only in case. Nothing else is reported.
func TestFunctionAppAPIMBackendSample(t *testing.T) {
	res := checkCorpusFolder(t, "bicep/function-app-apim-backend")
	var got []string
	for _, f := range res.Findings {
		s := fmt.Sprintf("%s:%d:%d: %s [%s]", f.Loc.File, f.Loc.Start.Line, f.Loc.Start.Column, f.Severity, f.Rule)
		for _, r := range f.Related {
			s += fmt.Sprintf(" see %s:%d", r.Loc.File, r.Loc.Start.Line)
		}
		got = append(got, s)
	}
	want := []string{
		"Bicep/API/APIM-Policies/EasyAuth/APIMManagedIdentityAuthentication.PolicyFragment.xml:3:45: warning " +
			"[mi-resource-not-platform-audience] see Bicep/API/Modules/applicationSecurityConfig.azuredeploy.bicep:66",
		"Bicep/API/functionAppApimAPI.azuredeploy.bicep:39:40: error [input-unreadable]",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
}
