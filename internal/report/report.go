// Package report writes the results of a check in every output format:
// text, json, sarif, github, junit and a Markdown job summary. Each format
// is one Writer in its own file; all of them read the same Report.
package report

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/apimlint/apimlint/internal/finding"
)

// Report is everything a format may show about one run.
type Report struct {
	Tool    string // "apimlint"
	Version string

	Findings []finding.Finding
	// Suppressed are findings that suppressions hide: json and sarif list
	// them, marked as suppressed; other formats leave them out.
	Suppressed []finding.Finding
	// Rules describes every rule of the run, also those that found nothing.
	Rules []finding.Rule

	// Files is how many files were checked.
	Files int
	// FailLevel is the severity at or above which the run fails.
	FailLevel finding.Severity
}

// Rule returns the description of a rule, or a bare one for an unknown ID.
func (r *Report) Rule(id string) finding.Rule {
	i := sort.Search(len(r.Rules), func(i int) bool { return r.Rules[i].ID >= id })
	if i < len(r.Rules) && r.Rules[i].ID == id {
		return r.Rules[i]
	}
	return finding.Rule{ID: id, Title: id}
}

// Counts tallies the findings by severity.
func (r *Report) Counts() finding.Counts { return finding.Count(r.Findings) }

// Writer writes a report in one format.
type Writer interface {
	Write(w io.Writer, r *Report) error
}

// Options shared by formats.
type Options struct {
	// Color turns on ANSI colours in text output.
	Color bool
	// CI describes the continuous-integration run (workspace, commit links,
	// changed lines) for the github, summary and sarif formats; its zero
	// value fits a run outside CI.
	CI CI
	// File is set when the report goes to a file, not to the log: the github
	// format then leaves out its ::add-mask:: lines, which hold the secrets
	// findings mention and serve only a runner's log.
	File bool
}

// Formats lists the format names New accepts.
var Formats = []string{"text", "json", "sarif", "github", "junit", "summary"}

// constructors are filled in by each format's file.
var constructors = map[string]func(Options) Writer{}

// New returns the writer of a format.
func New(format string, opts Options) (Writer, error) {
	c, ok := constructors[format]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Names(), ", "))
	}
	return masking{c(opts)}, nil
}

// masking hands a writer the report with every secret masked, so that no
// format can print one: each finding's Secrets are replaced by their masks
// wherever a message shows them. The Secrets lists stay, for the github
// format to register them with the runner.
type masking struct{ w Writer }

func (m masking) Write(w io.Writer, r *Report) error {
	c := *r
	c.Findings = finding.Redact(r.Findings)
	return m.w.Write(w, &c)
}

// Names returns the available format names.
func Names() []string {
	var names []string
	for n := range constructors {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// plural returns "1 error" or "2 errors".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
