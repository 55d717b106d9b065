package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/engine"
	"github.com/apimlint/apimlint/internal/finding"
	"github.com/apimlint/apimlint/internal/lint"
	"github.com/apimlint/apimlint/internal/report"
)

// checkFlags are the options of apimlint check.
type checkFlags struct {
	format    string
	outputs   []string
	failLevel string
	rules     []string
	exclude   []string
	color     string
	verbose   bool
	workers   int
	env       []string
	timeout   time.Duration

	// GitHub and pre-commit (see action.go).
	context      []string
	changedSince string
	annotate     bool

	parameters string // ARM parameter file
	// Configuration, suppressions and baseline (see config.go).
	config        string
	baseline      string
	writeBaseline string
	failLevelSet  bool // --fail-level given: it wins over the file's
}

func newCheck(e *env) *cobra.Command {
	f := &checkFlags{}
	cmd := &cobra.Command{
		Use:   "check [PATH...]",
		Short: "Check files and folders (default: the current folder)",
		Long: "Check walks the given files and folders (default: the current folder), reads policy XML,\n" +
			"ARM JSON, Bicep and APIOps folders, links them into one estate and reports what the rules find.\n\n" +
			"Exit codes: 0 nothing at or above --fail-level, 1 findings at or above it, 2 usage or tool error.",
		RunE: func(cmd *cobra.Command, args []string) error {
			f.failLevelSet = cmd.Flags().Changed("fail-level")
			return runCheck(cmd.Context(), e, f, args)
		},
	}
	f.register(cmd.Flags())
	return cmd
}

// register defines check's flags, with their defaults, on fl. The action
// registers them too, so that both start from the same defaults.
func (f *checkFlags) register(fl *pflag.FlagSet) {
	fl.StringVarP(&f.format, "format", "f", "text", "output format: "+strings.Join(report.Formats, ", "))
	fl.StringArrayVarP(&f.outputs, "output", "o", nil,
		"also write FORMAT=FILE (repeatable), e.g. --output sarif=apimlint.sarif")
	fl.StringVar(&f.failLevel, "fail-level", "error", "lowest severity that fails the run: error, warning or note")
	fl.StringArrayVar(&f.rules, "rules", nil, "folder of your own Rego rules (repeatable)")
	fl.StringArrayVar(&f.exclude, "exclude", nil, "skip paths matching this glob, e.g. '**/legacy/**' (repeatable)")
	fl.StringVar(&f.color, "color", "auto", "colour text output: auto, always or never (NO_COLOR is honoured)")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "say on stderr how each file was read")
	fl.IntVar(&f.workers, "workers", 0, "files read in parallel (default: one per CPU)")
	fl.StringArrayVar(&f.env, "env", nil, "NAME=VALUE seen by readEnvironmentVariable() in .bicepparam "+
		"files (repeatable; other variables are unknown)")
	fl.DurationVar(&f.timeout, "timeout", engine.DefaultTimeout, "stop the rules after this long, "+
		"naming those that did not finish")
	fl.StringArrayVar(&f.context, "context", nil, "also read this path, as context only: findings are "+
		"reported in the PATH arguments alone (repeatable; what the pre-commit hook uses)")
	fl.StringVar(&f.changedSince, "changed-since", "", "github and summary formats: rank findings on "+
		"lines changed since this git revision first (default in a pull request: its base)")
	fl.BoolVar(&f.annotate, "annotate", true, "github format: show findings as annotations; false "+
		"prints plain log lines (when code scanning annotates from SARIF)")
	fl.StringVar(&f.parameters, "parameters", "", "ARM parameter file giving the parameter values of "+
		"the templates checked (default: each template's <name>.parameters.json beside it)")
	fl.StringVar(&f.config, "config", "", "configuration file (default: the nearest .apimlint.yaml "+
		"above the first PATH, up to the repository root)")
	fl.StringVar(&f.baseline, "baseline", "", "report only findings this baseline file does not hold")
	fl.StringVar(&f.writeBaseline, "write-baseline", "", "record today's findings in this file and exit 0")
}

// output is one destination of a report.
type output struct {
	format string
	path   string // "" for stdout
}

func (f *checkFlags) parseOutputs(dir string) ([]output, error) {
	outs := []output{{format: f.format}}
	for _, o := range f.outputs {
		format, path, ok := strings.Cut(o, "=")
		if !ok || format == "" || path == "" {
			return nil, fmt.Errorf("--output %q: want FORMAT=FILE, e.g. sarif=apimlint.sarif", o)
		}
		for _, prev := range outs[1:] {
			if sameFile(discover.OSPath(dir, prev.path), discover.OSPath(dir, path)) {
				return nil, fmt.Errorf("--output %q: %s is already written as %s", o, path, prev.format)
			}
		}
		outs = append(outs, output{format: format, path: path})
	}
	for _, o := range outs {
		if _, err := report.New(o.format, report.Options{}); err != nil {
			return nil, err
		}
	}
	return outs, nil
}

func runCheck(ctx context.Context, e *env, f *checkFlags, args []string) error {
	rep, err := f.check(ctx, e, args)
	if err != nil {
		return err
	}
	if finding.AtOrAbove(rep.Findings, rep.FailLevel) {
		return exitError{ExitFindings}
	}
	return nil
}

