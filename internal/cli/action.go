package cli

import (
	"bytes"
	"context"
	"fmt"

	"github.com/apimlint/apimlint/internal/ghaction"
	"github.com/apimlint/apimlint/internal/report"
)

// reportCI describes the run to the report formats. The changed lines of a
// pull request are looked up only when a format that ranks by them (github,
// summary) is asked for.
func (f *checkFlags) reportCI(ctx context.Context, e *env, outs []output) (report.CI, error) {
	rank, annotated := false, false
	for _, o := range outs {
		switch o.format {
		case "github":
			rank = true
			annotated = annotated || f.annotate
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

// writeJobSummary appends the summary format to the GitHub job summary when
// the run is a GitHub Actions step that printed annotations and did not
// already write the summary itself. Outside Actions it does nothing.
func (f *checkFlags) writeJobSummary(e *env, rep *report.Report, ci report.CI) {
	if e.getenv("GITHUB_ACTIONS") != "true" || e.getenv("GITHUB_STEP_SUMMARY") == "" || f.format != "github" {
		return
	}
	for _, o := range f.outputs {
		if len(o) > len("summary=") && o[:len("summary=")] == "summary=" {
			return
		}
	}
	w, err := report.New("summary", report.Options{CI: ci})
	if err != nil {
		return
	}
	var b bytes.Buffer
	if err := w.Write(&b, rep); err != nil {
		fmt.Fprintf(e.stderr, "apimlint: job summary: %v\n", err)
		return
	}
	if err := ghaction.AppendSummary(e.getenv, b.String()); err != nil {
		fmt.Fprintf(e.stderr, "apimlint: %v\n", err)
	}
}
