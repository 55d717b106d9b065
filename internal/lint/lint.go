// Package lint runs a check from paths to findings: it discovers the files,
// reads them, builds the estate, evaluates the rules once over it, and
// finishes the findings (fingerprints, masked secrets, sorting). The CLI,
// the benchmarks and the tests all go through it.
package lint

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/apimlint/apimlint/internal/config"
	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/engine"
	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/finding"
	"github.com/apimlint/apimlint/internal/load"
)

// Options control a run.
type Options struct {
	Paths []string
	// Dir is the folder relative paths start from and findings are shown
	// relative to; "" means the working directory.
	Dir      string
	RuleDirs []string
	Exclude  []string
	// ParameterSets say which parameter files fill which template.
	ParameterSets []load.ParameterSet

	// skip and keep are the configuration file's excludes and includes,
	// matched relative to its folder (set from Config).
	skip, keep func(shown string) bool
	// Workers bounds parallel work; 0 means one per CPU.
	Workers int
	// Timeout bounds rule evaluation; 0 means the engine's default.
	Timeout time.Duration
	// Verbose receives progress lines; Print receives the rules' print()
	// output. Either may be nil.
	Verbose io.Writer
	Print   io.Writer
	// Context holds paths read as context only: their files join the estate,
	// so cross-file rules see them, but a finding is reported only when its
	// location, or one of its related locations, lies under Paths. This is
	// how a pre-commit hook checks the files of a commit against the whole
	// repository.
	Context []string
	// Parameters is a parameter file that gives the parameter values of
	// every ARM template checked; "" means each template's sibling
	// <stem>.parameters.json, when there is one.
	Parameters string
	// Env holds the environment variables that Bicep parameter files read
	// with readEnvironmentVariable(); any other is unknown.
	Env map[string]string
	// Config is the run's .apimlint.yaml; nil means none. Its custom rules,
	// globs, rule settings, parameters and suppressions add to the options
	// above.
	Config *config.Config
	// Now is the day suppressions expire against; zero means today.
	Now time.Time
	// Engine, when set, is the compiled rule set to use instead of
	// compiling one: for callers that check many small estates, such as
	// the test of the rule documentation. RuleDirs and rule parameters are
	// then ignored.
	Engine *engine.Engine
}

// Result is what a run found.
type Result struct {
	Findings []finding.Finding
	// Suppressed are the findings suppressions hide, each with its
	// Suppression set.
	Suppressed []finding.Finding
	Rules      []finding.Rule
	Estate     *estate.Estate
	Files      int
}

// Check runs the whole pipeline.
func Check(ctx context.Context, opts Options) (*Result, error) {
	// Compiling the rules and reading the files do not depend on each other:
	// do both at once, so start-up costs little on a small check.
	type compiled struct {
		e   *engine.Engine
		err error
	}
	ch := make(chan compiled, 1)
	opts = withConfig(opts)
	go func() {
		if opts.Engine != nil {
			ch <- compiled{opts.Engine, nil}
			return
		}
		e, err := engine.New(ctx, engine.Options{RuleDirs: opts.RuleDirs, Dir: opts.Dir, Timeout: opts.Timeout,
			Print: opts.Print, Config: ruleData(opts.Config)})
		ch <- compiled{e, err}
	}()

	est, files, err := Build(opts)
	c := <-ch
	if err != nil {
		return nil, err
	}
	if c.err != nil {
		return nil, c.err
	}
	if err := checkConfig(opts.Config, c.e); err != nil {
		return nil, err
	}
	fs, err := c.e.Eval(ctx, est)
	if err != nil {
		return nil, err
	}
	fs = applyRules(opts.Config, fs)
	known := func(id string) bool {
		_, ok := c.e.Rule(id)
		return ok || slices.ContainsFunc(Rules, func(r finding.Rule) bool { return r.ID == id })
	}
	fs, suppressed := newSuppressor(opts, est, known).apply(fs)
	if len(opts.Context) > 0 {
		scope := append(slices.Clip(opts.Paths), paramsInScope(opts, est)...)
		fs = inScope(fs, scope, opts.Dir)
		suppressed = inScope(suppressed, scope, opts.Dir)
	}
	return &Result{Findings: finish(fs, opts.Dir), Suppressed: finish(suppressed, opts.Dir),
		Rules: ruleList(opts.Config, c.e.Rules()), Estate: est, Files: files}, nil
}

// Build discovers, reads and links the files: the estate that rules see.
func Build(opts Options) (*estate.Estate, int, error) {
	paths := pathsOrDot(opts.Paths)
	paths = append(slices.Clip(paths), sameForm(opts.Context, paths[0], opts.Dir)...)
	// Files are read as the walk finds them.
	reading := load.Start(load.Options{Workers: opts.Workers, Verbose: opts.Verbose, Dir: opts.Dir,
		Parameters: opts.Parameters, Env: opts.Env, ParameterSets: opts.ParameterSets, Keep: mayHoldSuppressions})
	files, problems, err := discover.Walk(paths, discover.Options{Exclude: opts.Exclude, Skip: opts.skip,
		Keep: opts.keep, Dir: opts.Dir, Found: reading.Add})
	if err != nil {
		reading.Finish(nil, nil)
		return nil, 0, err
	}
	files, problems = withBicepParams(files, problems, opts)
	res := reading.Finish(files, problems)
	// The inputs are Build's alone: it lets go of each as it is linked.
	inputs := res.Inputs
	res.Inputs = nil
	est := estate.Build(inputs, estate.BuildOptions{Workers: opts.Workers})
	est.Files = res.Files
	read := 0
	for _, f := range res.Files {
		if f.Skipped == "" {
			read++
		}
	}
	return est, read, nil
}

