package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// runIn runs apimlint in-process in dir with the given environment (no
// other variable is set) and returns what it printed and its exit code.
func runIn(t *testing.T, dir string, environ map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return environ[k] }}
	code = run(append([]string{"-C", dir}, args...), e)
	return out.String(), errb.String(), code
}

// writeFiles creates files (slash paths relative to dir) with their content.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// secretEstate is an APIOps folder holding a hard-coded function key in a
// policy and a secret named value with its value in the information file.
const (
	hardcodedKey    = "q1w2e3r4t5y6u7i8o9p0AbCdEfGhIjKlMnOpQrStUvWx0000=="
	namedValueValue = "NamedValueSecret-7f3a9c1e5b"
)

func secretEstate(t *testing.T) string {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"apiops/apis/orders/apiInformation.json": `{"properties": {"displayName": "orders", "path": "orders"}}`,
		"apiops/apis/orders/policy.xml": `<policies>
  <inbound>
    <base />
    <set-header name="x-functions-key" exists-action="override">
      <value>` + hardcodedKey + `</value>
    </set-header>
    <set-header name="x-other" exists-action="override">
      <value>{{orders-key}}</value>
    </set-header>
  </inbound>
  <backend><base /></backend>
  <outbound><base /></outbound>
  <on-error><base /></on-error>
</policies>
`,
		"apiops/named values/orders-key/namedValueInformation.json": `{"properties": {"displayName": "orders-key",
  "secret": true, "value": "` + namedValueValue + `"}}`,
	})
	return dir
}

// TestSecretsNeverPrinted checks every format, the job summary, inspect and
// --effective: neither the hard-coded key a rule finds nor the value of a
// secret named value shows anywhere, but for the github format's
// ::add-mask:: lines, which come before anything else.
func TestSecretsNeverPrinted(t *testing.T) {
	dir := secretEstate(t)
	summary := filepath.Join(t.TempDir(), "summary.md")
	actions := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary,
		"GITHUB_WORKSPACE": dir}
	check := func(name, out string) {
		t.Helper()
		for _, s := range []string{hardcodedKey, hardcodedKey[:12], namedValueValue} {
			if strings.Contains(out, s) {
				t.Errorf("%s prints %q:\n%s", name, s, out)
			}
		}
	}
	for _, format := range []string{"text", "json", "sarif", "junit", "summary"} {
		out, errs, code := runIn(t, dir, nil, "check", "-f", format, "apiops")
		if code != ExitFindings {
			t.Fatalf("%s: exit %d, want %d; stderr: %s", format, code, ExitFindings, errs)
		}
		if !strings.Contains(out, "q1w2****") && !strings.Contains(out, `q1w2\*\*\*\*`) {
			t.Errorf("%s: no masked key in the output:\n%s", format, out)
		}
		check(format, out+errs)
	}

	out, errs, code := runIn(t, dir, actions, "check", "-f", "github", "apiops")
	if code != ExitFindings {
		t.Fatalf("github: exit %d, want %d; stderr: %s", code, ExitFindings, errs)
	}
	first, rest, _ := strings.Cut(out, "\n")
	if want := "::add-mask::" + hardcodedKey; first != want {
		t.Errorf("github output starts %q, want %q", first, want)
	}
	check("github", rest+errs)
	b, err := os.ReadFile(summary)
	if err != nil {
		t.Fatalf("no job summary: %v", err)
	}
	check("job summary", string(b))

	for _, args := range [][]string{{"inspect", "apiops"}, {"inspect", "--effective", "orders", "apiops"}} {
		out, errs, code := runIn(t, dir, nil, args...)
		if code != ExitOK {
			t.Fatalf("%v: exit %d; stderr: %s", args, code, errs)
		}
		if strings.Contains(out, namedValueValue) {
			t.Errorf("%v prints the secret named value", args)
		}
	}
}

// userRuleDir writes one user rule whose report holds body's result and
// returns its folder.
func userRuleDir(t *testing.T, id, body string) string {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{id + ".rego": `# METADATA
# title: User rule
# description: A rule of the user's.
# custom:
#   id: ` + id + `
#   severity: error
package apimlint.rules["` + id + `"]

report contains x if {
	` + body + `
}
`})
	return dir
}

