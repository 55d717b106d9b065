package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/apimlint/apimlint/internal/finding"
)

func TestGitHubGolden(t *testing.T) {
	golden(t, "github.golden", render(t, "github", fixtureReport(), fixtureCI()))
}

func TestGitHubGoldenOutsideActions(t *testing.T) {
	golden(t, "github-plain.golden", render(t, "github", fixtureReport(), CI{}))
}

func TestGitHubNoAnnotations(t *testing.T) {
	ci := fixtureCI()
	ci.NoAnnotations = true
	golden(t, "github-no-annotations.golden", render(t, "github", fixtureReport(), ci))
}

func TestGitHubNoFindings(t *testing.T) {
	r := &Report{Tool: "apimlint", Files: 3, FailLevel: finding.Error}
	got := string(render(t, "github", r, fixtureCI()))
	if want := "no problems found in 3 files\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestEscapeData(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"100%", "100%25"},
		{"%0A stays text", "%250A stays text"},
		{"two\nlines", "two%0Alines"},
		{"crlf\r\nend", "crlf%0D%0Aend"},
		{"a:b,c", "a:b,c"}, // ":" and "," only matter in properties
		{"::error::x", "::error::x"},
	} {
		if got := escapeData(tc.in); got != tc.want {
			t.Errorf("escapeData(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestEscapeProperty(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"apis/orders/policy.xml", "apis/orders/policy.xml"},
		{"a%b:c,d/policy.xml", "a%25b%3Ac%2Cd/policy.xml"},
		{"title: one, two", "title%3A one%2C two"},
		{"line\nbreak\r", "line%0Abreak%0D"},
		{"%3A", "%253A"}, // escaped once: the runner unescapes once
	} {
		if got := escapeProperty(tc.in); got != tc.want {
			t.Errorf("escapeProperty(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// manyFindings makes n findings of a severity, one per line of a file.
func manyFindings(file string, s finding.Severity, n int) []finding.Finding {
	var fs []finding.Finding
	for i := 1; i <= n; i++ {
		fs = append(fs, finding.Finding{Rule: "r", Severity: s, Message: fmt.Sprintf("%s %d", s, i),
			Loc: loc(file, i, 1, i, 2)})
	}
	return fs
}

// annotatedMessages returns the messages of the findings annotated.
func annotatedMessages(ci CI, fs []finding.Finding) []string {
	var out []string
	for i, ok := range ci.annotated(fs) {
		if ok {
			out = append(out, fs[i].Message)
		}
	}
	return out
}

func TestAnnotationLimitPerLevel(t *testing.T) {
	fs := append(manyFindings("a.xml", finding.Error, 12), manyFindings("b.xml", finding.Note, 2)...)
	got := annotatedMessages(CI{}, fs)
	want := []string{"error 1", "error 2", "error 3", "error 4", "error 5", "error 6", "error 7",
		"error 8", "error 9", "error 10", "note 1", "note 2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("annotated (-want +got):\n%s", diff)
	}
}

func TestAnnotationsRankChangedLinesFirst(t *testing.T) {
	fs := manyFindings("a.xml", finding.Error, 14)
	// The change touched lines 12 and 14 of /repo/a.xml only.
	ci := CI{Dir: "/repo", Changed: func(path string, from, to int) bool {
		for l := from; l <= to; l++ {
			if path == "/repo/a.xml" && (l == 12 || l == 14) {
				return true
			}
		}
		return false
	}}
	got := annotatedMessages(ci, fs)
	want := []string{"error 1", "error 2", "error 3", "error 4", "error 5", "error 6", "error 7",
		"error 8", "error 12", "error 14"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("annotated (-want +got):\n%s", diff)
	}

	out := string(render(t, "github", &Report{Tool: "apimlint", Findings: fs, Files: 1,
		FailLevel: finding.Error}, ci))
	if n := strings.Count(out, "\n::error "); n != 10 {
		t.Errorf("%d ::error commands, want 10:\n%s", n, out)
	}
	for _, line := range []string{
		"::error file=a.xml,line=12,endLine=12,col=1,title=r [r]::error 12",
		"a.xml:9:1: error: error 9 [r]",
		"4 findings without an annotation: GitHub shows at most 10 annotations of each level per step; " +
			"findings on changed lines and stronger ones were annotated first",
	} {
		if !strings.Contains(out, line+"\n") {
			t.Errorf("output lacks line %q:\n%s", line, out)
		}
	}
}

func TestShowPaths(t *testing.T) {
	ci := CI{Dir: "/ws/sub", Workspace: "/ws"}
	for _, tc := range []struct{ in, want string }{
		{"apis/x/policy.xml", "sub/apis/x/policy.xml"},
		{"../other/policy.xml", "other/policy.xml"},
		{"../../outside/policy.xml", "../../outside/policy.xml"},
		{"/ws/abs.json", "abs.json"},
		{"/elsewhere/abs.json", "/elsewhere/abs.json"},
	} {
		if got := ci.show(tc.in); got != tc.want {
			t.Errorf("show(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := (CI{}).show("apis/x/policy.xml"); got != "apis/x/policy.xml" {
		t.Errorf("outside CI, show changed the path to %q", got)
	}
}

// TestSecretsNeverPrinted writes the fixture, whose first finding carries a
// secret, in every format: only the github format's mask command names it.
func TestSecretsNeverPrinted(t *testing.T) {
	const secret = "q1w2e3r4t5"
	for _, format := range Names() {
		out := string(render(t, format, fixtureReport(), fixtureCI()))
		if format == "github" {
			if !strings.HasPrefix(out, "::add-mask::"+secret+"\n") {
				t.Errorf("github output does not start by masking the secret:\n%s", out)
			}
			out = strings.TrimPrefix(out, "::add-mask::"+secret+"\n")
		}
		if strings.Contains(out, secret) {
			t.Errorf("%s output shows the secret:\n%s", format, out)
		}
	}
}

func TestMaskEscapesSecrets(t *testing.T) {
	r := &Report{Tool: "apimlint", Files: 1, FailLevel: finding.Error, Findings: []finding.Finding{
		{Rule: "r", Severity: finding.Error, Message: "m", Loc: loc("a.xml", 1, 1, 1, 2),
			Secrets: []string{"p%ss\nword", "  ", "p%ss\nword"}}}}
	out := string(render(t, "github", r, CI{}))
	if !strings.HasPrefix(out, "::add-mask::p%25ss%0Aword\n::group::") {
		t.Errorf("want one escaped mask, blank secrets skipped:\n%s", out)
	}
}

// runnerCommand parses a workflow command as the Actions runner does: the
// command name up to a space, properties split at "," and at the first "=",
// the message after the first "::" that ends the properties; then values
// are unescaped in the runner's order.
func runnerCommand(line string) (cmd string, props map[string]string, msg string, ok bool) {
	if !strings.HasPrefix(line, "::") {
		return "", nil, "", false
	}
	info, data, ok := strings.Cut(line[2:], "::")
	if !ok {
		return "", nil, "", false
	}
	cmd, propText, _ := strings.Cut(info, " ")
	props = map[string]string{}
	for _, p := range strings.Split(propText, ",") {
		if k, v, ok := strings.Cut(p, "="); ok {
			props[k] = unescapeRunner(v, true)
		}
	}
	return cmd, props, unescapeRunner(data, false), true
}

func unescapeRunner(s string, property bool) string {
	s = strings.ReplaceAll(s, "%0D", "\r")
	s = strings.ReplaceAll(s, "%0A", "\n")
	if property {
		s = strings.ReplaceAll(s, "%3A", ":")
		s = strings.ReplaceAll(s, "%2C", ",")
	}
	return strings.ReplaceAll(s, "%25", "%")
}

// TestAnnotationEscapingRoundTrip writes findings whose path, rule title
// and message hold every character the runner treats specially, and reads
// the output back as the runner would: each annotation must come back
// whole, and no other line may be a command the runner obeys.
func TestAnnotationEscapingRoundTrip(t *testing.T) {
	nasty := []string{
		"apis/100%/policy.xml",
		"apis/a:b,c=d/policy.xml",
		"apis/%0A%3A%2C%25/policy.xml",
		"apis/two\nlines/policy.xml",
		"apis/cr\r\n::error file=x.xml::injected/policy.xml",
		"apis/::warning::x,y/policy.xml",
	}
	rules := []finding.Rule{{ID: "r", Title: "Title: 100%, with\nbreak, and ::notice::", Severity: finding.Error}}
	var fs []finding.Finding
	for i, p := range nasty {
		fs = append(fs, finding.Finding{Rule: "r", Severity: finding.Error, Loc: loc(p, i+1, 2, i+1, 5),
			Message: fmt.Sprintf("message %d: 50%% of\r\nlines, a:b %%0A ::error::no\n##[error]no", i)})
	}
	r := &Report{Tool: "apimlint", Findings: finding.Sort(fs), Rules: rules, Files: len(nasty), FailLevel: finding.Error}
	out := string(render(t, "github", r, CI{}))

	type annotation struct{ file, title, msg string }
	var got []annotation
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		cmd, props, msg, ok := runnerCommand(line)
		if !ok {
			if line != "6 errors, 0 warnings, 0 notes in 6 files" {
				t.Errorf("line %q is neither a command nor the summary line", line)
			}
			continue
		}
		switch cmd {
		case "group", "endgroup":
		case "error":
			got = append(got, annotation{props["file"], props["title"], msg})
		default:
			t.Errorf("unexpected command %q in line %q", cmd, line)
		}
	}
	var want []annotation
	for _, f := range r.Findings {
		want = append(want, annotation{f.Loc.File, rules[0].Title + " [r]", f.Message})
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(annotation{})); diff != "" {
		t.Errorf("annotations read back (-want +got):\n%s\noutput:\n%s", diff, out)
	}
}

// TestPlainLinesCannotRunCommands prints findings past the annotation limit
// as plain lines: a path or message that holds a line break and a workflow
// command must stay inside ::stop-commands::, where the runner obeys none.
func TestPlainLinesCannotRunCommands(t *testing.T) {
	fs := manyFindings("a.xml", finding.Error, 10)
	fs = append(fs, finding.Finding{Rule: "r", Severity: finding.Error, Loc: loc("z\n::error::path.xml", 1, 1, 1, 2),
		Message: "m\n::error file=x::message\n##[error]old"})
	out := string(render(t, "github", &Report{Tool: "apimlint", Findings: fs, Files: 2, FailLevel: finding.Error}, CI{}))

	stopped := ""
	errors := 0
	for _, line := range strings.Split(out, "\n") {
		switch {
		case stopped != "":
			if line == "::"+stopped+"::" {
				stopped = ""
			}
		case strings.HasPrefix(line, "::stop-commands::"):
			stopped = strings.TrimPrefix(line, "::stop-commands::")
		case strings.HasPrefix(line, "::error "):
			errors++
		case strings.HasPrefix(line, "::error") || strings.HasPrefix(line, "##["):
			t.Errorf("line %q would run a command", line)
		}
	}
	if stopped != "" {
		t.Errorf("::stop-commands::%s is never resumed", stopped)
	}
	if errors != 10 {
		t.Errorf("%d annotations, want the 10 the limit allows:\n%s", errors, out)
	}
	if !strings.Contains(out, "\"z\\n::error::path.xml\":1:1: error: m\n::error file=x::message\n##[error]old [r]\n") {
		t.Errorf("the plain finding is not printed whole:\n%s", out)
	}
}

// Written to a file, the github format holds no mask, and so no secret.
func TestGithubToAFileHoldsNoSecret(t *testing.T) {
	const secret = "q1w2e3r4t5"
	w, err := New("github", Options{CI: fixtureCI(), File: true})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := w.Write(&b, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); strings.Contains(out, secret) || strings.Contains(out, "::add-mask::") || !strings.Contains(out, "::group::") {
		t.Errorf("github output to a file:\n%s", out)
	}
}
