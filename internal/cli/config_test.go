package cli

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/lint"
)

// runInRepo runs apimlint in-process in dir, without colour.
func runInRepo(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runIn(t, dir, map[string]string{"NO_COLOR": "1"}, args...)
}

// writeTree writes files (slash paths to contents) under a new folder that
// is its own repository root, and returns the folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files[".git/HEAD"] = "ref: refs/heads/main\n"
	writeFiles(t, dir, files)
	return dir
}

// ignoreErrorPolicy has one finding, mi-ignore-error-false at line 4 (plus
// the lines of above), column 71.
func ignoreErrorPolicy(above string) string {
	return "<policies>\n  <inbound>\n    <base />\n" + above +
		"    <authentication-managed-identity resource=\"api://x\" ignore-error=\"true\" />\n" +
		"  </inbound>\n  <backend><base /></backend>\n  <outbound><base /></outbound>\n" +
		"  <on-error><base /></on-error>\n</policies>\n"
}

func TestConfigUnknownKeyExits2WithPosition(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".apimlint.yaml": "fail-level: error\nrules:\n  backend-https: off\n    \nrulez: {}\n",
		"policy.xml":     ignoreErrorPolicy(""),
	})
	_, errs, code := runInRepo(t, dir, "check", ".")
	want := ".apimlint.yaml:5:1: unknown key \"rulez\" (did you mean \"rules\"?)\n"
	if code != ExitError || errs != want {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, errs, want)
	}
}

func TestConfigMissingRulesFolderExits2WithPosition(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".apimlint.yaml":          "custom-rules:\n  - house\n  - nowhere\n",
		"house/r/placeholder.txt": "",
		"policy.xml":              ignoreErrorPolicy(""),
	})
	_, errs, code := runInRepo(t, dir, "check", ".")
	want := ".apimlint.yaml:3:5: custom-rules \"nowhere\": no such folder (relative paths start at the folder of this file)\n"
	if code != ExitError || errs != want {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, errs, want)
	}
}

func TestConfigFoundFromSubfolderAndExplicit(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".apimlint.yaml":     "rules:\n  mi-ignore-error-false: warning\n",
		"svc/a/policy.xml":   ignoreErrorPolicy(""),
		"other/strict.yaml":  "rules:\n  mi-ignore-error-false: off\n",
		"other/unknown.yaml": "rules:\n  no-such-rule: off\n",
		"svc/a/nothing.json": "{}",
	})
	out, _, code := runInRepo(t, dir, "check", "svc/a")
	want := "svc/a/policy.xml:4:71: warning: "
	if code != ExitOK || !strings.HasPrefix(out, want) {
		t.Errorf("exit %d, out %q; want 0 and a line starting %q", code, out, want)
	}
	out, _, code = runInRepo(t, dir, "check", "--config", "other/strict.yaml", "svc/a")
	if code != ExitOK || !strings.HasPrefix(out, "no problems found") {
		t.Errorf("rule off: exit %d, out %q", code, out)
	}
	_, errs, code := runInRepo(t, dir, "check", "--config", "other/unknown.yaml", "svc/a")
	if code != ExitError || errs != "other/unknown.yaml:2:3: unknown rule \"no-such-rule\"\n" {
		t.Errorf("unknown rule: exit %d, stderr %q", code, errs)
	}
}

func TestConfigFailLevelAndExclude(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".apimlint.yaml":        "fail-level: note\nexclude: ['legacy/**']\n",
		"apis/a/policy.xml":     "<policies>\n  <inbound>\n    <base />\n    <set-header name=\"Ocp-Apim-Subscription-Key\" exists-action=\"override\"><value>x</value></set-header>\n  </inbound>\n  <backend><base /></backend>\n  <outbound><base /></outbound>\n  <on-error><base /></on-error>\n</policies>\n",
		"legacy/old/policy.xml": ignoreErrorPolicy(""),
	})
	out, errs, code := runInRepo(t, dir, "check", ".")
	if strings.Contains(out, "legacy/") {
		t.Errorf("excluded folder was checked:\n%s", out)
	}
	if code != ExitFindings {
		t.Errorf("fail-level note from the file: exit %d, want 1; out %s, err %s", code, out, errs)
	}
	if _, _, code := runInRepo(t, dir, "check", "--fail-level", "error", "."); code != ExitOK {
		t.Errorf("--fail-level error wins over the file: exit %d, want 0", code)
	}
}

