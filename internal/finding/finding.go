// Package finding defines what a check reports: findings, their severities and
// the descriptions of the rules that produce them. Every output format and
// every reader of results works with these types.
package finding

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/apimlint/apimlint/internal/source"
)

// Severity ranks findings. The zero value is not a valid severity.
type Severity int

// The severities, weakest first.
const (
	Note Severity = iota + 1
	Warning
	Error
)

var severityNames = map[Severity]string{Note: "note", Warning: "warning", Error: "error"}

func (s Severity) String() string {
	if n, ok := severityNames[s]; ok {
		return n
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads "error", "warning" or "note" (also "info" for note).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "note", "info":
		return Note, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or note)", s)
}

// MarshalText writes the severity name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Related is another place a finding rests on, such as the Easy Auth setting
// a policy's audience fails to match.
type Related struct {
	Loc     source.Location
	Message string
}

// Finding is one problem found in the checked files.
type Finding struct {
	Rule     string
	Severity Severity
	Message  string
	Loc      source.Location
	Related  []Related

	// Fingerprint identifies the finding across unrelated edits that move
	// lines: it hashes the rule, the file and what the finding is about, not
	// the line number.
	Fingerprint string

	// Secrets are values the message or the file may show that outputs must
	// mask; they are never printed.
	Secrets []string

	// Suppression is set on a finding a suppression hides: formats that
	// show suppressed findings (json, sarif) say so and why.
	Suppression *Suppression
}

// The kinds of suppression, named as SARIF names them.
const (
	InSource = "inSource" // a comment or metadata entry in the checked file
	External = "external" // an entry of the configuration file
)

// Suppression says why a finding is hidden.
type Suppression struct {
	Kind   string
	Reason string
	// Loc is where the suppression is written.
	Loc source.Location
}

// String formats the finding the canonical way, used by text output and
// golden tests: "path:line:col: severity: message [rule-id]".
func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", ShowPath(f.Loc.File), f.Loc.Start.Line, f.Loc.Start.Column,
		f.Severity, f.Message, f.Rule)
}

// ShowPath returns a file name as one-line outputs print it: as it is,
// unless it holds a control character such as a line break, which would
// split the line (and could forge a line of its own); then it is quoted
// the way Go quotes strings.
func ShowPath(p string) string {
	if strings.IndexFunc(p, unicode.IsControl) < 0 {
		return p
	}
	return strconv.Quote(p)
}

// Compare orders findings by file, position, rule and message.
func Compare(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Loc.File, b.Loc.File),
		cmp.Compare(a.Loc.Start.Line, b.Loc.Start.Line),
		cmp.Compare(a.Loc.Start.Column, b.Loc.Start.Column),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
		cmp.Compare(b.Severity, a.Severity),
	)
}

// Sort orders findings for output and removes exact duplicates.
func Sort(fs []Finding) []Finding {
	slices.SortFunc(fs, Compare)
	return slices.CompactFunc(fs, func(a, b Finding) bool {
		return Compare(a, b) == 0 && a.Severity == b.Severity
	})
}

// Counts tallies findings by severity.
type Counts struct {
	Error, Warning, Note int
}

// Count tallies fs.
func Count(fs []Finding) Counts {
	var c Counts
	for _, f := range fs {
		switch f.Severity {
		case Error:
			c.Error++
		case Warning:
			c.Warning++
		case Note:
			c.Note++
		}
	}
	return c
}

// AtOrAbove reports whether any finding has at least the given severity.
func AtOrAbove(fs []Finding, level Severity) bool {
	for _, f := range fs {
		if f.Severity >= level {
			return true
		}
	}
	return false
}

// Rule describes a rule, from its METADATA.
type Rule struct {
	ID          string
	Title       string
	Severity    Severity
	Description string
	Remediation string
	DocURL      string
	// Custom is true for rules the user supplied with --rules.
	Custom bool
	// File is where the rule is defined (for built-in rules, its path inside
	// the embedded rules folder).
	File string
}
