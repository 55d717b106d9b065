package estate_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/lint"
)

// build reads paths (relative to dir) into an estate, as apimlint check does.
func build(t *testing.T, dir string, paths ...string) *estate.Estate {
	t.Helper()
	est, _, err := lint.Build(lint.Options{Paths: paths, Dir: dir, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	return est
}

// statements renders a section as "scope:name@line" items, marking product
// statements with a "?" and fragment statements with their fragment file.
func statements(est *estate.Estate, sts []*estate.Statement) string {
	var out []string
	for _, st := range sts {
		s := fmt.Sprintf("%s:%s@%d", st.Scope, st.Name, st.Loc.Line)
		if st.Conditional {
			s += "?"
		}
		if st.Fragment != "" {
			s += "(fragment)"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

// TestEffective covers <base /> at the start, middle and end of a section, a
// missing <base />, a fragment and a product, on testdata/effective (its
// README says which file shows what).
func TestEffective(t *testing.T) {
	est := build(t, "../../testdata/effective", ".")
	const global = "global:ip-filter@3"
	const product = "product:quota@4?"
	const api = "api:validate-jwt@2(fragment) api:authentication-managed-identity@5(fragment) api:set-backend-service@5"
	const outbound = "api:set-header@11 global:set-header@11 api:set-header@15"
	tests := []struct {
		sel     string
		inbound string
		cut     string // the inbound cut: "scope file:line dropped"
	}{
		{"shop/list", global + " " + product + " " + api, ""},
		{"shop/buy", "operation:rate-limit@3 " + global + " " + product + " " + api, ""},
		{"shop/refund", "operation:set-header@3", "operation apis/shop/operations/refund/policy.xml:2 5"},
	}
	for _, tt := range tests {
		es := est.FindEffective(tt.sel)
		if len(es) != 1 {
			t.Fatalf("%s: %d effective policies, want 1", tt.sel, len(es))
		}
		e := es[0]
		if got := statements(est, e.Sections["inbound"]); got != tt.inbound {
			t.Errorf("%s inbound:\n got %s\nwant %s", tt.sel, got, tt.inbound)
		}
		if got := statements(est, e.Sections["outbound"]); got != outbound {
			t.Errorf("%s outbound:\n got %s\nwant %s", tt.sel, got, outbound)
		}
		if got := statements(est, e.Sections["backend"]); got != "global:forward-request@8" {
			t.Errorf("%s backend: got %s", tt.sel, got)
		}
		if got := statements(est, e.Sections["on-error"]); got != "" {
			t.Errorf("%s on-error: got %s, want nothing", tt.sel, got)
		}
		got := ""
		if c := e.Cut["inbound"]; c != nil {
			got = fmt.Sprintf("%s %s:%d %d", c.Scope, c.Loc.File, c.Loc.Line, c.Dropped)
		}
		if got != tt.cut {
			t.Errorf("%s inbound cut: got %q, want %q", tt.sel, got, tt.cut)
		}
		for sec, c := range e.Cut {
			if sec != "inbound" {
				t.Errorf("%s: unexpected cut in %s at %s:%d", tt.sel, sec, c.Loc.File, c.Loc.Line)
			}
		}
	}
	if n := len(est.FindEffective("shop")); n != 3 {
		t.Errorf("shop: %d effective policies, want 3 (one per operation)", n)
	}
	if t.Failed() {
		return
	}
	target := est.FindEffective("shop/buy")[0].Backend
	if target == nil || target.Kind != "base-url" || target.URL != "https://shop-func.azurewebsites.net/api" ||
		target.Loc.Line != 5 {
		t.Errorf("shop/buy backend: %+v, want base-url https://shop-func.azurewebsites.net/api at line 5", target)
	}
}

// TestTwoDeploymentsOfOneAPI checks that two templates deploying one API
// name to one existing service are two APIs, each with the policy and the
// operation of its own template, even where the operation's module file
// sorts before both (testdata/two-deployments).
func TestTwoDeploymentsOfOneAPI(t *testing.T) {
	est := build(t, "testdata/two-deployments", ".")
	if n := len(est.APIs); n != 2 {
		t.Fatalf("%d APIs, want 2", n)
	}
	got := map[string]string{}
	for _, e := range est.FindEffective("orders/get") {
		api := est.APIs[e.API]
		got[api.Loc.File] = statements(est, e.Sections["inbound"]) + " from " + e.Sections["inbound"][0].Loc.File
	}
	want := map[string]string{
		"hardened.bicep": "api:authentication-managed-identity@20 from hardened.bicep",
		"plain.bicep":    "api:set-header@20 from plain.bicep",
	}
	for file, w := range want {
		if got[file] != w {
			t.Errorf("inbound of orders/get deployed by %s: got %q, want %q", file, got[file], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("effective policies of orders/get: %v, want one per template", got)
	}
	// API@FILE picks one of them; the rendered policy says which it is.
	for _, sel := range []string{"orders@plain.bicep", "orders@plain.bicep/get"} {
		es := est.FindEffective(sel)
		if len(es) != 1 || est.APIs[es[0].API].Loc.File != "plain.bicep" {
			t.Errorf("%s: %d effective policies, want the one of plain.bicep", sel, len(es))
			continue
		}
		head, _, _ := strings.Cut(est.EffectiveXML(es[0]), "\n")
		const want = `<!-- effective policy of operation "get" of API "orders" as plain.bicep declares it ` +
			`(apim/apim/apis/orders@plain.bicep) -->`
		if head != want {
			t.Errorf("%s: first line\n got %s\nwant %s", sel, head, want)
		}
	}
}