func TestRuleParamsReachRules(t *testing.T) {
	// named-value-exists reads no params; this checks the data path through
	// a user rule that reports what it reads.
	rule := `# METADATA
# title: Echo
# description: Reports the configured value.
# custom:
#   id: echo-param
#   severity: warning
package apimlint.rules["echo-param"]

import data.apimlint.lib.config
import data.apimlint.lib.result

report contains result.fail(rego.metadata.chain(), {"file": "policy.xml", "line": 1, "column": 1}, msg) if {
	v := config.param("echo-param", "greeting", "none")
	msg := sprintf("greeting %v", [v])
}
`
	dir := writeTree(t, map[string]string{
		".apimlint.yaml":       "custom-rules: [house]\nrules:\n  echo-param:\n    params:\n      greeting: [hello, 2]\n",
		"house/echo/echo.rego": rule,
		"policy.xml":           "<policies />\n",
	})
	out, errs, _ := runInRepo(t, dir, "check", "policy.xml")
	if !strings.Contains(out, `policy.xml:1:1: warning: greeting ["hello", 2] [echo-param]`) {
		t.Errorf("out:\n%s\nerr: %s", out, errs)
	}
}

func TestInlineSuppressions(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a/policy.xml": ignoreErrorPolicy(
			"    <!-- apimlint-disable-next-line mi-ignore-error-false reason: the backend tolerates it -->\n"),
		"b/policy.xml": ignoreErrorPolicy("    <!-- apimlint-disable-next-line mi-ignore-error-false -->\n"),
		"c/policy.xml": ignoreErrorPolicy("    <!-- apimlint-disable-next-line backend-https reason: x -->\n"),
		"d/policy.xml": "<policies>\n  <inbound>\n    <base />\n" +
			"    <!-- apimlint-disable-next-line mi-ignore-error-false,mi-client-id-static reason: whole element -->\n" +
			"    <choose>\n      <when condition=\"@(true)\">\n" +
			"        <authentication-managed-identity resource=\"api://x\"\n          ignore-error=\"true\" />\n" +
			"      </when>\n    </choose>\n  </inbound>\n</policies>\n",
	})
	out, _, code := runInRepo(t, dir, "check", "--fail-level", "note", ".")
	want := `a/policy.xml:4:5: note: the suppression of mi-ignore-error-false matches no finding`
	if strings.Contains(out, want) {
		t.Errorf("a used suppression is reported unused:\n%s", out)
	}
	for _, line := range []string{
		`b/policy.xml:4:5: error: the suppression of mi-ignore-error-false gives no reason, so it is refused: add reason: why the finding is accepted [invalid-suppression]`,
		`b/policy.xml:5:71: error: authentication-managed-identity`,
		`c/policy.xml:4:5: note: the suppression of backend-https matches no finding: delete it, or correct its rule ID (it covers the next element, resource or line) [unused-suppression]`,
		`c/policy.xml:5:71: error: authentication-managed-identity`,
	} {
		if !strings.Contains(out, line) {
			t.Errorf("missing %q in:\n%s", line, out)
		}
	}
	if strings.Contains(out, "a/policy.xml:5:") || strings.Contains(out, "d/policy.xml:8:") {
		t.Errorf("suppressed finding shown in text:\n%s", out)
	}
	if code != ExitFindings {
		t.Errorf("exit %d", code)
	}

	js, _, _ := runInRepo(t, dir, "check", "-f", "json", "a", "d")
	var rep struct {
		Findings   []json.RawMessage
		Suppressed []struct {
			Rule     string
			Location struct {
				File string
				Line int
			}
			Suppression struct {
				Kind, Reason string
				Location     struct{ Line int }
			}
		}
	}
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 0 || len(rep.Suppressed) != 2 {
		t.Fatalf("json: %d findings, %d suppressed; want 0 and 2:\n%s", len(rep.Findings), len(rep.Suppressed), js)
	}
	s := rep.Suppressed[1]
	if s.Location.File != "d/policy.xml" || s.Location.Line != 8 || s.Suppression.Kind != "inSource" ||
		s.Suppression.Reason != "whole element" || s.Suppression.Location.Line != 4 {
		t.Errorf("suppressed = %+v", s)
	}

	sarif, _, _ := runInRepo(t, dir, "check", "-f", "sarif", "a")
	if !strings.Contains(sarif, `"suppressions": [`) || !strings.Contains(sarif, `"justification": "the backend tolerates it"`) {
		t.Errorf("sarif has no suppression:\n%s", sarif)
	}
}