// check runs the rules over args and writes the report in every output the
// flags ask for, then the job summary when the run is an Actions step.
func (f *checkFlags) check(ctx context.Context, e *env, args []string) (*report.Report, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	cfg, err := loadConfig(e, f.config, args)
	if err != nil {
		return nil, err
	}
	level, err := finding.ParseSeverity(f.failLevel)
	if err != nil {
		return nil, usageError{fmt.Errorf("--fail-level: %w", err)}
	}
	if cfg != nil && cfg.FailLevel != 0 && !f.failLevelSet {
		level = cfg.FailLevel
	}
	outs, err := f.parseOutputs(e.dir)
	if err != nil {
		return nil, usageError{err}
	}
	if f.timeout <= 0 {
		return nil, usageError{fmt.Errorf("--timeout %s: want a positive duration such as 30s", f.timeout)}
	}
	if f.workers < 0 {
		return nil, usageError{fmt.Errorf("--workers %d: want a positive count, or 0 for one per CPU", f.workers)}
	}
	useColor, err := colorOn(f.color, e)
	if err != nil {
		return nil, usageError{err}
	}
	summary := jobSummary(e, outs)
	ci, err := f.reportCI(ctx, e, outs, summary)
	if err != nil {
		return nil, usageError{err}
	}

	env, err := parseEnv(f.env)
	if err != nil {
		return nil, usageError{err}
	}
	opts := lint.Options{Paths: args, Dir: e.dir, RuleDirs: f.rules, Exclude: f.exclude, Workers: f.workers,
		Timeout: f.timeout, Print: e.stderr, Context: f.context, Parameters: f.parameters, Env: env,
		Config: cfg}
	if f.verbose {
		opts.Verbose = e.stderr
	}
	res, err := lint.Check(ctx, opts)
	if err != nil {
		return nil, err
	}
	if f.writeBaseline != "" {
		// Every finding is accepted from now on: the run passes.
		return &report.Report{FailLevel: level}, writeBaseline(e, f.writeBaseline, res.Findings)
	}
	if f.baseline != "" {
		if res.Findings, err = applyBaseline(e, f.baseline, res.Findings); err != nil {
			return nil, err
		}
	}
	rep := &report.Report{Tool: "apimlint", Version: Version, Findings: res.Findings, Rules: res.Rules,
		Suppressed: res.Suppressed, Files: res.Files, FailLevel: level}
	// Open every output file before printing anything, so that a path that
	// cannot be written fails the run before half of it is written.
	files := make([]*os.File, len(outs))
	defer func() {
		for _, f := range files {
			if f != nil {
				f.Close()
			}
		}
	}()
	for i, o := range outs {
		if o.path != "" {
			if files[i], err = createOutput(e, o.path); err != nil {
				return nil, err
			}
		}
	}
	for i, o := range outs {
		if err := writeOutput(e, o, files[i], rep, useColor, ci); err != nil {
			return nil, err // the deferred loop closes the files
		}
		if f := files[i]; f != nil {
			files[i] = nil
			if err := f.Close(); err != nil {
				return nil, fmt.Errorf("write %s: %w", o.path, discover.PathReason(err))
			}
		}
	}
	if summary {
		writeJobSummary(e, rep, ci)
	}
	return rep, nil
}

func writeOutput(e *env, o output, file *os.File, rep *report.Report, useColor bool, ci report.CI) error {
	w, err := report.New(o.format, report.Options{Color: useColor && o.path == "", CI: ci, File: o.path != ""})
	if err != nil {
		return err
	}
	if file == nil {
		return w.Write(e.stdout, rep)
	}
	if err := rewrite(file, func(f io.Writer) error { return w.Write(f, rep) }); err != nil {
		return fmt.Errorf("write %s: %w", o.path, discover.PathReason(err))
	}
	return nil
}

// rewrite empties a file createOutput opened and writes it anew: until
// then an earlier report stays in place.
func rewrite(file *os.File, write func(io.Writer) error) error {
	if err := file.Truncate(0); err != nil {
		return err
	}
	return write(file)
}

// sameFile reports whether two output paths name one file: the same
// absolute path, or, for files that exist, the same file (a symlink and its
// target, a hard link).
func sameFile(a, b string) bool {
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	if errA == nil && errB == nil && absA == absB {
		return true
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// createOutput opens an output file, creating it and its folder, relative to
// -C like the paths checked and the baseline.
func createOutput(e *env, path string) (*os.File, error) {
	p := discover.OSPath(e.dir, path)
	if dir := filepath.Dir(p); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("write %s: cannot create its folder: %w", path, discover.PathReason(err))
		}
	}
	// Not truncated yet: an output that fails later leaves an earlier
	// report in place.
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, discover.PathReason(err))
	}
	return f, nil
}

// colorOn decides whether text output is coloured.
func colorOn(mode string, e *env) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		if e.getenv("NO_COLOR") != "" {
			return false, nil
		}
		return isTerminal(e.stdout), nil
	}
	return false, fmt.Errorf("--color %q: want auto, always or never", mode)
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// parseEnv reads --env NAME=VALUE flags.
func parseEnv(flags []string) (map[string]string, error) {
	if len(flags) == 0 {
		return nil, nil
	}
	env := map[string]string{}
	for _, kv := range flags {
		name, val, ok := strings.Cut(kv, "=")
		if !ok || name == "" {
			return nil, fmt.Errorf("--env %q: want NAME=VALUE", kv)
		}
		env[name] = val
	}
	return env, nil
}
