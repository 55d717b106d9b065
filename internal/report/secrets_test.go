package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/finding"
)

// leakySecret is a secret that a careless rule quotes in full, in its
// message and in a related message.
const leakySecret = "sv=2022&sig=Zm9vYmFyYmF6cXV4cXV1eA"

func leakyReport() *Report {
	r := fixtureReport()
	r.Findings = append(r.Findings, finding.Finding{
		Rule: "no-hardcoded-secrets", Severity: finding.Error,
		Message: fmt.Sprintf("SAS token %s in a query", leakySecret),
		Loc:     loc("apis/a%b:c,d/policy.xml", 4, 14, 4, 24),
		Related: []finding.Related{{Loc: loc("apis/a%b:c,d/policy.xml", 5, 1, 5, 2),
			Message: "also " + leakySecret}},
		Secrets: []string{leakySecret},
	})
	r.Findings = finding.Sort(r.Findings)
	return r
}

// TestSecretsMaskedInEveryFormat checks that no format prints a secret a
// finding carries, even when the rule quoted it, and that each shows its
// mask instead.
func TestSecretsMaskedInEveryFormat(t *testing.T) {
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			out := string(render(t, format, leakyReport(), fixtureCI()))
			if format == "github" {
				// The runner learns the secrets first, so that it hides
				// them in anything printed later.
				first, rest, _ := strings.Cut(out, "\n")
				second, rest, _ := strings.Cut(rest, "\n")
				want := []string{"::add-mask::q1w2e3r4t5", "::add-mask::" + leakySecret}
				if got := []string{first, second}; got[0] != want[0] || got[1] != want[1] {
					t.Errorf("output starts %q, want %q", got, want)
				}
				out = rest
			}
			for _, s := range []string{leakySecret, "q1w2e3r4t5"} {
				if strings.Contains(out, s) {
					t.Errorf("output holds the secret %q:\n%s", s, out)
				}
			}
			// The mask's stars may be escaped (Markdown); its prefix is not.
			if !strings.Contains(out, "SAS token sv=2") {
				t.Errorf("output lacks the masked secret:\n%s", out)
			}
		})
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "****"},
		{"abc", "****"},
		{"q1w2e3r4t5", "****"},
		{"q1w2e3r4t5y6", "q1w2****"},
		{"ééééééééééééé", "éééé****"},
	}
	for _, tt := range tests {
		if got := finding.Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRedactKeepsShortWords checks that secrets too short to mask
// everywhere leave messages alone, and that a secret holding another is
// masked whole.
func TestRedact(t *testing.T) {
	fs := []finding.Finding{
		{Message: "password abc and key q1w2e3r4t5y6u7 and q1w2e3r4t5y6", Secrets: []string{"abc", "q1w2e3r4t5y6"}},
		{Message: "other", Secrets: []string{"q1w2e3r4t5y6u7"}},
	}
	got := finding.Redact(fs)
	want := "password abc and key q1w2**** and q1w2****"
	if got[0].Message != want {
		t.Errorf("Message = %q, want %q", got[0].Message, want)
	}
	if fs[0].Message == want {
		t.Error("Redact changed its argument")
	}
}
