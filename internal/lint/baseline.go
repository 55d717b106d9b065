package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/apimlint/apimlint/internal/finding"
)

// BaselineVersion is the version of the baseline file's shape.
const BaselineVersion = 1

// Baseline is a record of accepted findings: a check given it reports only
// findings it does not hold. Findings are matched by fingerprint, which
// survives edits that move lines.
type Baseline struct {
	Version  int             `json:"version"`
	Findings []BaselineEntry `json:"findings"`
}

// BaselineEntry is one recorded finding; the rule, file and message are
// there for the reader, the fingerprint for matching.
type BaselineEntry struct {
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Fingerprint string `json:"fingerprint"`
	Message     string `json:"message"`
}

// NewBaseline records findings.
func NewBaseline(fs []finding.Finding) *Baseline {
	b := &Baseline{Version: BaselineVersion, Findings: []BaselineEntry{}}
	for _, f := range fs {
		b.Findings = append(b.Findings, BaselineEntry{Rule: f.Rule, File: f.Loc.File,
			Fingerprint: f.Fingerprint, Message: f.Message})
	}
	return b
}

// Write writes the baseline as indented JSON.
func (b *Baseline) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(b)
}

// ReadBaseline reads a baseline file.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("read baseline %s: %w", path, err)
	}
	if b.Version != BaselineVersion {
		return nil, fmt.Errorf("read baseline %s: version %d, want %d", path, b.Version, BaselineVersion)
	}
	return &b, nil
}

// Filter returns the findings the baseline does not hold, and how many it
// held.
func (b *Baseline) Filter(fs []finding.Finding) ([]finding.Finding, int) {
	known := map[string]bool{}
	for _, e := range b.Findings {
		known[e.Fingerprint] = true
	}
	var out []finding.Finding
	for _, f := range fs {
		if !known[f.Fingerprint] {
			out = append(out, f)
		}
	}
	return out, len(fs) - len(out)
}
