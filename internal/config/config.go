// Package config reads .apimlint.yaml, the file a team keeps next to its
// APIM configuration to tune a check: which rules run and how severe they
// are, the level that fails the run, which files are checked, the rule
// parameters, which parameter file goes with which template, and the
// findings it accepts for a while (suppressions with a reason and an expiry).
//
// Every problem in the file is an error positioned at the key or value at
// fault, "path:line:col: message", so a typo never silently turns a setting
// off.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/finding"
)

// FileName is the name Find looks for.
const FileName = ".apimlint.yaml"

// Config is a parsed configuration file. The zero value is the configuration
// of a run without a file.
type Config struct {
	// Path is the file read, as the user would name it; "" when none.
	Path string
	// Dir is the folder of the file, on disk: relative paths and globs in
	// the file are relative to it.
	Dir string

	// CustomRules are folders of the team's own Rego rules, on disk.
	CustomRules []string
	// FailLevel is the lowest severity that fails a run; 0 when unset.
	FailLevel finding.Severity
	// Include and Exclude are doublestar globs over file paths relative to
	// Dir. With Include set, only matching files are checked.
	Include, Exclude []string
	// Rules holds the settings of rules by ID.
	Rules map[string]*Rule
	// Parameters says which parameter files to use for which template.
	Parameters []Parameters
	// Suppressions are findings accepted for a while.
	Suppressions []*Suppression
}

// Pos is a place in the configuration file.
type Pos struct {
	Line, Column int
}

// Rule is the setting of one rule.
type Rule struct {
	ID string
	// Disabled turns the rule off.
	Disabled bool
	// Severity overrides the rule's severity when not 0.
	Severity finding.Severity
	// Params are handed to the rule as data.apimlint.config.rules[id].params.
	Params map[string]any
	Pos    Pos
}

// Parameters binds parameter files (ARM .json or .bicepparam) to the
// templates they fill.
type Parameters struct {
	// Template is a glob over template paths relative to Dir.
	Template string
	// Files are parameter files, relative to Dir.
	Files []string
	Pos   Pos
}

// Suppression accepts the findings of a rule in the files matching a glob,
// optionally only those in one resource.
type Suppression struct {
	Rule string
	// Path is a doublestar glob over file paths relative to Dir; "" matches
	// every file.
	Path string
	// Resource, when set, limits the suppression to findings inside the
	// resource of that name, symbolic name or ID ('*' matches any run of
	// characters).
	Resource string
	Reason   string
	// Expires is the last day the suppression applies; zero when it never
	// expires.
	Expires time.Time
	Pos     Pos
}

// Error is a problem in a configuration file.
type Error struct {
	File string
	Pos
	Msg string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// Errors are all the problems of one file, in file order.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Find looks for FileName in start (a file's folder when start is a file)
// and its parents, stopping after the folder that holds .git or at the
// filesystem root. It returns "" when there is none.
func Find(start string) (string, error) {
	abs, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	if st, err := os.Stat(abs); err == nil && !st.IsDir() {
		abs = filepath.Dir(abs)
	}
	for d := abs; ; d = filepath.Dir(d) {
		p := filepath.Join(d, FileName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return "", nil
		}
		if filepath.Dir(d) == d {
			return "", nil
		}
	}
}

// Load reads and checks a configuration file. name is how messages show
// the file.
func Load(path, name string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	return parse(b, name, filepath.Dir(abs), true)
}

// Parse checks the content of a configuration file; dir is its folder.
func Parse(b []byte, name, dir string) (*Config, error) {
	return parse(b, name, dir, false)
}

// parse is Parse; with disk, the folders the file names must exist.
func parse(b []byte, name, dir string, disk bool) (*Config, error) {
	c := &Config{Path: name, Dir: dir, Rules: map[string]*Rule{}}
	d := &decoder{file: name, cfg: c, disk: disk}
	d.decode(b)
	if len(d.errs) > 0 {
		sort.SliceStable(d.errs, func(i, j int) bool {
			a, b := d.errs[i], d.errs[j]
			return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
		})
		return nil, d.errs
	}
	return c, nil
}

// CheckRules reports rule IDs the file names that no rule has, with the
// position of each; known tells whether an ID exists.
func (c *Config) CheckRules(known func(string) bool) error {
	var errs Errors
	for _, r := range c.Rules {
		if !known(r.ID) {
			errs = append(errs, &Error{File: c.Path, Pos: r.Pos, Msg: fmt.Sprintf("unknown rule %q", r.ID)})
		}
	}
	for _, s := range c.Suppressions {
		if !known(s.Rule) {
			errs = append(errs, &Error{File: c.Path, Pos: s.Pos,
				Msg: fmt.Sprintf("suppression of unknown rule %q", s.Rule)})
		}
	}
	if len(errs) == 0 {
		return nil
	}
	sort.Slice(errs, func(i, j int) bool {
		return errs[i].Line < errs[j].Line || errs[i].Line == errs[j].Line && errs[i].Column < errs[j].Column
	})
	return errs
}

// Match reports whether the file at the displayed path shown matches a glob
// of the configuration file, which is relative to the file's folder. shown
// is relative to dir (the folder displayed paths start from, "" for the
// working directory) or absolute; either way it is compared as a path
// relative to the configuration's folder, so a glob matches the same files
// whatever folder apimlint runs in and however the paths were given. Files
// outside that folder match nothing. Callers on a hot path pass an
// absolute dir, which spares a look-up of the working directory per call.
func (c *Config) Match(glob, shown, dir string) bool {
	return c.MatchAny([]string{glob}, shown, dir)
}

// MatchAny reports whether the file matches one of globs (see Match); the
// file's path is worked out once for all of them.
func (c *Config) MatchAny(globs []string, shown, dir string) bool {
	if c == nil || len(globs) == 0 {
		return false
	}
	abs, err := filepath.Abs(discover.OSPath(dir, shown))
	if err != nil {
		return false
	}
	rel, ok := discover.RelWithin(c.Dir, abs)
	if !ok {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, g := range globs {
		if ok, _ := doublestar.Match(strings.TrimPrefix(g, "./"), rel); ok {
			return true
		}
	}
	return false
}

// Rebase returns a path of the file's folder (p is relative to it) as a
// displayed path relative to base, slash-separated: "prod.json" from infra/
// for the configuration's "infra/prod.json".
func (c *Config) Rebase(p, base string) string {
	return discover.Shown(base, filepath.Join(c.Dir, filepath.FromSlash(p)))
}

// Expired reports whether s no longer applies on day now.
func (s *Suppression) Expired(now time.Time) bool {
	if s.Expires.IsZero() {
		return false
	}
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return today.After(s.Expires)
}
