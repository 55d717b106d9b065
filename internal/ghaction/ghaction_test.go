package ghaction

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// envOf returns a getenv over a fixed map.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeEvent(t *testing.T, payload string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(p, []byte(payload), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBaseCommit(t *testing.T) {
	for _, tc := range []struct{ payload, want string }{
		{`{"pull_request": {"base": {"sha": "abc"}, "head": {"sha": "def"}}}`, "abc"},
		{`{"merge_group": {"base_sha": "123", "head_sha": "456"}}`, "123"},
		{`{"ref": "refs/heads/main", "before": "1", "after": "2"}`, ""},
	} {
		got, err := BaseCommit(writeEvent(t, tc.payload))
		if err != nil || got != tc.want {
			t.Errorf("BaseCommit(%s) = %q, %v; want %q", tc.payload, got, err, tc.want)
		}
	}
	if _, err := BaseCommit(writeEvent(t, `{"pull_request": `)); err == nil {
		t.Error("a broken payload was read")
	}
	if got, err := BaseCommit(""); got != "" || err != nil {
		t.Errorf("no payload: got %q, %v", got, err)
	}
}

func TestReportCIFromPullRequest(t *testing.T) {
	dir, base := gitRepo(t, map[string]string{"apis/a/policy.xml": "<policies>\n  <inbound />\n</policies>\n"})
	write(t, dir, map[string]string{"apis/a/policy.xml": "<policies>\n  <inbound />\n  <outbound />\n</policies>\n"})
	env := map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": dir, "GITHUB_SERVER_URL": "https://github.com",
		"GITHUB_REPOSITORY": "o/r", "GITHUB_SHA": "cafe", "GITHUB_EVENT_NAME": "pull_request",
		"GITHUB_EVENT_PATH": writeEvent(t, `{"pull_request": {"base": {"sha": "`+base+`"}, "head": {"sha": "x"}}}`),
	}
	var warn bytes.Buffer
	ci, err := ReportCI(context.Background(), CIOptions{Getenv: envOf(env), Dir: filepath.Join(dir, "apis"),
		Rank: true, Annotated: true, Warn: &warn})
	if err != nil {
		t.Fatal(err)
	}
	if ci.Workspace != dir || ci.Dir != filepath.Join(dir, "apis") || ci.SHA != "cafe" || ci.Repository != "o/r" ||
		!ci.Annotated {
		t.Errorf("CI = %+v", ci)
	}
	policy := filepath.Join(dir, "apis", "a", "policy.xml")
	if ci.Changed == nil || !ci.Changed(policy, 3, 3) || ci.Changed(policy, 1, 2) {
		t.Errorf("want line 3 of the policy changed, and only it")
	}
	if warn.Len() != 0 {
		t.Errorf("warned: %s", warn.String())
	}

	// A base commit the clone does not have: a warning, no ranking.
	env["GITHUB_EVENT_PATH"] = writeEvent(t, `{"pull_request": {"base": {"sha": "0000000000000000000000000000000000000001"}}}`)
	ci, err = ReportCI(context.Background(), CIOptions{Getenv: envOf(env), Dir: dir, Rank: true, Warn: &warn})
	if err != nil || ci.Changed != nil {
		t.Errorf("missing base: err %v, ranking %v", err, ci.Changed != nil)
	}
	if !strings.Contains(warn.String(), "annotating without the pull request's changed lines") {
		t.Errorf("no warning about the missing base: %q", warn.String())
	}

	// A revision the user named must exist.
	_, err = ReportCI(context.Background(), CIOptions{Getenv: envOf(env), Dir: dir, Rank: true,
		ChangedSince: "no-such-branch"})
	if err == nil || !strings.HasPrefix(err.Error(), "--changed-since: ") {
		t.Errorf("bad --changed-since: err %v", err)
	}
}