// TestExitCodesOnBadInput checks that broken user files are findings (exit
// 1 at the default fail level, or 0 when only warnings) while usage errors
// and tool failures exit 2 with the reason on stderr and nothing on stdout.
func TestExitCodesOnBadInput(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"broken/empty.xml":     "",
		"broken/bad.json":      `{"a": }`,
		"warn/dup.json":        `{"a": 1, "a": 2}`,
		"clean/policy.json":    `{"note": "not an ARM file"}`,
		"invalid-rules/x.rego": "package apimlint.rules[\"x\"]\n\nreport contains 1 if {\n",
	})
	loop := userRuleDir(t, "loop-rule", `every i in numbers.range(1, 1000000) {
		every j in numbers.range(1, 1000000) { i != -j }
	}
	x := 1`)
	net := userRuleDir(t, "net-rule", `x := http.send({"method": "GET", "url": "http://127.0.0.1:1/"})`)
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // a line it must hold; "" when it must be empty
		stderr string // exactly, for exit 2
	}{
		{"syntax errors are findings", []string{"check", "broken"}, ExitFindings,
			`broken/bad.json:1:7: error: expected a JSON value, found '}' [json-syntax]`, ""},
		{"warnings pass by default", []string{"check", "warn"}, ExitOK,
			`warn/dup.json:1:10: warning: duplicate key "a" (first at line 1); the last one wins [json-syntax]`, ""},
		{"warnings fail at warning", []string{"check", "--fail-level", "warning", "warn"}, ExitFindings,
			`warn/dup.json:1:10: warning`, ""},
		{"nothing to report", []string{"check", "clean"}, ExitOK, "no problems found in 0 files", ""},
		{"missing path", []string{"check", "nowhere"}, ExitError, "",
			"apimlint: no such file or folder: nowhere\n"},
		{"bad timeout", []string{"check", "--timeout", "-1s", "clean"}, ExitError, "",
			"apimlint: --timeout -1s: want a positive duration such as 30s\n"},
		{"zero timeout", []string{"check", "--timeout", "0", "clean"}, ExitError, "",
			"apimlint: --timeout 0s: want a positive duration such as 30s\n"},
		{"negative workers", []string{"check", "--workers", "-5", "clean"}, ExitError, "",
			"apimlint: --workers -5: want a positive count, or 0 for one per CPU\n"},
		{"env without a value", []string{"check", "--env", "FOO", "clean"}, ExitError, "",
			"apimlint: --env \"FOO\": want NAME=VALUE\n"},
		{"bad exclude glob", []string{"check", "--exclude", "[", "clean"}, ExitError, "",
			"apimlint: exclude pattern \"[\" is not a valid glob\n"},
		{"unwritable output", []string{"check", "-o", "sarif=warn/dup.json/out.sarif", "clean"}, ExitError, "",
			"apimlint: write warn/dup.json/out.sarif: cannot create its folder: not a directory\n"},
		{"one file for two outputs", []string{"check", "-o", "sarif=out.txt", "-o", "json=./out.txt", "clean"}, ExitError, "",
			"apimlint: --output \"json=./out.txt\": ./out.txt is already written as sarif\n"},
		{"one file by two spellings", []string{"check", "-o", "sarif=out.txt", "-o", "json=" + filepath.Join(dir, "out.txt"), "clean"},
			ExitError, "", "apimlint: --output \"json=" + filepath.Join(dir, "out.txt") + "\": " + filepath.Join(dir, "out.txt") +
				" is already written as sarif\n"},
		{"bad format", []string{"check", "-f", "xml", "clean"}, ExitError, "",
			"apimlint: unknown format \"xml\" (want one of github, json, junit, sarif, summary, text)\n"},
		{"extra args to version", []string{"version", "x"}, ExitError, "",
			"apimlint: unknown command \"x\" for \"apimlint version\"\n"},
		{"rule that loops", []string{"check", "--rules", loop, "--timeout", "300ms", "clean"}, ExitError, "",
			"apimlint: rules did not finish within 300ms: loop-rule (stopped; a rule that loops or scans too much)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runIn(t, dir, nil, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stdout %q, stderr %q", code, tt.code, out, errs)
			}
			if tt.code == ExitError {
				if out != "" || errs != tt.stderr {
					t.Errorf("stdout %q, stderr %q; want nothing and %q", out, errs, tt.stderr)
				}
				return
			}
			if !strings.Contains(out, tt.stdout) || errs != "" {
				t.Errorf("stdout %q, stderr %q; want a line %q and nothing", out, errs, tt.stdout)
			}
		})
	}

	for _, rules := range []struct{ dir, want string }{
		{net, "rego_type_error: undefined function http.send"},
		{filepath.Join(dir, "invalid-rules"), "invalid-rules/x.rego:4: rego_parse_error: unexpected eof token"},
	} {
		out, errs, code := runIn(t, dir, nil, "check", "--rules", rules.dir, "clean")
		if code != ExitError || out != "" || !strings.HasPrefix(errs, "apimlint: ") || !strings.Contains(errs, rules.want) {
			t.Errorf("--rules %s: exit %d, stdout %q, stderr %q; want 2 and an error holding %q",
				rules.dir, code, out, errs, rules.want)
		}
	}
}

