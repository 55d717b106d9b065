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

	"github.com/apimlint/apimlint/internal/engine"
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

// actionCheck runs check as the inputs ask and returns the outputs that
// describe its report; the error is check's.
func actionCheck(ctx context.Context, e *env) ([]ghaction.Output, error) {
	in, err := ghaction.ReadInputs(e.getenv)
	if err != nil {
		return nil, usageError{fmt.Errorf("action: %w", err)}
	}
	f := &checkFlags{format: "github", failLevel: in.FailLevel, failLevelSet: in.FailLevel != "",
		rules: in.Rules, exclude: in.Exclude, config: in.Config, baseline: in.Baseline,
		color: "never", annotate: in.Annotate, changedSince: in.ChangedSince, timeout: engine.DefaultTimeout}
	if !f.failLevelSet {
		f.failLevel = "error" // unless the configuration file sets one
	}
	if in.SARIFFile != "" {
		f.outputs = []string{"sarif=" + in.SARIFFile}
	}
	rep, err := f.check(ctx, e, in.Paths)
	if err != nil {
		return nil, err
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
