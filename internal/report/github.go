package report

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/apimlint/apimlint/internal/finding"
)

func init() {
	constructors["github"] = func(o Options) Writer { return githubWriter{ci: o.CI, file: o.File} }
}

// githubWriter prints GitHub Actions workflow commands: a mask for every
// secret first, then one folded group per file holding its findings in
// position order, each as an annotation (::error, ::warning or ::notice) or,
// past GitHub's limit of annotations per step, as a plain line, then the
// summary line.
type githubWriter struct {
	ci   CI
	file bool // written to a file: no masks, which would store the secrets there
}

func (g githubWriter) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)

	// Masks come first: the runner hides a value only in lines printed
	// after it learnt of it.
	if !g.file {
		for _, s := range secrets(r.Findings) {
			fmt.Fprintf(bw, "::add-mask::%s\n", escapeData(s))
		}
	}

	chosen := g.ci.annotated(r.Findings)
	for _, grp := range byFile(r.Findings) {
		fmt.Fprintf(bw, "::group::%s\n", escapeData(g.ci.show(grp.file)+": "+countsText(grp.findings)))
		var plain []string
		for k, f := range grp.findings {
			if chosen[grp.first+k] {
				writeStopped(bw, plain)
				plain = plain[:0]
				fmt.Fprintln(bw, g.annotation(f, r.Rule(f.Rule)))
				continue
			}
			plain = append(plain, g.plain(f)...)
		}
		writeStopped(bw, plain)
		fmt.Fprintln(bw, "::endgroup::")
	}

	fmt.Fprintln(bw, summaryLine(r))
	if n := len(r.Findings) - countTrue(chosen); n > 0 && !g.ci.NoAnnotations {
		fmt.Fprintf(bw, "%s without an annotation: GitHub shows at most %d annotations of each level "+
			"per step; findings on changed lines and stronger ones were annotated first\n",
			plural(n, "finding"), AnnotationsPerLevel)
	}
	return bw.Flush()
}

// annotation formats one finding as a workflow command.
func (g githubWriter) annotation(f finding.Finding, rule finding.Rule) string {
	var props []string
	add := func(k, v string) { props = append(props, k+"="+escapeProperty(v)) }
	add("file", g.ci.show(f.Loc.File))
	start, end := f.Loc.Start, f.Loc.End
	if start.Line > 0 {
		add("line", strconv.Itoa(start.Line))
		add("endLine", strconv.Itoa(max(end.Line, start.Line)))
		// GitHub honours columns only when the annotation stays on one line;
		// endColumn is the last character of the span.
		if start.Column > 0 && (end.Line == 0 || end.Line == start.Line) {
			add("col", strconv.Itoa(start.Column))
			if end.Line == start.Line && end.Column > start.Column+1 {
				add("endColumn", strconv.Itoa(end.Column-1))
			}
		}
	}
	add("title", rule.Title+" ["+f.Rule+"]")

	msg := f.Message
	for _, rel := range f.Related {
		msg += fmt.Sprintf("\nsee %s:%d: %s", g.ci.show(rel.Loc.File), rel.Loc.Start.Line, rel.Message)
	}
	if rule.DocURL != "" {
		msg += "\ndocs: " + rule.DocURL
	}
	return "::" + annotationLevel(f.Severity) + " " + strings.Join(props, ",") + "::" + escapeData(msg)
}

// plain formats a finding that gets no annotation as the text format would.
func (g githubWriter) plain(f finding.Finding) []string {
	f.Loc.File = g.ci.show(f.Loc.File)
	lines := []string{f.String()}
	for _, rel := range f.Related {
		lines = append(lines, fmt.Sprintf("    see %s:%d: %s", finding.ShowPath(g.ci.show(rel.Loc.File)),
			rel.Loc.Start.Line, rel.Message))
	}
	return lines
}

// writeStopped prints lines that must not be read as workflow commands: a
// message may quote "::" or the runner's older "##[" syntax from a checked
// file. The runner ignores commands between ::stop-commands::TOKEN and
// ::TOKEN::; the token hashes the lines, so they cannot hold it.
func writeStopped(w io.Writer, lines []string) {
	if len(lines) == 0 {
		return
	}
	text := strings.Join(lines, "\n")
	sum := sha256.Sum256([]byte(text))
	token := "apimlint-" + hex.EncodeToString(sum[:12])
	fmt.Fprintf(w, "::stop-commands::%s\n%s\n::%s::\n", token, text, token)
}

// annotationLevel maps a severity to the workflow command that shows it.
func annotationLevel(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	}
	return "notice"
}

// escapeData escapes the message of a workflow command, as the runner
// unescapes it: % first, then line breaks, which would end the command.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value of a workflow command, where ":"
// would end the properties and "," the value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// fileGroup is the findings of one file, consecutive in the report.
type fileGroup struct {
	file     string
	first    int // index of the first finding in the report
	findings []finding.Finding
}

// byFile splits findings sorted by file into one group per file.
func byFile(fs []finding.Finding) []fileGroup {
	var out []fileGroup
	for i, f := range fs {
		if len(out) == 0 || out[len(out)-1].file != f.Loc.File {
			out = append(out, fileGroup{file: f.Loc.File, first: i})
		}
		out[len(out)-1].findings = append(out[len(out)-1].findings, f)
	}
	return out
}

// countsText says how many findings of each severity there are, leaving out
// the severities that have none: "2 errors, 1 note".
func countsText(fs []finding.Finding) string {
	c := finding.Count(fs)
	var parts []string
	for _, p := range []struct {
		n    int
		word string
	}{{c.Error, "error"}, {c.Warning, "warning"}, {c.Note, "note"}} {
		if p.n > 0 {
			parts = append(parts, plural(p.n, p.word))
		}
	}
	return strings.Join(parts, ", ")
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
