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

// TestTokenInAChooseBranch: the tokens obtained in the branches of a
// <choose> are judged like top-level ones. Both branches obtain one, so
// mi-scope has nothing to say; each resource is checked against the
// Function's Easy Auth.
func TestTokenInAChooseBranch(t *testing.T) {
	got, _ := checkDir(t, "testdata/mi-in-choose", Options{Paths: []string{"."}})
	want := []string{
		`policy.xml:7:52: error: resource "api://legacy-audience" is neither the Easy Auth client ID ` +
			`(11111111-1111-1111-1111-111111111111) nor in allowedAudiences (empty): Easy Auth of the Function app ` +
			`"func-orders" rejects the token (401); set resource to the client ID [mi-resource-matches-easyauth]`,
		`policy.xml:10:52: warning: resource "https://management.azure.com/" is a shared platform audience: any ` +
			`identity in the tenant can obtain a token for it, so the Function app "func-orders" cannot tell APIM ` +
			`from other callers; use the Function's own app registration (Easy Auth client ID) ` +
			`[mi-resource-not-platform-audience]`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
}

// TestSiteByRuntimeHostName links a URL built from a site's runtime host
// name ('https://${func.properties.defaultHostName}/api' in Bicep,
// reference(...).defaultHostName in ARM) to that site, so the token's
// resource is judged against its Easy Auth.
func TestSiteByRuntimeHostName(t *testing.T) {
	for _, tc := range []struct{ dir, want string }{
		{"testdata/site-by-host/bicep", `policy.xml:5:48: error: resource "api://wrong" is neither the Easy Auth ` +
			`client ID (11111111-1111-1111-1111-111111111111) nor in allowedAudiences (empty): Easy Auth of the ` +
			`Function app "func-orders" rejects the token (401); set resource to the client ID [mi-resource-matches-easyauth]`},
		{"testdata/site-by-host/arm", `main.json:9:237: error: resource "api://wrong" is neither the Easy Auth ` +
			`client ID (11111111-1111-1111-1111-111111111111) nor in allowedAudiences (empty): Easy Auth of the ` +
			`Function app "func-orders" rejects the token (401); set resource to the client ID [mi-resource-matches-easyauth]`},
	} {
		got, _ := checkDir(t, tc.dir, Options{Paths: []string{"."}})
		if !slices.Contains(got, tc.want) {
			t.Errorf("%s: findings %q, want among them %q", tc.dir, got, tc.want)
		}
	}
}