// Input is the estate as the rules see it.
func Input(est *estate.Estate) (ast.Value, error) {
	return engine.ToValue(est)
}

// paramsInScope returns the .bicepparam files .apimlint.yaml names for the
// Bicep templates among the checked paths: a finding on a value such a file
// gives is the template's, and is reported with it (a commit that touches
// only main.bicep).
func paramsInScope(opts Options, est *estate.Estate) []string {
	var out []string
	absDir := absPath(opts.Dir, ".")
	roots := absPaths(absDir, pathsOrDot(opts.Paths))
	for _, f := range est.Files {
		if f.Kind != string(discover.Bicep) || !underRoots(f.Path, roots, absDir) {
			continue
		}
		for _, set := range opts.ParameterSets {
			if !set.Match(f.Path) {
				continue
			}
			for _, p := range set.Files {
				if load.IsBicepParam(p) {
					out = append(out, p)
				}
			}
		}
	}
	return out
}

// inScope keeps the findings located, or related to a place, under one of
// paths (default "."), given as the user gave them relative to dir.
func inScope(fs []finding.Finding, paths []string, dir string) []finding.Finding {
	absDir := absPath(dir, ".")
	roots := absPaths(absDir, pathsOrDot(paths))
	under := func(file string) bool { return underRoots(file, roots, absDir) }
	return slices.DeleteFunc(fs, func(f finding.Finding) bool {
		if under(f.Loc.File) {
			return false
		}
		for _, rel := range f.Related {
			if under(rel.Loc.File) {
				return false
			}
		}
		return true
	})
}

// pathsOrDot is paths, or "." (the default of apimlint check) when empty.
func pathsOrDot(paths []string) []string {
	if len(paths) == 0 {
		return []string{"."}
	}
	return paths
}

// absPaths returns paths, given as the user gave them relative to dir, as
// clean absolute paths (see absPath).
func absPaths(dir string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = absPath(dir, p)
	}
	return out
}

// underRoots reports whether a displayed file (relative to dir, which is
// best absolute: no working directory to look up per file) lies under one
// of roots, absolute paths (absPaths).
func underRoots(file string, roots []string, dir string) bool {
	if file == "" {
		return false
	}
	abs := absPath(dir, file)
	for _, r := range roots {
		if discover.Within(r, abs) {
			return true
		}
	}
	return false
}

// absPath returns a displayed path as a clean absolute path.
func absPath(dir, p string) string {
	op := discover.OSPath(dir, p)
	if abs, err := filepath.Abs(op); err == nil {
		return abs
	}
	return filepath.Clean(op)
}

// sameForm writes context paths the way the first checked path is written,
// absolute or relative to dir, so that a file the checked files load is
// known under one name and read once (--context /repo with PATH main.bicep).
func sameForm(context []string, first, dir string) []string {
	out := make([]string, len(context))
	for i, c := range context {
		out[i] = c
		switch {
		case filepath.IsAbs(first) && !filepath.IsAbs(c):
			out[i] = absPath(dir, c)
		case !filepath.IsAbs(first) && filepath.IsAbs(c):
			if base := absPath(dir, "."); discover.Within(base, c) {
				out[i], _ = filepath.Rel(base, c)
			}
		}
	}
	return out
}

// finish sorts findings, removes duplicates and gives each its fingerprint.
func finish(fs []finding.Finding, dir string) []finding.Finding {
	fs = finding.Sort(fs)
	fingerprint(fs, dir)
	return fs
}

// withBicepParams adds the .bicepparam files that .apimlint.yaml names for a
// Bicep template being checked, so that the template is evaluated with them
// even when they lie outside the checked paths (a commit that touches only
// main.bicep). A .bicepparam names its template with using; the template is
// then read through it, not on its own.
func withBicepParams(files []discover.File, problems []discover.Problem, opts Options) ([]discover.File, []discover.Problem) {
	have := map[string]bool{}
	for _, f := range files {
		have[f.Path] = true
	}
	var extra []string
	root := map[string]string{}
	for _, set := range opts.ParameterSets {
		var tmpl *discover.File
		for i, f := range files {
			if set.Match(f.Path) && f.Kind == discover.Bicep {
				tmpl = &files[i]
				break
			}
		}
		if tmpl == nil {
			continue
		}
		for _, p := range set.Files {
			if load.IsBicepParam(p) && !have[p] {
				have[p] = true
				extra = append(extra, p)
				root[p] = tmpl.Root
			}
		}
	}
	// A file the configuration names but that is not there is reported at
	// its name, like any file that cannot be read.
	extra = slices.DeleteFunc(extra, func(p string) bool {
		if _, err := os.Stat(discover.OSPath(opts.Dir, p)); err != nil {
			problems = append(problems, discover.Problem{Path: p,
				Err: errors.New("no such file; .apimlint.yaml names it in parameters")})
			return true
		}
		return false
	})
	if len(extra) == 0 {
		return files, problems
	}
	more, probs, err := discover.Walk(extra, discover.Options{Dir: opts.Dir})
	if err != nil {
		return files, problems
	}
	for _, f := range more {
		// The template the .bicepparam uses lies in the template's root.
		if r := root[f.Path]; r != "" {
			f.Root = r
		}
		files = append(files, f)
	}
	return files, append(problems, probs...)
}