func TestBicepLineSuppression(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"main.bicep": "param x string\n  // apimlint-disable-next-line backend-https reason: internal network\nvar y = x\n",
	})
	out, _, _ := runInRepo(t, dir, "check", "--fail-level", "note", ".")
	want := "main.bicep:2:3: note: the suppression of backend-https matches no finding: delete it, or correct " +
		"its rule ID (it covers the next element, resource or line) [unused-suppression]\n"
	if !strings.HasPrefix(out, want) {
		t.Errorf("out:\n%s\nwant first line:\n%s", out, want)
	}
}

func TestConfigSuppressionExpires(t *testing.T) {
	files := map[string]string{
		"svc/a/policy.xml": ignoreErrorPolicy(""),
		".apimlint.yaml": "suppressions:\n  - rule: mi-ignore-error-false\n    path: 'svc/**'\n" +
			"    reason: ticket 42\n    expires: 2020-01-31\n",
	}
	dir := writeTree(t, files)
	out, _, code := runInRepo(t, dir, "check", ".")
	want := `svc/a/policy.xml:4:71: error: authentication-managed-identity for resource "api://x" has ignore-error="true": without a token the request still goes to the backend; remove ignore-error or set it to false (the suppression at .apimlint.yaml:2 expired on 2020-01-31: ticket 42) [mi-ignore-error-false]`
	if code != ExitFindings || !strings.Contains(out, want) {
		t.Errorf("exit %d, out:\n%s\nwant line %s", code, out, want)
	}

	files[".apimlint.yaml"] = "suppressions:\n  - rule: mi-ignore-error-false\n    path: 'svc/**'\n" +
		"    reason: ticket 42\n    expires: 2999-01-31\n  - rule: backend-https\n    path: 'nothing/**'\n    reason: r\n"
	dir = writeTree(t, files)
	out, _, code = runInRepo(t, dir, "check", ".")
	wantOut := ".apimlint.yaml:6:5: note: the suppression of backend-https matches no finding: delete it, or correct its rule or path [unused-suppression]\n" +
		"0 errors, 0 warnings, 1 note in 1 file\n"
	if code != ExitOK || out != wantOut {
		t.Errorf("exit %d, out:\n%s\nwant:\n%s", code, out, wantOut)
	}
}

