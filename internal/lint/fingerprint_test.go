package lint

import (
	"strconv"
	"testing"

	"github.com/apimlint/apimlint/internal/finding"
	"github.com/apimlint/apimlint/internal/source"
)

// TestFingerprintsIgnorePlacesInMessages: a message that names a related
// place as file:line keeps its fingerprint when that place moves and, for
// a baseline, when the run shows files from another folder.
func TestFingerprintsIgnorePlacesInMessages(t *testing.T) {
	at := func(file string, line int) source.Location {
		return source.Location{File: file, Range: source.Range{Start: source.Pos{Line: line, Column: 1}}}
	}
	// A finding in prefix+"main.bicep" whose message names use:line.
	f := func(prefix, use string, line int) []finding.Finding {
		return []finding.Finding{{Rule: "r", Loc: at(prefix+"main.bicep", 0),
			Message: "service \"s\" has none, but " + prefix + use + ":" + strconv.Itoa(line) + ":2 uses it",
			Related: []finding.Related{{Loc: at(prefix+use, line), Message: "uses it"}}}}
	}
	asShown := func(s string) string { return s }
	fromParent := func(s string) string { return "apim/" + s }

	root := fingerprints(f("", "apis/a/policy.xml", 3), "", asShown)[0]
	if moved := fingerprints(f("", "apis/a/policy.xml", 9), "", asShown)[0]; moved != root {
		t.Errorf("the related place moved: fingerprint %s, want %s", moved, root)
	}
	if other := fingerprints(f("", "apis/b/policy.xml", 3), "", asShown)[0]; other == root {
		t.Error("another related file gave the same fingerprint")
	}
	// Run in apim/ and named from its parent, as a baseline there names
	// files, against a run in the parent.
	inside := fingerprints(f("", "apis/a/policy.xml", 3), "", fromParent)[0]
	if parent := fingerprints(f("apim/", "apis/a/policy.xml", 3), "", asShown)[0]; inside != parent {
		t.Errorf("run in a subfolder: fingerprint %s, from the parent %s", inside, parent)
	}
}