// runAllFormats checks paths (relative to the repository root) once,
// writing every format, and returns each format's output.
func runAllFormats(t *testing.T, workers string, paths ...string) map[string]string {
	t.Helper()
	outDir := t.TempDir()
	args := []string{"check", "--workers", workers}
	for _, f := range []string{"json", "sarif", "junit", "github", "summary"} {
		args = append(args, "--output", f+"="+filepath.Join(outDir, f))
	}
	stdout, stderr, code := runCLI(t, append(args, paths...)...)
	if code == ExitError {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	outs := map[string]string{"text": stdout, "stderr": stderr}
	for _, f := range []string{"json", "sarif", "junit", "github", "summary"} {
		b, err := os.ReadFile(filepath.Join(outDir, f))
		if err != nil {
			t.Fatal(err)
		}
		outs[f] = string(b)
	}
	return outs
}

// TestDeterministicOutput checks that every format is byte for byte the
// same whatever the number of workers, run after run: on the example
// estate and on the shared corpus, which mixes policies, ARM templates,
// Bicep, APIOps folders, app registrations and broken files.
func TestDeterministicOutput(t *testing.T) {
	estates := [][]string{{"testdata/example"}}
	if _, err := os.Stat("../../../shared/corpus"); err == nil && !testing.Short() {
		estates = append(estates, []string{"../shared/corpus", "testdata"})
	}
	for _, paths := range estates {
		first := runAllFormats(t, "1", paths...)
		t.Logf("%v: %d bytes of text output", paths, len(first["text"]))
		if !strings.Contains(first["text"], " error: ") {
			t.Fatalf("%v: no findings to compare:\n%s", paths, first["text"])
		}
		for _, workers := range []string{"8", "8", "2"} {
			again := runAllFormats(t, workers, paths...)
			for format, want := range first {
				if again[format] != want {
					t.Errorf("%v: %s output with --workers %s differs from --workers 1", paths, format, workers)
				}
			}
		}
		// The default worker count follows the cores Go may use.
		for _, procs := range []int{1, 2, 4} {
			old := runtime.GOMAXPROCS(procs)
			again := runAllFormats(t, "0", paths...)
			runtime.GOMAXPROCS(old)
			for format, want := range first {
				if again[format] != want {
					t.Errorf("%v: %s output with GOMAXPROCS=%d differs from --workers 1", paths, format, procs)
				}
			}
		}
	}
}

// TestOutputFiles checks that an output replaces a longer file whole, and
// that a run stopped by an output it cannot write leaves the earlier
// outputs' files as they were.
func TestOutputFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"p/policy.xml": "<policies />\n", "blocker": "a file, not a folder\n",
		"old.json": strings.Repeat("x", 100000), "keep.sarif": "previous\n"})
	_, errs, code := runIn(t, dir, nil, "check", "-f", "summary", "-o", "json=old.json", "p")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "old.json"))
	if !bytes.HasPrefix(b, []byte("{")) || !bytes.HasSuffix(b, []byte("}\n")) || bytes.Contains(b, []byte("xxx")) {
		t.Errorf("old.json is not the new report alone: %d bytes, ends %q", len(b), b[max(0, len(b)-20):])
	}
	_, errs, code = runIn(t, dir, nil, "check", "-o", "sarif=keep.sarif", "-o", "json=blocker/x.json", "p")
	if code != ExitError || !strings.Contains(errs, "write blocker/x.json: cannot create its folder") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "keep.sarif")); string(b) != "previous\n" {
		t.Errorf("keep.sarif was changed by a run that failed: %q", b)
	}
}
