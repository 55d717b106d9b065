package report

import (
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/finding"
)

func TestSummaryGolden(t *testing.T) {
	ci := fixtureCI()
	ci.Annotated = true
	golden(t, "summary.golden", render(t, "summary", fixtureReport(), ci))
}

func TestSummaryGoldenOutsideCI(t *testing.T) {
	golden(t, "summary-plain.golden", render(t, "summary", fixtureReport(), CI{}))
}

func TestSummaryNoFindings(t *testing.T) {
	r := &Report{Tool: "apimlint", Files: 3, FailLevel: finding.Warning}
	got := string(render(t, "summary", r, fixtureCI()))
	want := "### apimlint\n\n**Passed**: no problems found in 3 files (fail level: warning).\n\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSummarySaysWhatWasNotAnnotated(t *testing.T) {
	fs := append(manyFindings("a.xml", finding.Error, 13), manyFindings("a.xml", finding.Warning, 11)...)
	r := &Report{Tool: "apimlint", Findings: finding.Sort(fs), Files: 1, FailLevel: finding.Error}
	ci := CI{Annotated: true}
	got := string(render(t, "summary", r, ci))
	want := "4 findings got no annotation: GitHub shows at most 10 annotations of each level per step, " +
		"so findings on changed lines and stronger ones were annotated first.\n"
	if !strings.Contains(got, want) {
		t.Errorf("summary lacks %q:\n%s", want, got)
	}
	ci.Annotated = false
	if got := string(render(t, "summary", r, ci)); strings.Contains(got, "annotation") {
		t.Errorf("a summary written without annotations speaks of them:\n%s", got)
	}
}

func TestSummaryRowLimit(t *testing.T) {
	r := &Report{Tool: "apimlint", Findings: manyFindings("a.xml", finding.Note, SummaryRows+3), Files: 1,
		FailLevel: finding.Error}
	got := string(render(t, "summary", r, CI{}))
	if n := strings.Count(got, "\n| note | a.xml:"); n != SummaryRows {
		t.Errorf("%d rows, want %d", n, SummaryRows)
	}
	if want := "3 findings more not listed here"; !strings.Contains(got, want) {
		t.Errorf("summary lacks %q", want)
	}
}

func TestMarkdownEscaping(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"<base />", "&lt;base /&gt;"},
		{"a | b", `a \| b`},
		{"two\r\nlines", "two<br>lines"},
		{"*bold* _it_ `code` [link](x)", `\*bold\* \_it\_ \` + "`code\\`" + ` \[link\]\(x\)`},
		{"AT&T", "AT&amp;T"},
	} {
		if got := mdText(tc.in); got != tc.want {
			t.Errorf("mdText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestBlobURL(t *testing.T) {
	ci := fixtureCI()
	got := ci.blobURL("svc/policy fragments/a#b%c/policy.xml", 7)
	want := "https://github.com/octo/apim/blob/0123456789abcdef0123456789abcdef01234567/" +
		"svc/policy%20fragments/a%23b%25c/policy.xml#L7"
	if got != want {
		t.Errorf("blobURL = %q, want %q", got, want)
	}
	ci.SHA = ""
	if got := ci.blobURL("svc/x.xml", 1); got != "" {
		t.Errorf("blobURL without a commit = %q, want none", got)
	}
}
