package lint

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMixedEstate reads one estate from three kinds of input: an APIOps
// folder holding the policies, a Bicep file holding the Function apps and
// their Easy Auth, and app registration manifests (see
// testdata/mixed-estate/README.md). It checks that the chain from each API's
// effective policy to its Function app, Easy Auth and app registration is
// found across the files, and that one broken link is reported at each end:
// at the policy (with the Bicep and manifest lines it rests on), and at the
// Easy Auth of the Function that the APIOps backend calls.
func TestMixedEstate(t *testing.T) {
	dir := filepath.Join("testdata", "mixed-estate")
	res, err := Check(context.Background(), Options{Paths: []string{"."}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	est := res.Estate

	// The chain: API -> (backend entity or serviceUrl) -> site -> Easy Auth
	// -> app registration, each step in another file.
	var chains []string
	for _, e := range est.Effective {
		api := est.APIs[e.API]
		if e.Backend == nil || e.Backend.Site == "" {
			t.Errorf("API %s: no Function app found for its backend", api.Name)
			continue
		}
		site := est.Sites[e.Backend.Site]
		for _, id := range site.EasyAuth {
			ea := est.EasyAuth[id]
			app := est.AppRegistrations[ea.AppRegistration]
			if app == nil {
				t.Errorf("Easy Auth %s: no app registration linked", id)
				continue
			}
			chains = append(chains, fmt.Sprintf("%s -%s-> %s (%s) -> %s -> %s", api.Name, e.Backend.Kind,
				site.Name, site.Loc.File, ea.Loc.File, app.Loc.File))
		}
	}
	slices.Sort(chains)
	wantChains := []string{
		"billing -service-url-> func-billing (infra/functions.bicep) -> infra/functions.bicep -> apps/billing.json",
		"orders -backend-id-> func-orders (infra/functions.bicep) -> infra/functions.bicep -> apps/orders.json",
	}
	if diff := cmp.Diff(wantChains, chains); diff != "" {
		t.Errorf("chains (-want +got):\n%s", diff)
	}

	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d %s %s", f.Loc.File, f.Loc.Start.Line, f.Severity, f.Rule))
		for _, r := range f.Related {
			got = append(got, fmt.Sprintf("  see %s:%d: %s", r.Loc.File, r.Loc.Start.Line, r.Message))
		}
	}
	want := []string{
		// The policy end: the resource matches nothing the Function accepts.
		"apiops/apis/billing/policy.xml:5 error mi-resource-matches-easyauth",
		"  see infra/functions.bicep:51: Easy Auth client ID",
		"  see infra/functions.bicep:53: allowedAudiences",
		"  see apps/billing.json:5: identifierUris of the app registration",
		// The Function end: Easy Auth is off on a site only the APIOps
		// backend entity links to; the finding names who calls it.
		"infra/functions.bicep:14 error easyauth-enabled",
		`  see apiops/apis/orders/policy.xml:5: API "orders" sends its requests to it`,
		`  see apiops/backends/orders-func/backendInformation.json:1: backend "orders-func" points to it`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}