func TestBaselineSurvivesInsertedLines(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"svc/a/policy.xml": ignoreErrorPolicy(""),
		"svc/b/policy.xml": ignoreErrorPolicy(""),
	})
	_, errs, code := runInRepo(t, dir, "check", "--write-baseline", "baseline.json", "svc")
	if code != ExitOK || errs != "apimlint: recorded 2 findings in baseline.json\n" {
		t.Fatalf("write: exit %d, stderr %q", code, errs)
	}
	// Lines inserted above the finding, and a new finding elsewhere.
	p := filepath.Join(dir, "svc", "a", "policy.xml")
	if err := os.WriteFile(p, []byte("<!-- owner: team a -->\n\n"+ignoreErrorPolicy("    <set-header name=\"x\" exists-action=\"override\"><value>y</value></set-header>\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "svc", "c.xml"), []byte(ignoreErrorPolicy("")), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := runInRepo(t, dir, "check", "--baseline", "baseline.json", "svc")
	if code != ExitFindings || errs != "apimlint: 2 findings are in the baseline baseline.json and not shown\n" {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	if strings.Contains(out, "svc/a/policy.xml:8:71") || !strings.Contains(out, "svc/c.xml:4:71") {
		t.Errorf("want only the new finding in c.xml:\n%s", out)
	}
}

// TestBaselineFromAnyFolder: a baseline names files relative to its own
// folder, so one written from the repository root matches a check run in a
// subfolder (-C) and one given the folder by an absolute path. A version 1
// baseline, whose files are named as its run showed them, still matches
// from the folder it was written in.
func TestBaselineFromAnyFolder(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"svc/a/policy.xml": ignoreErrorPolicy(""),
		"svc/b/policy.xml": ignoreErrorPolicy(""),
	})
	if _, errs, code := runInRepo(t, dir, "check", "--write-baseline", "baseline.json", "svc"); code != ExitOK {
		t.Fatalf("write: exit %d, stderr %q", code, errs)
	}
	b, err := lint.ReadBaseline(filepath.Join(dir, "baseline.json"))
	if err != nil {
		t.Fatal(err)
	}
	if b.Version != 2 || len(b.Findings) != 2 || b.Findings[0].File != "svc/a/policy.xml" {
		t.Fatalf("baseline = %+v, want version 2 naming svc/a/policy.xml first", b)
	}
	for _, args := range [][]string{
		{"check", "-C", filepath.Join(dir, "svc"), "--baseline", "../baseline.json", "."},
		{"check", "--baseline", "baseline.json", filepath.Join(dir, "svc")},
	} {
		out, errs, code := runInRepo(t, dir, args...)
		if code != ExitOK || errs != "apimlint: 2 findings are in the baseline "+args[len(args)-2]+" and not shown\n" {
			t.Errorf("%v: exit %d, stderr %q, out:\n%s", args, code, errs, out)
		}
	}

	// A baseline in a folder that does not exist yet, as -o makes them.
	if _, errs, code := runInRepo(t, dir, "check", "--write-baseline", "out/baseline.json", "svc"); code != ExitOK {
		t.Errorf("write into a new folder: exit %d, stderr %q", code, errs)
	}

	// Version 1: the fingerprints of the run that wrote it.
	res, _, _ := runInRepo(t, dir, "check", "-f", "json", "svc")
	var rep struct {
		Findings []struct {
			Rule, Fingerprint, Message string
		}
	}
	if err := json.Unmarshal([]byte(res), &rep); err != nil || len(rep.Findings) != 2 {
		t.Fatalf("json: %v, %d findings", err, len(rep.Findings))
	}
	v1 := `{"version": 1, "findings": [{"rule": "mi-ignore-error-false", "file": "svc/a/policy.xml", "fingerprint": "` +
		rep.Findings[0].Fingerprint + `", "message": ""}]}`
	if err := os.WriteFile(filepath.Join(dir, "v1.json"), []byte(v1), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errs, code := runInRepo(t, dir, "check", "--baseline", "v1.json", "svc"); code != ExitFindings ||
		errs != "apimlint: 1 findings are in the baseline v1.json and not shown\n" || !strings.Contains(out, "svc/b/policy.xml") {
		t.Errorf("v1: exit %d, stderr %q, out:\n%s", code, errs, out)
	}
}

// An extractor folder some of whose files include or exclude leaves out is
// not checked whole: a fragment or backend it names may be one left out, so
// fragment-exists and backend-id-exists say nothing.
func TestPartialExtractorFolderKnowsNoSets(t *testing.T) {
	files := map[string]string{
		"apim/apis/orders/apiInformation.json": `{"properties": {"displayName": "Orders", "path": "orders"}}`,
		"apim/apis/orders/policy.xml": "<policies>\n  <inbound>\n    <base />\n" +
			"    <include-fragment fragment-id=\"frag\" />\n    <set-backend-service backend-id=\"be\" />\n" +
			"  </inbound>\n  <backend><base /></backend>\n  <outbound><base /></outbound>\n  <on-error><base /></on-error>\n</policies>\n",
		"apim/policy fragments/frag/policy.xml":                  "<fragment>\n  <set-header name=\"X-A\" exists-action=\"override\"><value>a</value></set-header>\n</fragment>\n",
		"apim/backends/be/backendInformation.json":               `{"properties": {"url": "https://be.example.com", "protocol": "http"}}`,
		"apim/products/p/productInformation.json":                `{"properties": {"displayName": "P"}}`,
		"apim/products/p/apis/orders/productApiInformation.json": "{}",
	}
	for _, tc := range []struct {
		name, config string
		args         []string
	}{
		{"include", "include: [\"apim/apis/**\"]\n", []string{"check", "."}},
		{"exclude", "", []string{"check", "--exclude", "**/policy fragments/**", "--exclude", "**/backends/**", "."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := maps.Clone(files)
			if tc.config != "" {
				fs[".apimlint.yaml"] = tc.config
			}
			dir := writeTree(t, fs)
			out, errs, _ := runInRepo(t, dir, tc.args...)
			if strings.Contains(out, "fragment-exists") || strings.Contains(out, "backend-id-exists") || errs != "" {
				t.Errorf("stdout %q, stderr %q: want no fragment-exists or backend-id-exists", out, errs)
			}
		})
	}
	// Checked whole, the sets are known: a wrong name is reported, also when
	// an exclude leaves out only files apimlint does not read.
	fs := maps.Clone(files)
	fs["apim/apis/orders/policy.xml"] = strings.Replace(files["apim/apis/orders/policy.xml"], `"frag"`, `"nope"`, 1)
	fs["apim/README.md"] = "# notes\n"
	dir := writeTree(t, fs)
	for _, args := range [][]string{{"check", "."}, {"check", "--exclude", "**/*.md", "."}} {
		out, _, _ := runInRepo(t, dir, args...)
		if !strings.Contains(out, `apim/apis/orders/policy.xml:4:36: error: fragment-id "nope" does not name`) {
			t.Errorf("%v: stdout %q, want the fragment-exists finding", args, out)
		}
	}
}
