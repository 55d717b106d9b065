package report

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/apimlint/apimlint/internal/finding"
)

func init() {
	constructors["summary"] = func(o Options) Writer { return summaryWriter{ci: o.CI} }
}

// SummaryRows bounds the findings table of the summary: GitHub accepts at
// most 1 MiB of job summary per step, and a long table helps nobody.
const SummaryRows = 500

// summaryWriter writes a Markdown report for a GitHub job summary: the
// verdict, counts by severity, and a table of findings whose locations link
// to the file at the checked commit and whose rules link to their docs.
type summaryWriter struct{ ci CI }

func (s summaryWriter) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	fmt.Fprint(bw, "### apimlint\n\n")
	verdict := "Passed"
	if finding.AtOrAbove(r.Findings, r.FailLevel) {
		verdict = "Failed"
	}
	fmt.Fprintf(bw, "**%s**: %s (fail level: %s).\n\n", verdict, summaryLine(r), r.FailLevel)
	if len(r.Findings) == 0 {
		return bw.Flush()
	}

	c := r.Counts()
	fmt.Fprint(bw, "| Severity | Findings |\n|---|--:|\n")
	fmt.Fprintf(bw, "| error | %d |\n| warning | %d |\n| note | %d |\n\n", c.Error, c.Warning, c.Note)

	fmt.Fprint(bw, "| Severity | Location | Rule | Message |\n|---|---|---|---|\n")
	ranked := s.ci.ranked(r.Findings)
	for _, i := range ranked[:min(len(ranked), SummaryRows)] {
		f := r.Findings[i]
		fmt.Fprintf(bw, "| %s | %s | %s | %s |\n", f.Severity, s.location(f.Loc.File, f.Loc.Start.Line, f.Loc.Start.Column),
			s.rule(r.Rule(f.Rule)), s.message(f))
	}
	fmt.Fprintln(bw)
	if n := len(ranked) - SummaryRows; n > 0 {
		fmt.Fprintf(bw, "%s more not listed here: the log and the other outputs hold them all.\n\n",
			plural(n, "finding"))
	}
	if s.ci.Annotated {
		if n := len(r.Findings) - countTrue(s.ci.annotated(r.Findings)); n > 0 {
			fmt.Fprintf(bw, "%s got no annotation: GitHub shows at most %d annotations of each level per "+
				"step, so findings on changed lines and stronger ones were annotated first.\n\n",
				plural(n, "finding"), AnnotationsPerLevel)
		}
	}
	return bw.Flush()
}

// location links path:line:col to the line at the checked commit.
func (s summaryWriter) location(file string, line, col int) string {
	shown := s.ci.show(file)
	text := shown
	if line > 0 {
		text += fmt.Sprintf(":%d", line)
		if col > 0 {
			text += fmt.Sprintf(":%d", col)
		}
	}
	link := s.ci.blobURL(shown, line)
	if link == "" {
		return mdText(text)
	}
	return "[" + mdText(text) + "](" + link + ")"
}

// rule names a rule by its title, linked to its docs, and its ID.
func (summaryWriter) rule(rule finding.Rule) string {
	title := mdText(rule.Title)
	if rule.DocURL != "" {
		title = "[" + title + "](" + mdURL(rule.DocURL) + ")"
	}
	return title + " `" + strings.ReplaceAll(rule.ID, "`", "") + "`"
}

// message is the finding's message, then where its related places are.
func (s summaryWriter) message(f finding.Finding) string {
	out := mdText(f.Message)
	for _, rel := range f.Related {
		out += "<br>see " + s.location(rel.Loc.File, rel.Loc.Start.Line, 0) + ": " + mdText(rel.Message)
	}
	return out
}

// blobURL links to a repository path at the checked commit, or returns ""
// when the run did not say which repository and commit it checked, or the
// file is outside the workspace.
func (c CI) blobURL(shown string, line int) string {
	if c.ServerURL == "" || c.Repository == "" || c.SHA == "" || c.Workspace == "" ||
		strings.HasPrefix(shown, "/") || strings.HasPrefix(shown, "../") {
		return ""
	}
	u := strings.TrimSuffix(c.ServerURL, "/") + "/" + c.Repository + "/blob/" + c.SHA + "/" + escapePath(shown)
	if line > 0 {
		u += fmt.Sprintf("#L%d", line)
	}
	return u
}

// escapePath percent-encodes each segment of a slash-separated path, ":"
// included, which would make the first segment of a relative URI a scheme.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
	}
	return strings.Join(segs, "/")
}

// mdText escapes text for a Markdown table cell: HTML and Markdown syntax
// are shown as typed, a "|" does not end the cell, and line breaks become
// <br>.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r':
		case '\n':
			b.WriteString("<br>")
		case '\\', '`', '*', '_', '[', ']', '|', '#', '~', '!', '(', ')':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdURL keeps a link target from ending the link early.
func mdURL(u string) string {
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "|", "%7C").Replace(u)
}
