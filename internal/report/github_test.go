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
