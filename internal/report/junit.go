package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/apimlint/apimlint/internal/finding"
)

func init() {
	constructors["junit"] = func(o Options) Writer { return junitWriter{ci: o.CI} }
}

// junitWriter writes JUnit XML as CI systems (GitLab, Jenkins, Azure
// Pipelines) read it: one test suite per file with findings, one failed test
// case per finding, its type the severity. A run without findings is one
// passed test case, so the report never looks empty.
type junitWriter struct{ ci CI }

type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		File      string        `xml:"file,attr,omitempty"`
		Line      int           `xml:"line,attr,omitempty"`
		Failure   *junitFailure `xml:"failure,omitempty"`
	}
	junitFailure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",cdata"`
	}
)

func (j junitWriter) Write(w io.Writer, r *Report) error {
	out := junitSuites{Name: r.Tool, Tests: len(r.Findings), Failures: len(r.Findings)}
	for _, grp := range byFile(r.Findings) {
		shown := j.ci.show(grp.file)
		suite := junitSuite{Name: shown, Tests: len(grp.findings), Failures: len(grp.findings)}
		for _, f := range grp.findings {
			suite.Cases = append(suite.Cases, j.testCase(shown, f, r.Rule(f.Rule)))
		}
		out.Suites = append(out.Suites, suite)
	}
	if len(r.Findings) == 0 {
		out.Tests = 1
		out.Suites = []junitSuite{{Name: r.Tool, Tests: 1,
			Cases: []junitCase{{Name: summaryLine(r), Classname: r.Tool}}}}
	}

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// testCase is one finding as a failed test case named after its rule and
// position.
func (j junitWriter) testCase(shown string, f finding.Finding, rule finding.Rule) junitCase {
	tc := junitCase{Name: fmt.Sprintf("%s at %d:%d", f.Rule, f.Loc.Start.Line, f.Loc.Start.Column),
		Classname: shown, File: shown, Line: f.Loc.Start.Line}
	var body strings.Builder
	located := f
	located.Loc.File = shown
	body.WriteString(located.String())
	for _, rel := range f.Related {
		fmt.Fprintf(&body, "\n    see %s:%d: %s", j.ci.show(rel.Loc.File), rel.Loc.Start.Line, rel.Message)
	}
	fmt.Fprintf(&body, "\nrule: %s", rule.Title)
	if rule.DocURL != "" {
		fmt.Fprintf(&body, "\ndocs: %s", rule.DocURL)
	}
	tc.Failure = &junitFailure{Message: f.Message, Type: f.Severity.String(), Text: xmlChars(body.String())}
	return tc
}

// xmlChars replaces the characters XML 1.0 cannot hold (most control
// characters) with U+FFFD; CDATA sections are written as they are.
func xmlChars(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r == 0xfffe, r == 0xffff, r >= 0xd800 && r < 0xe000:
			return '\ufffd'
		}
		return r
	}, s)
}
