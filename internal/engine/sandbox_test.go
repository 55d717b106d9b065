package engine

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/topdown"
)

// userRule returns a custom rule module whose report holds body's result.
func userRule(id, body string) Module {
	return Module{Path: "user/" + id + ".rego", Custom: true, Source: `# METADATA
# title: User rule
# description: A rule of the user's.
# custom:
#   id: ` + id + `
#   severity: error
package apimlint.rules["` + id + `"]

report contains x if {
	` + body + `
}
`}
}

// TestSandboxForbiddenBuiltins checks that each built-in that reaches the
// network, the host's files or its environment makes a user rule fail to
// compile, with an error naming the built-in and the rule's file.
func TestSandboxForbiddenBuiltins(t *testing.T) {
	tests := []struct{ builtin, body string }{
		{"http.send", `x := http.send({"method": "GET", "url": "http://127.0.0.1:1/"})`},
		{"net.lookup_ip_addr", `x := net.lookup_ip_addr("example.com")`},
		{"opa.runtime", `x := opa.runtime().env`},
		{"json.match_schema", `x := json.match_schema({}, {"$ref": "file:///etc/hostname"})`},
		{"json.verify_schema", `x := json.verify_schema({"$ref": "file:///etc/hostname"})`},
	}
	base, err := BuiltinModules(false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.builtin, func(t *testing.T) {
			mods := append(base[:len(base):len(base)], userRule("sandbox-rule", tt.body))
			_, err := NewFromModules(context.Background(), mods, Options{})
			if err == nil {
				t.Fatalf("%s compiled", tt.builtin)
			}
			want := "user/sandbox-rule.rego:10: rego_type_error: undefined function " + tt.builtin
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		})
	}
}

// TestSandboxNoRemoteKeys checks that the JWT built-ins take keys as text
// and never fetch a key set from a URL.
func TestSandboxNoRemoteKeys(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`{"keys": []}`))
	}))
	defer srv.Close()
	base, err := BuiltinModules(false)
	if err != nil {
		t.Fatal(err)
	}
	token := "eyJhbGciOiJSUzI1NiIsImprdSI6IiIsImtpZCI6IjEifQ.e30.c2ln"
	body := `[ok, _, _] := io.jwt.decode_verify("` + token + `", {"cert": "` + srv.URL + `/keys"})
	x := {"rule": "jwt-rule", "severity": "error", "message": sprintf("%v", [ok]),
		"location": {"file": "f", "line": 1, "column": 1}}`
	e, err := NewFromModules(context.Background(), append(base, userRule("jwt-rule", body)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	in, _ := ToValue(map[string]any{})
	if _, err := e.Eval(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the key server got %d requests", n)
	}
}

// TestTimeoutNamesRule checks that a rule that would run for hours is
// stopped at the timeout with an error naming it, and only it.
func TestTimeoutNamesRule(t *testing.T) {
	base, err := BuiltinModules(false)
	if err != nil {
		t.Fatal(err)
	}
	loop := userRule("loop-rule", `every i in numbers.range(1, 1000000) {
		every j in numbers.range(1, 1000000) { i != -j }
	}
	x := 1`)
	var printed bytes.Buffer
	e, err := NewFromModules(context.Background(), append(base, loop), Options{Timeout: 200 * time.Millisecond,
		Print: &printed})
	if err != nil {
		t.Fatal(err)
	}
	in, _ := ToValue(map[string]any{})
	_, err = e.Eval(context.Background(), in)
	want := "rules did not finish within 200ms: loop-rule (stopped; a rule that loops or scans too much)"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

// TestTimeoutNamesRuleSideBySide is TestTimeoutNamesRule with rules running
// side by side, as they do over a large input.
func TestTimeoutNamesRuleSideBySide(t *testing.T) {
	base, err := BuiltinModules(false)
	if err != nil {
		t.Fatal(err)
	}
	loop := userRule("loop-rule", `every i in numbers.range(1, 1000000) {
		every j in numbers.range(1, 1000000) { i != -j }
	}
	x := 1`)
	e, err := NewFromModules(context.Background(), append(base, loop), Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	// Not converted: the rules read it on demand.
	in := map[string]any{"files": make([]int, parallelFrom)}
	if n := begin(t, e, in).size(); n < parallelFrom {
		t.Fatalf("size = %d, want at least %d", n, parallelFrom)
	}
	ctx, cancel := context.WithTimeout(context.Background(), e.timeout)
	defer cancel()
	if _, err := e.evalEach(ctx, begin(t, e, in), 2); !topdown.IsCancel(err) {
		t.Fatalf("evalEach err = %v, want a cancellation", err)
	}
	_, err = e.Eval(context.Background(), in)
	want := "rules did not finish within 200ms: loop-rule (stopped; a rule that loops or scans too much)"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}
