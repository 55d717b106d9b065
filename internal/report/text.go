package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/apimlint/apimlint/internal/finding"
)

func init() {
	constructors["text"] = func(o Options) Writer { return textWriter{color: o.Color} }
}

// textWriter prints one finding per line in the canonical form, related
// locations indented below it, then a summary line.
type textWriter struct{ color bool }

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiGray   = "\x1b[90m"
)

func (t textWriter) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings {
		if t.color {
			fmt.Fprintf(bw, "%s%s:%d:%d:%s %s: %s %s[%s]%s\n", ansiBold, finding.ShowPath(f.Loc.File), f.Loc.Start.Line,
				f.Loc.Start.Column, ansiReset, t.severity(f.Severity), f.Message, ansiGray, f.Rule, ansiReset)
		} else {
			fmt.Fprintln(bw, f.String())
		}
		for _, rel := range f.Related {
			fmt.Fprintf(bw, "    see %s:%d: %s\n", finding.ShowPath(rel.Loc.File), rel.Loc.Start.Line, rel.Message)
		}
	}
	fmt.Fprintln(bw, summaryLine(r))
	return bw.Flush()
}

func (t textWriter) severity(s finding.Severity) string {
	c := ansiCyan
	switch s {
	case finding.Error:
		c = ansiRed
	case finding.Warning:
		c = ansiYellow
	}
	return c + s.String() + ansiReset
}

// summaryLine says what the run found, in one line.
func summaryLine(r *Report) string {
	c := r.Counts()
	files := plural(r.Files, "file")
	if len(r.Findings) == 0 {
		return fmt.Sprintf("no problems found in %s", files)
	}
	return fmt.Sprintf("%s, %s, %s in %s", plural(c.Error, "error"), plural(c.Warning, "warning"),
		plural(c.Note, "note"), files)
}
