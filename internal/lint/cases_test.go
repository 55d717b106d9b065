package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/finding"
)

// casesDir holds the acceptance cases written from real user reports.
const casesDir = "../../../shared/cases"

// pending lists cases that need a reader or rule not built yet, with the
// reason; every case passes now.
var pending = map[string]string{}

// expectation is one row of a case's expected.txt.
type expectation struct {
	rule, file string
	line       int // 0: anywhere in the file
	severity   string
}

var rowKey = regexp.MustCompile(`^(RULE|LOCATION|SEVERITY): (.*)$`)

func readExpected(t *testing.T, dir string) []expectation {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "expected.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []expectation
	cur := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		m := rowKey.FindStringSubmatch(strings.TrimRight(line, "\r"))
		if m == nil {
			continue
		}
		cur[m[1]] = strings.TrimSpace(m[2])
		if m[1] != "SEVERITY" {
			continue
		}
		e := expectation{rule: strings.Fields(cur["RULE"])[0], severity: cur["SEVERITY"]}
		loc := cur["LOCATION"]
		if i := strings.LastIndex(loc, ":"); i > 0 {
			if n, err := strconv.Atoi(loc[i+1:]); err == nil {
				e.file, e.line = loc[:i], n
			}
		}
		if e.file == "" {
			e.file = strings.TrimSpace(regexp.MustCompile(` \(.*\)$`).ReplaceAllString(loc, ""))
		}
		out = append(out, e)
		cur = map[string]string{}
	}
	return out
}

// TestCases checks every acceptance case folder as a whole and compares the
// findings with its expected.txt: each expected finding must be there with
// its severity, and no other error or warning may appear. A *-fixed.* file
// replaces its sibling in a second run that must give no error or warning.
func TestCases(t *testing.T) {
	entries, err := os.ReadDir(casesDir)
	if err != nil {
		t.Skipf("acceptance cases not found at %s: %v", casesDir, err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			if why, ok := pending[e.Name()]; ok {
				t.Skip(why)
			}
			dir := filepath.Join(casesDir, e.Name())
			exp := readExpected(t, dir)
			var fixed []string
			var want []expectation
			for _, x := range exp {
				switch {
				case x.rule == "(none)" && strings.Contains(x.file, "-fixed."):
					fixed = append(fixed, x.file)
				case x.rule != "(none)":
					want = append(want, x)
				}
			}
			work := copyCase(t, dir, fixed, "")
			got := check(t, work)
			for _, p := range compare(want, got) {
				t.Error(p)
			}
			for _, f := range fixed {
				variant := copyCase(t, dir, nil, f)
				for _, g := range check(t, variant) {
					if g.Severity >= finding.Warning {
						t.Errorf("variant %s: false %s", f, g)
					}
				}
			}
		})
	}
}

// copyCase copies a case folder without expected.txt, leaving out the files
// in drop, and with fixed (if set) put in place of its sibling.
func copyCase(t *testing.T, dir string, drop []string, fixed string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "expected.txt" || slices.Contains(drop, rel) {
			return nil
		}
		if fixed != "" && rel == strings.Replace(fixed, "-fixed.", ".", 1) {
			return nil
		}
		if rel == fixed {
			rel = strings.Replace(fixed, "-fixed.", ".", 1)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func check(t *testing.T, dir string) []finding.Finding {
	t.Helper()
	res, err := Check(context.Background(), Options{Paths: []string{"."}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return res.Findings
}

// compare lists what is missing and what is false.
func compare(want []expectation, got []finding.Finding) []string {
	var problems []string
	matches := func(x expectation, g finding.Finding) bool {
		return g.Rule == x.rule && g.Loc.File == x.file && (x.line == 0 || g.Loc.Start.Line == x.line)
	}
	for _, x := range want {
		found := false
		for _, g := range got {
			if matches(x, g) {
				found = true
				if g.Severity.String() != x.severity {
					problems = append(problems, fmt.Sprintf("%s at %s:%d: severity %s, want %s", x.rule, x.file, x.line,
						g.Severity, x.severity))
				}
			}
		}
		if !found {
			problems = append(problems, fmt.Sprintf("missing %s at %s:%d", x.rule, x.file, x.line))
		}
	}
	for _, g := range got {
		if g.Severity < finding.Warning {
			continue
		}
		if !slices.ContainsFunc(want, func(x expectation) bool { return matches(x, g) }) {
			problems = append(problems, "false "+g.String())
		}
	}
	return problems
}
