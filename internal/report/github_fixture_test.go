package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/apimlint/apimlint/internal/finding"
	"github.com/apimlint/apimlint/internal/source"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// The fixture run: a repository checked out at /runner/work/repo, checked
// from its folder svc/, with findings that exercise every escape: "%", ":"
// and "," in paths, line breaks in a message, a secret, a related location,
// a span over two lines, a finding without a position and non-ASCII text.
const (
	fixtureWorkspace = "/runner/work/repo"
	fixtureDir       = "/runner/work/repo/svc"
)

func fixtureRules() []finding.Rule {
	return []finding.Rule{
		{ID: "fragment-exists", Title: "include-fragment names an existing fragment", Severity: finding.Error,
			Description: "Every include-fragment names a policy fragment of the service.",
			Remediation: "Create the fragment or fix the fragment-id.",
			DocURL:      "https://example.test/docs/rules/fragment-exists.md"},
		{ID: "no-hardcoded-secrets", Title: "No hard-coded secrets in policies", Severity: finding.Error,
			Description: "Keys and passwords stay out of policy files.",
			Remediation: "Keep the value in a secret named value and write {{name}} instead.",
			DocURL:      "https://example.test/docs/rules/no-hardcoded-secrets.md"},
		{ID: "policy-base-required", Title: "Keep <base /> in every section", Severity: finding.Error,
			Description: "Each section of a non-global policy holds <base />.",
			DocURL:      "https://example.test/docs/rules/policy-base-required.md"},
		{ID: "unused-rule", Title: "A rule that found nothing", Severity: finding.Warning},
	}
}

func loc(file string, line, col, endLine, endCol int) source.Location {
	return source.Location{File: file, Range: source.Range{
		Start: source.Pos{Line: line, Column: col}, End: source.Pos{Line: endLine, Column: endCol}}}
}

// fixtureFiles are the checked files the fingerprints read lines from.
var fixtureFiles = map[string]string{
	fixtureDir + "/apis/a%b:c,d/policy.xml": "<policies>\n  <inbound>\n    <set-header name=\"k\">\n" +
		"      <value>q1w2e3r4t5</value>\n    </set-header>\n  </inbound>\n</policies>\n",
	fixtureDir + "/products/starter/policy.xml": "<policies>\n  <inbound>\n" +
		"    <include-fragment fragment-id=\"rate-limits\" />\n  </inbound>\n</policies>\n",
}

func fixtureReport() *Report {
	fs := []finding.Finding{
		{Rule: "no-hardcoded-secrets", Severity: finding.Error,
			Message: "hard-coded key (q1w2****) in set-header \"k\": 100% visible,\nkeep it in a named value",
			Loc:     loc("apis/a%b:c,d/policy.xml", 4, 14, 4, 24), Secrets: []string{"q1w2e3r4t5"}},
		{Rule: "policy-base-required", Severity: finding.Warning,
			Message: "the inbound section has no <base />: «inherited» policies | do not run",
			Loc:     loc("apis/a%b:c,d/policy.xml", 2, 3, 6, 13)},
		{Rule: "input-unreadable", Severity: finding.Error, Message: "cannot read the file: permission denied",
			Loc: source.Location{File: "named values/key/namedValueInformation.json"}},
		{Rule: "fragment-exists", Severity: finding.Error,
			Message: "fragment-id \"rate-limits\" does not name a policy fragment of this service",
			Loc:     loc("products/starter/policy.xml", 3, 36, 3, 49),
			Related: []finding.Related{{Loc: loc("policy fragments/msi-auth/policy.xml", 1, 1, 1, 11),
				Message: "fragment \"msi-auth\""}}},
		{Rule: "policy-base-required", Severity: finding.Note, Message: "the product policy has no on-error section",
			Loc: loc("products/starter/policy.xml", 1, 1, 1, 1)},
	}
	return &Report{Tool: "apimlint", Version: "1.2.3", Findings: finding.Sort(fs), Rules: fixtureRules(), Files: 7,
		FailLevel: finding.Error}
}

func fixtureCI() CI {
	return CI{Dir: fixtureDir, Workspace: fixtureWorkspace, ServerURL: "https://github.com",
		Repository: "octo/apim", SHA: "0123456789abcdef0123456789abcdef01234567",
		ReadFile: func(p string) ([]byte, error) {
			if s, ok := fixtureFiles[filepath.ToSlash(p)]; ok {
				return []byte(s), nil
			}
			return nil, os.ErrNotExist
		}}
}

// render writes the report in a format with the given CI settings.
func render(t *testing.T, format string, r *Report, ci CI) []byte {
	t.Helper()
	w, err := New(format, Options{CI: ci})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")); diff != "" {
		t.Errorf("%s differs from the output (-want +got):\n%s", path, diff)
	}
}
