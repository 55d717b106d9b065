package e2e

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// actionRef is how the README's workflow names the action; the test runs
// the same workflow with the action of this checkout (uses: ./).
const actionRef = "apimlint/apimlint@main"

// The runner here reaches no GitHub: act takes the two remote actions the
// workflow names from these local stand-ins (--local-repository). The
// setup-go one fails if it runs at all: the Go on PATH is new enough, so
// setup-go: auto must skip it. The upload-sarif one says what it was given.
const (
	setupGoStub = `name: setup-go stand-in
runs:
  using: composite
  steps:
    - shell: bash
      run: echo "setup-go stand-in ran, but the go on PATH was new enough"; exit 1
`
	uploadSARIFStub = `name: upload-sarif stand-in
inputs:
  sarif_file:
    required: true
  category:
    required: false
runs:
  using: composite
  steps:
    - shell: bash
      env:
        SARIF_FILE: ${{ inputs.sarif_file }}
        CATEGORY: ${{ inputs.category }}
      run: echo "upload-sarif stand-in got $SARIF_FILE ($CATEGORY) with $(grep -c '"ruleId":' "$SARIF_FILE") results"
`
)

// TestGitHubAction runs the README's workflow with nektos/act on the host
// (no containers), on a fixture repository holding this checkout and an
// APIOps estate: once on a push of a clean estate, once on a pull request
// that breaks it.
func TestGitHubAction(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: skipped with -short")
	}
	act := tool(t, "act", filepath.Join(goBin(t), "act"))

	workflow := readmeBlock(t, "GitHub Action", "yaml", 0)
	if !strings.Contains(workflow, "      - uses: "+actionRef+"\n") {
		t.Fatalf("the README's workflow does not use %s:\n%s", actionRef, workflow)
	}
	workflow = strings.Replace(workflow, "uses: "+actionRef, "uses: ./", 1)

	repo := t.TempDir()
	copyRepo(t, repo)
	copyTree(t, filepath.Join("testdata", "estate"), filepath.Join(repo, "apiops"))
	writeFile(t, filepath.Join(repo, ".github", "workflows", "apimlint.yml"), workflow, 0o644)
	gitInit(t, repo)
	run(t, repo, gitEnv, "git", "remote", "add", "origin", "https://github.com/apimlint/fixture")
	base := gitCommit(t, repo, "clean estate")

	stubs := t.TempDir()
	writeFile(t, filepath.Join(stubs, "setup-go", "action.yml"), setupGoStub, 0o644)
	writeFile(t, filepath.Join(stubs, "codeql-action", "upload-sarif", "action.yml"), uploadSARIFStub, 0o644)
	actArgs := []string{
		"-P", "ubuntu-latest=-self-hosted", "-W", ".github/workflows/apimlint.yml",
		"--no-cache-server", "--cache-server-addr", "127.0.0.1", "--action-offline-mode",
		"--action-cache-path", t.TempDir(),
		"--local-repository", "actions/setup-go@v5=" + filepath.Join(stubs, "setup-go"),
		"--local-repository", "github/codeql-action@v3=" + filepath.Join(stubs, "codeql-action"),
	}

	t.Run("push of a clean estate", func(t *testing.T) {
		out, err := runErr(repo, nil, act, append([]string{"push"}, actArgs...)...)
		if err != nil {
			t.Fatalf("act: %v\n%s", err, out)
		}
		expectLines(t, out, []string{
			"Go on PATH: ",
			"✅  Success - Main ./",
			"::set-output:: errors=0",
			"::set-output:: warnings=0",
			"::set-output:: notes=0",
			"::set-output:: sarif-file=apimlint.sarif",
			"::set-output:: exit-code=0",
			"Summary - ### apimlint",
			"**Passed**: no problems found in 8 files (fail level: error).",
			"upload-sarif stand-in got apimlint.sarif (apimlint) with 0 results",
			"🏁  Job succeeded",
		})
		expectNo(t, out, "setup-go stand-in ran", "::error ")
	})

	t.Run("pull request with errors", func(t *testing.T) {
		copyTree(t, filepath.Join("testdata", "fail"), filepath.Join(repo, "apiops"))
		head := gitCommit(t, repo, "break the estate")
		event := filepath.Join(t.TempDir(), "event.json")
		payload, _ := json.Marshal(map[string]any{"pull_request": map[string]any{
			"number": 1,
			"base":   map[string]any{"sha": base, "ref": "main"},
			"head":   map[string]any{"sha": head, "ref": "break"},
		}})
		writeFile(t, event, string(payload), 0o644)

		out, err := runErr(repo, nil, act, append([]string{"pull_request", "-e", event}, actArgs...)...)
		if err == nil {
			t.Fatalf("act passed, want the apimlint step to fail:\n%s", out)
		}

		docs := "%0Adocs: https://github.com/apimlint/apimlint/blob/main/docs/rules/"
		wantAnnotations := []string{
			"::error file=apiops/apis/orders/operations/get-order/policy.xml,line=2,endLine=2,col=3," +
				"endColumn=11,title=Keep <base /> in every section [policy-base-required]::inbound section of " +
				"the operation policy has no <base />: the inbound policies of broader scopes do not run here" +
				docs + "policy-base-required.md",
			"::error file=apiops/apis/orders/operations/get-order/policy.xml,line=4,endLine=4,col=14," +
				"endColumn=63,title=No hard-coded secrets in policies [no-hardcoded-secrets]::hard-coded " +
				"Function key (q1w2****) in set-header \"x-functions-key\": keep it in a secret named value and " +
				"write {{name}} instead" + docs + "no-hardcoded-secrets.md",
			"::error file=apiops/apis/orders/policy.xml,line=6,endLine=6,col=36,endColumn=46," +
				"title=include-fragment names an existing fragment [fragment-exists]::fragment-id " +
				"\"rate-limits\" does not name a policy fragment of this service; declared fragments: " +
				"\"msi-auth\"%0Asee apiops/policy fragments/msi-auth/policy.xml:1: fragment \"msi-auth\"" +
				docs + "fragment-exists.md",
		}
		if diff := cmp.Diff(wantAnnotations, annotations(out)); diff != "" {
			t.Errorf("annotations (-want +got):\n%s\nact output:\n%s", diff, out)
		}

		link := "https://github.com/apimlint/fixture/blob/" + head + "/apiops/apis/orders/policy.xml#L6"
		expectLines(t, out, []string{
			"⚙  ***", // the runner learnt the secret before anything printed it
			"❌  Failure - Main Run apimlint",
			"❌  Failure - Main ./",
			"::set-output:: errors=3",
			"::set-output:: warnings=0",
			"::set-output:: notes=0",
			"::set-output:: sarif-file=apimlint.sarif",
			"::set-output:: exit-code=1",
			"Summary - ### apimlint",
			"**Failed**: 3 errors, 0 warnings, 0 notes in 8 files (fail level: error).",
			"| error | [apiops/apis/orders/policy.xml:6:36](" + link + ") | ",
			"upload-sarif stand-in got apimlint.sarif (apimlint) with 3 results",
			"🏁  Job failed",
		})
		expectNo(t, out, "q1w2e3r4t5y6u7i8o9p0", "setup-go stand-in ran",
			"annotating without the pull request's changed lines")
	})
}

// annotations returns the ::error, ::warning and ::notice commands act saw,
// in order.
func annotations(out string) []string {
	var got []string
	re := regexp.MustCompile(`::(error|warning|notice) .*`)
	for _, line := range strings.Split(out, "\n") {
		if m := re.FindString(line); m != "" {
			got = append(got, m)
		}
	}
	return got
}

// expectLines checks that each of want appears in out.
func expectLines(t *testing.T, out string, want []string) {
	t.Helper()
	missing := false
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q", w)
			missing = true
		}
	}
	if missing {
		t.Logf("output:\n%s", out)
	}
}

// expectNo checks that out holds none of bad.
func expectNo(t *testing.T, out string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(out, b) {
			t.Errorf("output holds %q:\n%s", b, out)
		}
	}
}
