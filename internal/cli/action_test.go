package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/pflag"

	"github.com/apimlint/apimlint/internal/ghaction"
)

// actionRun runs apimlint action from the repository root with the
// environment of an Actions step whose workspace is the repository, and
// returns what it wrote to stdout, its outputs file and its job summary.
func actionRun(t *testing.T, vars map[string]string) (stdout, stderr, outputs, summary string, code int) {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	environ := map[string]string{
		"GITHUB_ACTIONS":      "true",
		"GITHUB_WORKSPACE":    root,
		"GITHUB_OUTPUT":       filepath.Join(tmp, "output"),
		"GITHUB_STEP_SUMMARY": filepath.Join(tmp, "summary.md"),
		"NO_COLOR":            "1",
	}
	for k, v := range vars {
		environ[k] = v
	}
	for _, name := range []string{"output", "summary.md"} {
		if err := os.WriteFile(filepath.Join(tmp, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return environ[k] }}
	code = run([]string{"-C", root, "action"}, e)
	o, _ := os.ReadFile(filepath.Join(tmp, "output"))
	s, _ := os.ReadFile(filepath.Join(tmp, "summary.md"))
	return out.String(), errb.String(), string(o), string(s), code
}

// outputValues reads the name<<delimiter files go-githubactions writes.
func outputValues(t *testing.T, file string) map[string]string {
	t.Helper()
	got := map[string]string{}
	lines := strings.Split(file, "\n")
	for i := 0; i+2 < len(lines); i += 3 {
		name, delim, ok := strings.Cut(lines[i], "<<")
		if !ok || lines[i+2] != delim {
			t.Fatalf("output file is not name<<delimiter/value/delimiter triples:\n%s", file)
		}
		got[name] = lines[i+1]
	}
	return got
}

func TestActionFindings(t *testing.T) {
	sarif := filepath.Join(t.TempDir(), "out", "apimlint.sarif")
	stdout, stderr, outputs, summary, code := actionRun(t, map[string]string{
		"INPUT_PATHS":      "testdata/example/apiops/apis\n\n  testdata/example/apiops/products  \n",
		"INPUT_FAIL-LEVEL": "error",
		"INPUT_SARIF-FILE": sarif,
	})
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d; stderr: %s", code, ExitFindings, stderr)
	}
	want := map[string]string{"errors": "3", "warnings": "1", "notes": "1",
		"sarif-file": filepath.ToSlash(sarif), "exit-code": "1"}
	if diff := cmp.Diff(want, outputValues(t, outputs)); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
	for _, line := range []string{
		"::add-mask::q1w2e3r4t5y6u7i8o9p0AbCdEfGhIjKlMnOpQrStUvWx0000==",
		"::group::testdata/example/apiops/products/starter/policy.xml: 1 warning",
		"3 errors, 1 warning, 1 note in 5 files",
	} {
		if !strings.Contains(stdout, line+"\n") {
			t.Errorf("stdout lacks %q:\n%s", line, stdout)
		}
	}
	if !strings.HasPrefix(summary, "### apimlint\n\n**Failed**: 3 errors, 1 warning, 1 note in 5 files") {
		t.Errorf("job summary:\n%s", summary)
	}
	if b, err := os.ReadFile(sarif); err != nil || !bytes.Contains(b, []byte(`"version": "2.1.0"`)) {
		t.Errorf("SARIF file: %v\n%s", err, b)
	}
}

func TestActionPasses(t *testing.T) {
	stdout, stderr, outputs, summary, code := actionRun(t, map[string]string{
		"INPUT_PATHS":    "e2e/testdata/estate",
		"INPUT_ANNOTATE": "false",
	})
	if code != ExitOK {
		t.Fatalf("exit %d, want %d; stderr: %s", code, ExitOK, stderr)
	}
	want := map[string]string{"errors": "0", "warnings": "0", "notes": "0", "exit-code": "0"}
	if diff := cmp.Diff(want, outputValues(t, outputs)); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(stdout, "no problems found in ") {
		t.Errorf("stdout: %s", stdout)
	}
	if !strings.HasPrefix(summary, "### apimlint\n\n**Passed**: no problems found in ") {
		t.Errorf("job summary:\n%s", summary)
	}
}

func TestActionWarningsFailAtWarningLevel(t *testing.T) {
	_, stderr, outputs, _, code := actionRun(t, map[string]string{
		"INPUT_PATHS":      "testdata/example/apiops/products",
		"INPUT_FAIL-LEVEL": "warning",
	})
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d; stderr: %s", code, ExitFindings, stderr)
	}
	if got := outputValues(t, outputs)["exit-code"]; got != "1" {
		t.Errorf("exit-code output %q, want 1", got)
	}
}

func TestActionErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		vars   map[string]string
		stderr string
	}{
		{"bad annotate", map[string]string{"INPUT_ANNOTATE": "yes"},
			"apimlint: action: input annotate: \"yes\" is not true or false\n"},
		{"bad fail level", map[string]string{"INPUT_FAIL-LEVEL": "fatal"},
			"apimlint: input fail-level: unknown severity \"fatal\" (want error, warning or note)\n"},
		{"bad changed-since", map[string]string{"INPUT_CHANGED-SINCE": "no-such-revision"},
			"apimlint: input changed-since: diff since no-such-revision: git: fatal: bad revision 'no-such-revision'\n"},
		{"missing path", map[string]string{"INPUT_PATHS": "no/such/folder"},
			"apimlint: no such file or folder: no/such/folder\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, outputs, _, code := actionRun(t, tc.vars)
			if code != ExitError || stderr != tc.stderr {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, stderr, ExitError, tc.stderr)
			}
			if diff := cmp.Diff(map[string]string{"exit-code": "2"}, outputValues(t, outputs)); diff != "" {
				t.Errorf("outputs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestActionOutsideActions(t *testing.T) {
	_, errs, code := runCLI(t, "action")
	want := "apimlint: action: GITHUB_OUTPUT is not set: this command runs inside the apimlint GitHub " +
		"Action; run apimlint check elsewhere\n"
	if code != ExitError || errs != want {
		t.Errorf("exit %d, stderr %q; want %d, %q", code, errs, ExitError, want)
	}
}

func TestStepPath(t *testing.T) {
	e := &env{dir: "/ws/sub", getenv: func(k string) string {
		if k == "GITHUB_WORKSPACE" {
			return "/ws"
		}
		return ""
	}}
	for _, tc := range []struct{ in, want string }{
		{"apimlint.sarif", "sub/apimlint.sarif"},
		{"../out/apimlint.sarif", "out/apimlint.sarif"},
		{"/ws/a.sarif", "a.sarif"},
		{"/tmp/a.sarif", "/tmp/a.sarif"},
	} {
		if got := stepPath(e, tc.in); got != tc.want {
			t.Errorf("stepPath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestJobSummaryWhen(t *testing.T) {
	actions := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": "/tmp/summary.md"}
	for _, tc := range []struct {
		name string
		vars map[string]string
		outs []output
		want bool
	}{
		{"github on stdout in Actions", actions, []output{{format: "github"}}, true},
		{"github and a SARIF file", actions, []output{{format: "github"}, {format: "sarif", path: "a.sarif"}}, true},
		{"text on stdout", actions, []output{{format: "text"}}, false},
		{"github to a file only", actions, []output{{format: "text"}, {format: "github", path: "g.log"}}, false},
		{"summary written by --output", actions, []output{{format: "github"}, {format: "summary", path: "s.md"}}, false},
		{"outside Actions", map[string]string{"GITHUB_STEP_SUMMARY": "/tmp/summary.md"}, []output{{format: "github"}}, false},
		{"no summary file", map[string]string{"GITHUB_ACTIONS": "true"}, []output{{format: "github"}}, false},
	} {
		e := &env{getenv: func(k string) string { return tc.vars[k] }}
		if got := jobSummary(e, tc.outs); got != tc.want {
			t.Errorf("%s: jobSummary = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestActionConfigFailLevel: the configuration file's fail level applies
// unless the fail-level input is given.
func TestActionConfigFailLevel(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "apimlint.yaml")
	if err := os.WriteFile(cfg, []byte("fail-level: warning\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		failLevel string
		code      int
	}{{"", ExitFindings}, {"error", ExitOK}} {
		_, stderr, outputs, _, code := actionRun(t, map[string]string{
			"INPUT_PATHS":      "testdata/example/apiops/products",
			"INPUT_CONFIG":     cfg,
			"INPUT_FAIL-LEVEL": tc.failLevel,
		})
		if code != tc.code {
			t.Errorf("fail-level %q: exit %d, want %d; stderr: %s", tc.failLevel, code, tc.code, stderr)
		}
		if got, want := outputValues(t, outputs)["warnings"], "1"; got != want {
			t.Errorf("fail-level %q: warnings output %q, want %q", tc.failLevel, got, want)
		}
	}
}

// TestActionFlagsKeepCheckDefaults: what the inputs leave out has apimlint
// check's defaults, and what they give reaches the flags.
func TestActionFlagsKeepCheckDefaults(t *testing.T) {
	defaults := &checkFlags{}
	defaults.register(pflag.NewFlagSet("check", pflag.ContinueOnError))
	got, err := actionFlags(ghaction.Inputs{Annotate: true})
	if err != nil {
		t.Fatal(err)
	}
	want := *defaults
	want.format, want.color = "github", "never"
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("flags from empty inputs:\n got %+v\nwant %+v", *got, want)
	}

	got, err = actionFlags(ghaction.Inputs{FailLevel: "warning", Rules: []string{"r1", "r2"}, Exclude: []string{"x/**"},
		Config: "c.yaml", Baseline: "b.json", SARIFFile: "out.sarif", ChangedSince: "main"})
	if err != nil {
		t.Fatal(err)
	}
	want.failLevel, want.failLevelSet = "warning", true
	want.rules, want.exclude = []string{"r1", "r2"}, []string{"x/**"}
	want.config, want.baseline, want.changedSince = "c.yaml", "b.json", "main"
	want.outputs, want.annotate = []string{"sarif=out.sarif"}, false
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("flags from inputs:\n got %+v\nwant %+v", *got, want)
	}
}
