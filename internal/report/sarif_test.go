package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/apimlint/apimlint/internal/finding"
)

// validateSARIF checks a log against the SARIF 2.1.0 JSON schema kept in
// testdata (see testdata/README.md for where it comes from), formats
// such as "uri" included.
func validateSARIF(t *testing.T, log []byte) {
	t.Helper()
	if err := sarifSchemaErr(t, log); err != nil {
		t.Errorf("SARIF output breaks the schema: %v", err)
	}
}

func sarifSchemaErr(t *testing.T, log []byte) error {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "sarif-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://apimlint.test/sarif-2.1.0.json"
	if err := c.AddResource(url, schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(log))
	if err != nil {
		return err
	}
	return schema.Validate(inst)
}

// TestSARIFSchemaCatchesErrors makes sure the schema check can fail: a
// region starting at line 0, a bad level, a negative rule index and an
// unknown column kind.
func TestSARIFSchemaCatchesErrors(t *testing.T) {
	good := string(render(t, "sarif", fixtureReport(), fixtureCI()))
	for _, bad := range []struct{ old, new string }{
		{`"startLine": 2`, `"startLine": 0`},
		{`"level": "note"`, `"level": "info"`},
		{`"ruleIndex": 3`, `"ruleIndex": -2`},
		{`"columnKind": "unicodeCodePoints"`, `"columnKind": "characters"`},
	} {
		broken := strings.Replace(good, bad.old, bad.new, 1)
		if broken == good {
			t.Fatalf("fixture output lacks %s", bad.old)
		}
		if err := sarifSchemaErr(t, []byte(broken)); err == nil {
			t.Errorf("schema accepted a log with %s", bad.new)
		}
	}
}

func TestSARIFGolden(t *testing.T) {
	got := render(t, "sarif", fixtureReport(), fixtureCI())
	validateSARIF(t, got)
	golden(t, "sarif.golden", got)
}

func TestSARIFGoldenOutsideCI(t *testing.T) {
	ci := CI{ReadFile: fixtureCI().ReadFile}
	got := render(t, "sarif", fixtureReport(), ci)
	validateSARIF(t, got)
	golden(t, "sarif-plain.golden", got)
}

func TestSARIFNoFindings(t *testing.T) {
	r := &Report{Tool: "apimlint", Version: "dev", Rules: fixtureRules(), Files: 2, FailLevel: finding.Error}
	got := render(t, "sarif", r, CI{})
	validateSARIF(t, got)
	var log sarifLog
	if err := json.Unmarshal(got, &log); err != nil {
		t.Fatal(err)
	}
	if n := len(log.Runs[0].Results); n != 0 {
		t.Errorf("%d results, want none: passed checks are no results", n)
	}
	if n := len(log.Runs[0].Tool.Driver.Rules); n != 4 {
		t.Errorf("%d rules, want all 4 of the run", n)
	}
	if !strings.Contains(string(got), `"results": []`) {
		t.Errorf("results must be an empty array, not absent:\n%s", got)
	}
}

// fingerprints returns the apimlint fingerprint of each result.
func fingerprints(t *testing.T, r *Report, ci CI) []string {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal(render(t, "sarif", r, ci), &log); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, res := range log.Runs[0].Results {
		out = append(out, res.PartialFingerprints[SARIFFingerprintKey])
	}
	return out
}

func TestSARIFFingerprintsIgnoreLineNumbers(t *testing.T) {
	ci := fixtureCI()
	before := fingerprints(t, fixtureReport(), ci)

	// Two lines are inserted above every finding: the line numbers move,
	// the text of each line stays.
	moved := fixtureReport()
	for i := range moved.Findings {
		moved.Findings[i].Loc.Start.Line += 2
		moved.Findings[i].Loc.End.Line += 2
	}
	files := map[string][]byte{}
	for p, s := range fixtureFiles {
		files[p] = []byte("<!-- a -->\n<!-- b -->\n" + s)
	}
	ci.ReadFile = func(p string) ([]byte, error) {
		if b, ok := files[filepath.ToSlash(p)]; ok {
			return b, nil
		}
		return nil, os.ErrNotExist
	}
	if diff := cmp.Diff(before, fingerprints(t, moved, ci)); diff != "" {
		t.Errorf("fingerprints changed when only line numbers did (-before +after):\n%s", diff)
	}

	// An edit of the finding's own line changes its fingerprint.
	p := fixtureDir + "/products/starter/policy.xml"
	files[p] = bytes.Replace(files[p], []byte("rate-limits"), []byte("rate-limit"), 1)
	after := fingerprints(t, moved, ci)
	changed := 0
	for i := range before {
		if before[i] != after[i] {
			changed++
		}
	}
	if changed != 1 {
		t.Errorf("%d fingerprints changed after editing one finding's line, want 1:\n%v\n%v", changed, before, after)
	}
}

