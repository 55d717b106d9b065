package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

// runCLI runs apimlint in-process from the repository root.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(k string) string {
			if k == "NO_COLOR" {
				return "1"
			}
			return ""
		}}
	code = run(append([]string{"-C", "../.."}, args...), e)
	return out.String(), errb.String(), code
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", name, diff)
	}
}

func TestCheckTextGolden(t *testing.T) {
	out, errs, code := runCLI(t, "check", "testdata/example")
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d; stderr: %s", code, ExitFindings, errs)
	}
	golden(t, "check-example.txt", out)
}

func TestCheckJSONGolden(t *testing.T) {
	out, errs, code := runCLI(t, "check", "-f", "json", "testdata/example")
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d; stderr: %s", code, ExitFindings, errs)
	}
	golden(t, "check-example.json", out)
}

func TestInspectGolden(t *testing.T) {
	out, errs, code := runCLI(t, "inspect", "testdata/inspect")
	if code != ExitOK {
		t.Fatalf("exit %d, want %d; stderr: %s", code, ExitOK, errs)
	}
	golden(t, "inspect.json", out)
}

// TestInspectEffectiveGolden covers <base /> at the start, middle and end of
// a section, a missing <base />, a fragment and a product (see
// testdata/effective/README.md).
func TestInspectEffectiveGolden(t *testing.T) {
	for _, sel := range []string{"shop", "shop/buy", "shop/refund"} {
		out, errs, code := runCLI(t, "inspect", "--effective", sel, "testdata/effective")
		if code != ExitOK {
			t.Fatalf("%s: exit %d, want %d; stderr: %s", sel, code, ExitOK, errs)
		}
		golden(t, "effective-"+strings.ReplaceAll(sel, "/", "-")+".xml", out)
	}
	_, errs, code := runCLI(t, "inspect", "--effective", "nope", "testdata/effective")
	if want := "apimlint: --effective \"nope\": no such API or operation (APIs: shop)\n"; code != ExitError || errs != want {
		t.Errorf("unknown API: exit %d, stderr %q; want %d, %q", code, errs, ExitError, want)
	}
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"clean input", []string{"check", "testdata/inspect"}, ExitOK, ""},
		{"errors fail by default", []string{"check", "testdata/example"}, ExitFindings, ""},
		{"warnings pass at the default level", []string{"check", "testdata/example/apiops/products"}, ExitOK, ""},
		{"warnings fail at fail-level warning", []string{"check", "--fail-level", "warning",
			"testdata/example/apiops/products"}, ExitFindings, ""},
		{"notes fail at fail-level note", []string{"check", "--fail-level", "note",
			"testdata/example/apiops/apis/orders/policy.xml"}, ExitFindings, ""},
		{"fail-level above everything found", []string{"check", "--fail-level", "error", "testdata/inspect"}, ExitOK, ""},
		{"missing path", []string{"check", "testdata/no-such-folder"}, ExitError,
			"apimlint: no such file or folder: testdata/no-such-folder\n"},
		{"bad fail level", []string{"check", "--fail-level", "fatal", "testdata/inspect"}, ExitError,
			"apimlint: --fail-level: unknown severity \"fatal\" (want error, warning or note)\n"},
		{"unknown flag", []string{"check", "--no-such-flag"}, ExitError,
			"apimlint: unknown flag: --no-such-flag (see apimlint check --help)\n"},
		{"bad output", []string{"check", "--output", "sarif", "testdata/inspect"}, ExitError,
			"apimlint: --output \"sarif\": want FORMAT=FILE, e.g. sarif=apimlint.sarif\n"},
		{"unknown format", []string{"check", "-f", "yaml", "testdata/inspect"}, ExitError, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := runCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errs)
			}
			if tt.stderr != "" && errs != tt.stderr {
				t.Errorf("stderr = %q, want %q", errs, tt.stderr)
			}
		})
	}
}

// TestColor checks when text output is coloured: --color always colours;
// never, auto on a writer that is no terminal, and NO_COLOR do not; an
// unknown mode is a usage error that prints nothing.
func TestColor(t *testing.T) {
	const bold = "\x1b[1m"
	run1 := func(noColor string, args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
			getenv: func(k string) string {
				if k == "NO_COLOR" {
					return noColor
				}
				return ""
			}}
		run(append([]string{"-C", "../..", "check"}, append(args, "testdata/example")...), e)
		return out.String()
	}
	if out := run1("", "--color", "always"); !strings.HasPrefix(out, bold+"testdata/example/") {
		t.Errorf("--color always: no colour:\n%s", out)
	}
	for _, tt := range []struct {
		noColor string
		args    []string
	}{{"", []string{"--color", "never"}}, {"", nil}, {"1", nil}, {"1", []string{"--color", "auto"}}} {
		if out := run1(tt.noColor, tt.args...); strings.Contains(out, "\x1b[") {
			t.Errorf("NO_COLOR=%q %v: coloured output:\n%s", tt.noColor, tt.args, out)
		}
	}
	if isTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is taken for a terminal")
	}
	if out := run1("", "--color", "rainbow"); out != "" {
		t.Errorf("--color rainbow printed %q", out)
	}
}

// TestVerboseSaysHowEachFileIsRead checks --verbose: a line on stderr per
// file, how it was read or why it was skipped; files of no kind apimlint
// reads are not walked at all.
func TestVerboseSaysHowEachFileIsRead(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"package.json": `{"name": "x", "version": "1.0.0"}`,
		"notes.txt":    "hello\n",
		"p.xml":        "<policies />\n",
	})
	_, errs, code := runIn(t, dir, nil, "check", "-v", ".")
	want := "read p.xml as policy\n" +
		"skip package.json: not an ARM template, parameter file, REST payload, APIOps file or app manifest\n"
	if code != ExitOK || errs != want {
		t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", code, errs, want)
	}
}
