package lint

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBackendsOfWorkspaces links a set-backend-service backend-id as the
// backend rules judge it: a policy uses its service's backends and those of
// its own workspace, a workspace's own first; a backend of a workspace is
// no target of a policy outside it.
func TestBackendsOfWorkspaces(t *testing.T) {
	dir := t.TempDir()
	info := func(url string) []byte {
		return []byte(`{"properties": {"url": "` + url + `", "protocol": "http"}}`)
	}
	uses := func(id string) []byte {
		return []byte("<policies>\n  <inbound>\n    <set-backend-service backend-id=\"" + id + "\" />\n  </inbound>\n</policies>")
	}
	writeTree(t, dir, map[string][]byte{
		"apis/orders/apiInformation.json":                          []byte(`{"properties": {"displayName": "Orders", "path": "orders"}}`),
		"apis/orders/policy.xml":                                   uses("pay-func"),
		"apis/shop/apiInformation.json":                            []byte(`{"properties": {"displayName": "Shop", "path": "shop"}}`),
		"apis/shop/policy.xml":                                     uses("both"),
		"backends/both/backendInformation.json":                    info("https://service.example.com"),
		"workspaces/ws1/apis/pay/apiInformation.json":              []byte(`{"properties": {"displayName": "Pay", "path": "pay"}}`),
		"workspaces/ws1/apis/pay/policy.xml":                       uses("pay-func"),
		"workspaces/ws1/apis/cart/apiInformation.json":             []byte(`{"properties": {"displayName": "Cart", "path": "cart"}}`),
		"workspaces/ws1/apis/cart/policy.xml":                      uses("both"),
		"workspaces/ws1/backends/pay-func/backendInformation.json": info("https://pay.example.com"),
		"workspaces/ws1/backends/both/backendInformation.json":     info("https://workspace.example.com"),
	})
	est, _, err := Build(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range est.Effective {
		url := "<none>"
		if e.Backend != nil && e.Backend.Backend != "" {
			url = e.Backend.URL
		}
		got[est.APIs[e.API].Name] = url
	}
	want := map[string]string{
		"orders": "<none>",
		"shop":   "https://service.example.com",
		"pay":    "https://pay.example.com",
		"cart":   "https://workspace.example.com",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("backends (-want +got):\n%s", diff)
	}
}

// TestFragmentsOfWorkspaces includes a fragment as the rules find it: a
// policy of a workspace includes the workspace's fragment of that name
// before the service's, and a policy outside it the service's.
func TestFragmentsOfWorkspaces(t *testing.T) {
	dir := t.TempDir()
	includes := []byte("<policies>\n  <inbound>\n    <include-fragment fragment-id=\"f\" />\n  </inbound>\n</policies>")
	fragment := []byte("<fragment>\n  <set-header name=\"X-A\" exists-action=\"override\"><value>a</value></set-header>\n</fragment>")
	writeTree(t, dir, map[string][]byte{
		"apis/shop/apiInformation.json":                []byte(`{"properties": {"displayName": "Shop", "path": "shop"}}`),
		"apis/shop/policy.xml":                         includes,
		"policy fragments/f/policy.xml":                fragment,
		"workspaces/ws1/apis/cart/apiInformation.json": []byte(`{"properties": {"displayName": "Cart", "path": "cart"}}`),
		"workspaces/ws1/apis/cart/policy.xml":          includes,
		"workspaces/ws1/policy fragments/f/policy.xml": fragment,
		"workspaces/ws2/policy fragments/f/policy.xml": fragment,
	})
	est, _, err := Build(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, e := range est.Effective {
		for _, st := range e.Sections["inbound"] {
			got[est.APIs[e.API].Name] = append(got[est.APIs[e.API].Name], est.Policies[st.Fragment].File)
		}
	}
	want := map[string][]string{
		"shop": {"policy fragments/f/policy.xml"},
		"cart": {"workspaces/ws1/policy fragments/f/policy.xml"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fragments included (-want +got):\n%s", diff)
	}
}