func TestSARIFFingerprintFromFinding(t *testing.T) {
	r := fixtureReport()
	r.Findings[0].Fingerprint = "given"
	dup := r.Findings[0]
	dup.Loc.Start.Line++
	r.Findings = append(r.Findings[:1], append([]finding.Finding{dup}, r.Findings[1:]...)...)
	got := fingerprints(t, r, fixtureCI())
	if got[0] != "given:1" || got[1] != "given:2" {
		t.Errorf("fingerprints %q, %q: want the finding's own, counted: given:1, given:2", got[0], got[1])
	}
}

// TestSARIFMultitool validates the golden log with Microsoft's SARIF
// Multitool when scripts/install-tools put it in place (APIMLINT_SARIF_MULTITOOL).
// The tool exits 0 on invalid logs too, so its result file is read.
func TestSARIFMultitool(t *testing.T) {
	tool := os.Getenv("APIMLINT_SARIF_MULTITOOL")
	if tool == "" {
		if reason := os.Getenv("APIMLINT_SARIF_MULTITOOL_MISSING"); reason != "" {
			t.Skipf("SARIF Multitool could not be installed: %s", reason)
		}
		if os.Getenv("APIMLINT_E2E") != "" {
			t.Fatal("APIMLINT_E2E is set but APIMLINT_SARIF_MULTITOOL is not: scripts/install-tools did not run")
		}
		t.Skip("APIMLINT_SARIF_MULTITOOL is not set: ./scripts/test installs the SARIF Multitool and runs this test")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "apimlint.sarif")
	if err := os.WriteFile(in, render(t, "sarif", fixtureReport(), fixtureCI()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "validation.sarif")
	cmd := exec.Command(tool, "validate", in, "--output", out, "--log", "ForceOverwrite")
	cmd.Env = append(os.Environ(), "DOTNET_CLI_TELEMETRY_OPTOUT=1")
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s validate: %v\n%s", tool, err, msg)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no result file from the Multitool: %v\n%s", err, msg)
	}
	var res struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Level   string `json:"level"`
				Message struct {
					Text      string   `json:"text"`
					ID        string   `json:"id"`
					Arguments []string `json:"arguments"`
				} `json:"message"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatalf("Multitool result: %v", err)
	}
	// The fixture's input-unreadable finding is about a whole file: it has
	// no region to give, which the Multitool's SARIF2017 warns about.
	wholeFile := fmt.Sprintf("runs[0].results[%d].locations[0].physicalLocation", resultIndex(t, in, "input-unreadable"))
	for _, run := range res.Runs {
		for _, r := range run.Results {
			if r.RuleID == "SARIF2017" && len(r.Message.Arguments) == 1 && r.Message.Arguments[0] == wholeFile {
				continue
			}
			if r.Level == "error" || r.Level == "warning" || r.Level == "" {
				t.Errorf("Multitool %s %s: %s %s %q", r.Level, r.RuleID, r.Message.Text, r.Message.ID, r.Message.Arguments)
			}
		}
	}
}

// resultIndex returns the index of the first result of a rule in the SARIF
// log at path.
func resultIndex(t *testing.T, path, rule string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatal(err)
	}
	for i, r := range log.Runs[0].Results {
		if r.RuleID == rule {
			return i
		}
	}
	t.Fatalf("no %s result in %s", rule, path)
	return -1
}

func TestEscapePath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"apis/orders/policy.xml", "apis/orders/policy.xml"},
		{"named values/k/namedValueInformation.json", "named%20values/k/namedValueInformation.json"},
		{"a:b/c,d%e#f?g.xml", "a%3Ab/c%2Cd%25e%23f%3Fg.xml"},
		{"apis/orders;rev=2/policy.xml", "apis/orders%3Brev=2/policy.xml"},
		{"ünï/cödé.xml", "%C3%BCn%C3%AF/c%C3%B6d%C3%A9.xml"},
	} {
		if got := escapePath(tc.in); got != tc.want {
			t.Errorf("escapePath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
