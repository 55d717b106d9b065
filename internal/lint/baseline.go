package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/apimlint/apimlint/internal/finding"
)

// BaselineVersion is the version of the baseline file's shape. In version
// 2 files are named relative to the baseline's folder, so a baseline
// matches from any folder apimlint runs in; version 1 named them as the
// run that wrote it showed them, and is still read.
const BaselineVersion = 2

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

// NewBaseline records findings, shown relative to dir, for a baseline file
// at path (relative to dir).
func NewBaseline(fs []finding.Finding, dir, path string) *Baseline {
	name := baselineNames(dir, path)
	prints := fingerprints(fs, dir, name)
	b := &Baseline{Version: BaselineVersion, Findings: []BaselineEntry{}}
	for i, f := range fs {
		b.Findings = append(b.Findings, BaselineEntry{Rule: f.Rule, File: name(f.Loc.File),
			Fingerprint: prints[i], Message: f.Message})
	}
	return b
}

// baselineNames names a finding's file, shown relative to dir, relative to
// the folder of the baseline at path, in slash form.
func baselineNames(dir, path string) func(string) string {
	absDir := absPath(dir, ".")
	base := filepath.Dir(absPath(absDir, path))
	return func(file string) string {
		if file == "" {
			return ""
		}
		rel, err := filepath.Rel(base, absPath(absDir, file))
		if err != nil {
			return file
		}
		return filepath.ToSlash(rel)
	}
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
	if b.Version != 1 && b.Version != BaselineVersion {
		return nil, fmt.Errorf("read baseline %s: version %d, want 1 or %d", path, b.Version, BaselineVersion)
	}
	return &b, nil
}

// Filter returns the findings, shown relative to dir, that the baseline at
// path (relative to dir) does not hold, and how many it held.
func (b *Baseline) Filter(fs []finding.Finding, dir, path string) ([]finding.Finding, int) {
	known := map[string]bool{}
	for _, e := range b.Findings {
		known[e.Fingerprint] = true
	}
	var prints []string
	if b.Version == 1 {
		prints = make([]string, len(fs))
		for i, f := range fs {
			prints[i] = f.Fingerprint
		}
	} else {
		prints = fingerprints(fs, dir, baselineNames(dir, path))
	}
	var out []finding.Finding
	for i, f := range fs {
		if !known[prints[i]] {
			out = append(out, f)
		}
	}
	return out, len(fs) - len(out)
}
