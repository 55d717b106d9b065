package cli

import (
	"bytes"
	"os"
	"path/filepath"
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
