package report

import (
	"bytes"
	"encoding/xml"
	"testing"

	"github.com/apimlint/apimlint/internal/finding"
)

func TestJUnitGolden(t *testing.T) {
	got := render(t, "junit", fixtureReport(), fixtureCI())
	golden(t, "junit.golden", got)
	checkJUnit(t, got, 5)
}

func TestJUnitNoFindings(t *testing.T) {
	r := &Report{Tool: "apimlint", Files: 4, FailLevel: finding.Error}
	got := render(t, "junit", r, CI{})
	golden(t, "junit-empty.golden", got)
	checkJUnit(t, got, 0)
}

// checkJUnit parses the XML back and checks its failure count.
func checkJUnit(t *testing.T, doc []byte, failures int) {
	t.Helper()
	var suites junitSuites
	if err := xml.NewDecoder(bytes.NewReader(doc)).Decode(&suites); err != nil {
		t.Fatalf("JUnit output is not XML: %v", err)
	}
	got := 0
	for _, s := range suites.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil {
				got++
			}
		}
	}
	if got != failures || suites.Failures != failures {
		t.Errorf("%d failed cases, failures=%d; want %d", got, suites.Failures, failures)
	}
}