func TestReportCIOutsideActions(t *testing.T) {
	ci, err := ReportCI(context.Background(), CIOptions{Getenv: envOf(nil), Dir: "/some/dir", Rank: true})
	if err != nil || ci.Workspace != "" || ci.Changed != nil || ci.Dir != filepath.Clean("/some/dir") {
		t.Errorf("CI = %+v, %v", ci, err)
	}
}

func TestSetOutputs(t *testing.T) {
	out := filepath.Join(t.TempDir(), "output")
	env := envOf(map[string]string{"GITHUB_OUTPUT": out})
	err := SetOutputs(env, []Output{
		{Name: "errors", Value: "3"},
		{Name: "sarif-file", Value: "x\n_GitHubActionsFileCommandDelimeter_\ninjected=1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want := "errors<<_GitHubActionsFileCommandDelimeter_\n3\n_GitHubActionsFileCommandDelimeter_\n" +
		"sarif-file<<_GitHubActionsFileCommandDelimeter_\n" +
		"x _GitHubActionsFileCommandDelimiter_ injected=1\n_GitHubActionsFileCommandDelimeter_\n"
	if diff := cmp.Diff(want, strings.ReplaceAll(string(got), "\r\n", "\n")); diff != "" {
		t.Errorf("GITHUB_OUTPUT (-want +got):\n%s", diff)
	}
}

func TestSetOutputsOutsideActions(t *testing.T) {
	err := SetOutputs(envOf(nil), []Output{{Name: "errors", Value: "1"}})
	if !errors.Is(err, ErrNotInActions) {
		t.Errorf("err = %v, want ErrNotInActions", err)
	}
	// An unwritable file: the library panics, SetOutputs reports it.
	bad := envOf(map[string]string{"GITHUB_OUTPUT": filepath.Join(t.TempDir(), "missing", "output")})
	if err := SetOutputs(bad, []Output{{Name: "errors", Value: "1"}}); err == nil {
		t.Error("writing to a missing folder succeeded")
	}
	if err := SetOutputs(envOf(map[string]string{"GITHUB_OUTPUT": "x"}), []Output{{Name: "a\nb=c"}}); err == nil {
		t.Error("a name with a line break was taken")
	}
}

func TestAppendSummary(t *testing.T) {
	p := filepath.Join(t.TempDir(), "summary.md")
	env := envOf(map[string]string{"GITHUB_STEP_SUMMARY": p})
	for _, md := range []string{"### one\n", "### two\n"} {
		if err := AppendSummary(env, md); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := os.ReadFile(p)
	if want := "### one\n\n### two\n\n"; strings.ReplaceAll(string(got), "\r\n", "\n") != want {
		t.Errorf("summary file = %q, want %q", got, want)
	}
	if err := AppendSummary(envOf(nil), "x"); !errors.Is(err, ErrNotInActions) {
		t.Errorf("err = %v, want ErrNotInActions", err)
	}
}

func TestReadInputs(t *testing.T) {
	in, err := ReadInputs(envOf(map[string]string{
		"INPUT_PATHS":      "apiops\n  named values/x  \n\ninfra/main.bicep\n",
		"INPUT_RULES":      "policy/rules",
		"INPUT_FAIL-LEVEL": " warning ",
		"INPUT_SARIF-FILE": "out/apimlint.sarif",
		"INPUT_ANNOTATE":   "False",
		"INPUT_CONFIG":     "ci/.apimlint.yaml",
		"INPUT_BASELINE":   "ci/baseline.json",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Inputs{Paths: []string{"apiops", "named values/x", "infra/main.bicep"}, Rules: []string{"policy/rules"},
		FailLevel: "warning", SARIFFile: "out/apimlint.sarif", Annotate: false,
		Config: "ci/.apimlint.yaml", Baseline: "ci/baseline.json"}
	if diff := cmp.Diff(want, in); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
	if in, _ := ReadInputs(envOf(nil)); !in.Annotate {
		t.Error("annotate does not default to true")
	}
	if _, err := ReadInputs(envOf(map[string]string{"INPUT_ANNOTATE": "maybe"})); err == nil {
		t.Error("annotate: maybe was taken")
	}
}
