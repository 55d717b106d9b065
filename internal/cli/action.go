package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/apimlint/apimlint/internal/finding"
	"github.com/apimlint/apimlint/internal/ghaction"
	"github.com/apimlint/apimlint/internal/report"
)

// reportCI describes the run to the report formats. The changed lines of a
// pull request are looked up only when something ranks by them: the github
// or summary format, or the job summary.
func (f *checkFlags) reportCI(ctx context.Context, e *env, outs []output, summary bool) (report.CI, error) {
	rank, annotated := summary, false
	for _, o := range outs {
		switch o.format {
		case "github":
			rank = true
			annotated = annotated || (f.annotate && o.path == "")
		case "summary":
			rank = true
		}
	}
	return ghaction.ReportCI(ctx, ghaction.CIOptions{
		Getenv:        e.getenv,
		Dir:           e.dir,
		ChangedSince:  f.changedSince,
		Rank:          rank,
		NoAnnotations: !f.annotate,
		Annotated:     annotated,
		Warn:          e.stderr,
	})
}

// jobSummary reports whether the run appends the summary format to the job
// summary itself: it does in a GitHub Actions step that prints the github
// format (as the action does), unless an --output already writes a summary.
func jobSummary(e *env, outs []output) bool {
	if e.getenv("GITHUB_ACTIONS") != "true" || e.getenv("GITHUB_STEP_SUMMARY") == "" {
		return false
	}
	github := false
	for _, o := range outs {
		switch {
		case o.format == "summary":
			return false
		case o.format == "github" && o.path == "":
			github = true
		}
	}
	return github
}

// writeJobSummary appends the summary format to GITHUB_STEP_SUMMARY. A
// failure is only reported on stderr: the findings are in the log already.
func writeJobSummary(e *env, rep *report.Report, ci report.CI) {
	w, err := report.New("summary", report.Options{CI: ci})
	if err == nil {
		var b bytes.Buffer
		if err = w.Write(&b, rep); err == nil {
			err = ghaction.AppendSummary(e.getenv, b.String())
		}
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "apimlint: job summary: %v\n", err)
	}
}

// newAction is the command the GitHub Action (action.yml) runs: check with
// the github format, configured by the action's inputs (INPUT_* variables)
// instead of flags, and reporting through the step's outputs. It is hidden:
// people run check.
func newAction(e *env) *cobra.Command {
	return &cobra.Command{
		Use:    "action",
		Short:  "Run as the GitHub Action: read INPUT_* variables, write step outputs",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runAction(cmd.Context(), e)
		},
	}
}

// Outputs of the action (action.yml).
const (
	outErrors    = "errors"
	outWarnings  = "warnings"
	outNotes     = "notes"
	outSARIFFile = "sarif-file"
	outExitCode  = "exit-code"
)

func runAction(ctx context.Context, e *env) error {
	if e.getenv("GITHUB_OUTPUT") == "" {
		return usageError{errors.New("action: GITHUB_OUTPUT is not set: this command runs inside the " +
			"apimlint GitHub Action; run apimlint check elsewhere")}
	}
	outs, runErr := actionCheck(ctx, e)
	code := exitCode(runErr)
	outs = append(outs, ghaction.Output{Name: outExitCode, Value: strconv.Itoa(code)})
	if err := ghaction.SetOutputs(e.getenv, outs); err != nil {
		fmt.Fprintf(e.stderr, "apimlint: %v\n", err)
		if runErr == nil {
			return exitError{ExitError}
		}
	}
	return runErr
}

// actionFlags sets check's flags as the inputs ask: check's own flag set,
// so that what the inputs leave out has the defaults of apimlint check.
// The format is github and colour is off.
func actionFlags(in ghaction.Inputs) (*checkFlags, error) {
	f := &checkFlags{}
	fl := pflag.NewFlagSet("action", pflag.ContinueOnError)
	f.register(fl)
	var errs []error
	set := func(name, value string) { errs = append(errs, fl.Set(name, value)) }
	set("format", "github")
	set("color", "never")
	set("annotate", strconv.FormatBool(in.Annotate))
	for name, value := range map[string]string{"fail-level": in.FailLevel, "config": in.Config,
		"baseline": in.Baseline, "changed-since": in.ChangedSince} {
		if value != "" {
			set(name, value)
		}
	}
	for _, r := range in.Rules {
		set("rules", r)
	}
	for _, x := range in.Exclude {
		set("exclude", x)
	}
	if in.SARIFFile != "" {
		set("output", "sarif="+in.SARIFFile)
	}
	// A fail level the inputs leave out is the configuration file's, if it
	// has one, as for apimlint check without --fail-level.
	f.failLevelSet = fl.Changed("fail-level")
	return f, errors.Join(errs...)
}

// inputNames words a usage error in the action's terms: the flags that
// inputs set are named as the inputs ("input fail-level"), not as flags.
func inputNames(err error) error {
	var u usageError
	if !errors.As(err, &u) {
		return err
	}
	msg := u.Error()
	for _, name := range []string{"fail-level", "changed-since", "config", "baseline", "exclude", "rules"} {
		msg = strings.ReplaceAll(msg, "--"+name, "input "+name)
	}
	return usageError{errors.New(msg)}
}

// actionCheck runs check as the inputs ask and returns the outputs that
// describe its report; the error is check's.
func actionCheck(ctx context.Context, e *env) ([]ghaction.Output, error) {
	in, err := ghaction.ReadInputs(e.getenv)
	if err != nil {
		return nil, usageError{fmt.Errorf("action: %w", err)}
	}
	f, err := actionFlags(in)
	if err != nil {
		return nil, usageError{fmt.Errorf("action: %w", err)}
	}
	rep, err := f.check(ctx, e, in.Paths)
	if err != nil {
		return nil, inputNames(err)
	}

	c := rep.Counts()
	outs := []ghaction.Output{
		{Name: outErrors, Value: strconv.Itoa(c.Error)},
		{Name: outWarnings, Value: strconv.Itoa(c.Warning)},
		{Name: outNotes, Value: strconv.Itoa(c.Note)},
	}
	if in.SARIFFile != "" {
		outs = append(outs, ghaction.Output{Name: outSARIFFile, Value: stepPath(e, in.SARIFFile)})
	}
	if finding.AtOrAbove(rep.Findings, rep.FailLevel) {
		return outs, exitError{ExitFindings}
	}
	return outs, nil
}

// exitCode is the code run returns for err.
func exitCode(err error) int {
	var ex exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ex):
		return ex.code
	}
	return ExitError
}

// stepPath shows a file the action wrote so that the job's later steps,
// which start in the workspace, find it: relative to GITHUB_WORKSPACE when
// inside it, else absolute; slash-separated either way.
func stepPath(e *env, p string) string {
	if !filepath.IsAbs(p) {
		dir := e.dir
		if !filepath.IsAbs(dir) {
			wd, err := os.Getwd()
			if err != nil {
				return filepath.ToSlash(p)
			}
			dir = filepath.Join(wd, dir)
		}
		p = filepath.Join(dir, p)
	}
	if ws := e.getenv("GITHUB_WORKSPACE"); ws != "" {
		rel, err := filepath.Rel(ws, p)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(p)
}
