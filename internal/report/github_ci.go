package report

import (
	"cmp"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apimlint/apimlint/internal/finding"
)

// CI describes the continuous-integration run a report is written for: where
// the repository is, which commit links point at, and which lines the change
// under review touched. The github, summary and sarif formats read it.
type CI struct {
	// Dir is the absolute folder the findings' relative paths start from (the
	// working directory of the run); "" leaves relative paths alone.
	Dir string
	// Workspace is the absolute folder of the checked-out repository
	// (GITHUB_WORKSPACE). Paths are shown relative to it, as GitHub matches
	// annotations and code-scanning results to repository paths; "" shows
	// them as the findings give them.
	Workspace string
	// ServerURL, Repository and SHA build links to a file at the commit that
	// was checked: "https://github.com", "owner/name" and the commit. Links
	// are left out when any of them is empty.
	ServerURL, Repository, SHA string
	// Changed reports whether the change under review touched lines from..to
	// (1-based, inclusive) of the file at an absolute path; from 0 asks about
	// the file as a whole. Nil means nothing is known about the change.
	Changed func(path string, from, to int) bool
	// NoAnnotations makes the github format print every finding as a plain
	// log line instead of an annotation, for runs that get their annotations
	// from code scanning (SARIF) instead.
	NoAnnotations bool
	// Annotated tells the summary format that the same run printed
	// annotations with the github format, so that it says which findings went
	// without one.
	Annotated bool
	// ReadFile reads a checked file for the sarif format's fingerprints; nil
	// reads it from disk.
	ReadFile func(path string) ([]byte, error)
}

// AnnotationsPerLevel is how many annotations of each level (error, warning,
// notice) GitHub shows for one step; it drops the rest.
const AnnotationsPerLevel = 10

// abs returns where a finding's path is on disk.
func (c CI) abs(p string) string {
	op := filepath.FromSlash(p)
	if c.Dir == "" || filepath.IsAbs(op) {
		return op
	}
	return filepath.Join(c.Dir, op)
}

// show returns a finding's path the way CI shows it: relative to the
// workspace when the file is inside it, slash-separated.
func (c CI) show(p string) string {
	if c.Workspace == "" {
		return p
	}
	rel, err := filepath.Rel(c.Workspace, c.abs(p))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return p
	}
	return filepath.ToSlash(rel)
}

// onChanged reports whether a finding sits on lines the change touched. A
// finding without a line counts when the change touched its file.
func (c CI) onChanged(f finding.Finding) bool {
	if c.Changed == nil || f.Loc.File == "" {
		return false
	}
	from, to := f.Loc.Start.Line, max(f.Loc.End.Line, f.Loc.Start.Line)
	return c.Changed(c.abs(f.Loc.File), from, to)
}

// annotated picks the findings that get an annotation. GitHub keeps only the
// first AnnotationsPerLevel of each level in a step, so apimlint chooses them
// itself: findings on changed lines first, then the rest in file order. The
// limit is per level, so severity decides nothing among the candidates of
// one level; it only orders the ranking the summary and tests see.
func (c CI) annotated(fs []finding.Finding) []bool {
	out := make([]bool, len(fs))
	if c.NoAnnotations {
		return out
	}
	taken := map[finding.Severity]int{}
	for _, i := range c.ranked(fs) {
		if taken[fs[i].Severity] < AnnotationsPerLevel {
			out[i] = true
			taken[fs[i].Severity]++
		}
	}
	return out
}

// ranked returns the indexes of fs, findings on changed lines first, then by
// severity (strongest first), then in their given order.
func (c CI) ranked(fs []finding.Finding) []int {
	changed := make([]bool, len(fs))
	idx := make([]int, len(fs))
	for i, f := range fs {
		idx[i] = i
		changed[i] = c.onChanged(f)
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if changed[a] != changed[b] {
			if changed[a] {
				return -1
			}
			return 1
		}
		return cmp.Compare(fs[b].Severity, fs[a].Severity)
	})
	return idx
}

// secrets lists every secret of the findings once, in a stable order.
func secrets(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		for _, s := range f.Secrets {
			if strings.TrimSpace(s) != "" {
				out = append(out, s)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
