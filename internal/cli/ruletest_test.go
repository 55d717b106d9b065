package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestExampleCustomRulesPass runs the example house rules' tests as CI
// would: apimlint test examples/custom-rules.
func TestExampleCustomRulesPass(t *testing.T) {
	out, errs, code := runCLI(t, "test", "examples/custom-rules")
	if code != ExitOK || out != "PASS: 10/10\n" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and PASS: 10/10", code, out, errs)
	}
}

// TestExampleCustomRulesCheck checks the example estate with the example
// rules, which its .apimlint.yaml names: among them a rule that follows a
// policy to its backend and on to a Function app in an ARM template.
func TestExampleCustomRulesCheck(t *testing.T) {
	out, errs, code := runCLI(t, "check", "examples/custom-rules/estate")
	if code != ExitFindings {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	// The custom rules' findings, with the related lines that follow them.
	var got []string
	custom := false
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "    see ") {
			if custom {
				got = append(got, line)
			}
			continue
		}
		custom = false
		for _, id := range []string{"[allowed-backend-hosts]", "[required-correlation-header]",
			"[function-backend-https-only]"} {
			if strings.HasSuffix(line, id) {
				got = append(got, line)
				custom = true
			}
		}
	}
	const est = "examples/custom-rules/estate/"
	want := []string{
		est + `apim/apis/legacy/apiInformation.json:6:19: error: API "legacy" serviceUrl goes to legacy.example.net, which is not an approved backend host (*.azurewebsites.net, *.internal.contoso.com) [allowed-backend-hosts]`,
		est + `apim/apis/orders/policy.xml:1:1: warning: API "orders" does not set the x-correlation-id header in its inbound policies at any scope: add <set-header name="x-correlation-id" exists-action="skip"> [required-correlation-header]`,
		est + `apim/apis/orders/policy.xml:4:5: error: API "orders" sends requests to the Function app "func-orders", which accepts plain HTTP too (httpsOnly is false): set properties.httpsOnly to true [function-backend-https-only]`,
		`    see ` + est + `infra/functions.json:5: Function app "func-orders"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings of the custom rules (-want +got):\n%s\nwhole output:\n%s", diff, out)
	}
}

func TestNewRuleScaffoldPasses(t *testing.T) {
	dir := t.TempDir()
	out, errs, code := runIn(t, dir, nil, "new-rule", "no-trace", "--dir", "house")
	want := "created house/no-trace/no_trace.rego\ncreated house/no-trace/no_trace_test.rego\n"
	if code != ExitOK || out != want {
		t.Fatalf("new-rule: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	out, errs, code = runIn(t, dir, nil, "test", "-v", "house")
	if code != ExitOK || !strings.HasSuffix(out, "PASS: 2/2\n") {
		t.Errorf("test: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if _, errs, code := runIn(t, dir, nil, "new-rule", "no-trace", "--dir", "house"); code != ExitError ||
		errs != "apimlint: "+filepath.FromSlash("house/no-trace")+" already exists\n" {
		t.Errorf("again: exit %d, stderr %q", code, errs)
	}
	if _, errs, code := runIn(t, dir, nil, "new-rule", "NoTrace"); code != ExitError ||
		!strings.Contains(errs, "use kebab-case") {
		t.Errorf("bad name: exit %d, stderr %q", code, errs)
	}
	if _, errs, code := runIn(t, dir, nil, "new-rule", "backend-https"); code != ExitError ||
		errs != "apimlint: rule ID \"backend-https\" is a built-in rule's: pick another (a built-in rule is "+
			"switched off in .apimlint.yaml, not replaced)\n" {
		t.Errorf("built-in ID: exit %d, stderr %q", code, errs)
	}
}

func TestTestReportsFailuresAndCompileErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"house/r/r.rego": "# METADATA\n# title: R\n# description: d\n# custom:\n#   id: r\n#   severity: note\n" +
			"package apimlint.rules[\"r\"]\n\nreport contains 1 if false\n",
		"house/r/r_test.rego": "package apimlint.rules[\"r_test\"]\n\nimport data.apimlint.rules[\"r\"] as rule\n\n" +
			"test_fails if count(rule.report) == 1\n",
	})
	out, _, code := runIn(t, dir, nil, "test", "house")
	if code != ExitFindings || !strings.Contains(out, "FAIL: 1/1") {
		t.Errorf("failing test: exit %d, stdout %q", code, out)
	}

	writeFiles(t, dir, map[string]string{"house/net/net.rego": "# METADATA\n# title: N\n# description: d\n" +
		"# custom:\n#   id: net\n#   severity: note\npackage apimlint.rules[\"net\"]\n\n" +
		"report contains x if x := http.send({\"method\": \"GET\", \"url\": \"http://example.com\"})\n"})
	want := "apimlint: compile rules: 1 error occurred: house/net/net.rego:9: rego_type_error: undefined function " +
		"http.send (apimlint rules run without network or host access: http.send is switched off)\n"
	for _, args := range [][]string{{"test", "house"}, {"check", "--rules", "house", "."}} {
		_, errs, code := runIn(t, dir, nil, args...)
		if code != ExitError || errs != want {
			t.Errorf("%v: exit %d, stderr %q\nwant %q", args, code, errs, want)
		}
	}
}
