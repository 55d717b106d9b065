package lint

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/apimlint/apimlint/internal/config"
	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/finding"
	"github.com/apimlint/apimlint/internal/jsonpos"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// The rules apimlint reports with itself, about suppressions.
const (
	UnusedSuppression  = "unused-suppression"
	InvalidSuppression = "invalid-suppression"
)

const docBase = "https://github.com/apimlint/apimlint/blob/main/docs/rules/"

// Rules describes the rules apimlint reports with itself, besides those of
// the Rego rule set.
var Rules = []finding.Rule{
	{ID: InvalidSuppression, Severity: finding.Error, Title: "A suppression is refused",
		Description: "A suppression must name known rules and say why the finding is accepted; one " +
			"that gives no reason or names no known rule is refused, and the findings it meant to " +
			"hide are reported.",
		Remediation: "Name the rule ID and write a reason after it.",
		DocURL:      docBase + InvalidSuppression + ".md"},
	{ID: UnusedSuppression, Severity: finding.Note, Title: "A suppression matches no finding",
		Description: "A suppression that hides nothing is left over from a fixed finding, or names " +
			"the wrong rule, file or resource. It would hide a new finding of the same rule later.",
		Remediation: "Delete the suppression, or correct its rule, path or resource.",
		DocURL:      docBase + UnusedSuppression + ".md"},
}

// Directive is the word that starts an inline suppression in a comment.
const Directive = "apimlint-disable-next-line"

// directive finds an inline suppression in an XML or // comment:
// <!-- apimlint-disable-next-line rule-a,rule-b reason: why -->.
var directive = regexp.MustCompile(`(?:<!--|//)\s*` + Directive + `\b(.*)$`)

// suppression is one suppression, inline or from the configuration.
type suppression struct {
	rules  []string
	reason string
	kind   string          // finding.InSource or finding.External
	loc    source.Location // where it is written

	// Inline suppressions cover lines from..to of file.
	file     string
	from, to int

	cfg   *config.Suppression
	match func(file string) bool // cfg.Path, matched relative to the configuration's folder
	used  bool
}

// suppressor applies the suppressions of a run to its findings.
type suppressor struct {
	sups    []*suppression
	invalid []finding.Finding
	est     *estate.Estate
	now     time.Time
	known   func(string) bool
	whole   bool // the run checks the configuration's whole folder
}

func newSuppressor(opts Options, est *estate.Estate, known func(string) bool) *suppressor {
	s := &suppressor{est: est, now: opts.Now, known: known}
	if s.now.IsZero() {
		s.now = time.Now()
	}
	for _, f := range est.Files {
		switch {
		case f.Kept != nil:
			s.readText(f.Path, f.Kept)
		case !f.Read:
			s.readFile(opts.Dir, f.Path)
		}
	}
	if c := opts.Config; c != nil {
		s.whole = coversFolder(opts, c.Dir)
		dir := absPath(opts.Dir, ".")
		for _, cs := range c.Suppressions {
			sup := &suppression{rules: []string{cs.Rule}, reason: cs.Reason, kind: finding.External, cfg: cs,
				loc: pointLoc(c.Path, cs.Pos.Line, cs.Pos.Column)}
			if cs.Path != "" {
				glob := cs.Path
				sup.match = func(file string) bool { return c.Match(glob, file, dir) }
			}
			s.sups = append(s.sups, sup)
		}
	}
	return s
}

// coversFolder reports whether one of the paths checked (or read as
// context) is dir or a folder above it.
func coversFolder(opts Options, dir string) bool {
	for _, p := range append(slices.Clip(pathsOrDot(opts.Paths)), opts.Context...) {
		if discover.Within(absPath(opts.Dir, p), dir) {
			return true
		}
	}
	return false
}

func pointLoc(file string, line, col int) source.Location {
	p := source.Pos{Line: line, Column: col}
	return source.Location{File: file, Range: source.Range{Start: p, End: p}}
}

// readFile collects the inline suppressions of one file the loader did not
// read: comments in policy XML and Bicep, metadata entries on ARM resources.
func (s *suppressor) readFile(dir, shown string) {
	if discover.KindOf(shown) == "" {
		return
	}
	op := discover.OSPath(dir, shown)
	b, err := readRegular(op)
	if err != nil {
		return
	}
	if dec, err := source.Decode(b); err == nil {
		b = dec
	}
	s.readText(shown, b)
}

// mayHoldSuppressions reports whether a file's text can hold a
// suppression: a directive comment in policy XML and Bicep, an "apimlint"
// metadata key in JSON. It is also the loader's Keep option, so that the
// suppressor reads the texts the loader read without reading the files again.
func mayHoldSuppressions(shown string, b []byte) bool {
	switch discover.KindOf(shown) {
	case "":
		return false
	case discover.JSON:
		return bytes.Contains(b, []byte(`"apimlint"`))
	}
	return bytes.Contains(b, []byte(Directive))
}

// readText collects the inline suppressions of one file's text.
func (s *suppressor) readText(shown string, b []byte) {
	if !mayHoldSuppressions(shown, b) {
		return
	}
	if discover.KindOf(shown) == discover.JSON {
		s.readARM(shown, b)
		return
	}
	lines := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	for i, line := range lines {
		m := directive.FindStringSubmatchIndex(line)
		if m == nil {
			continue
		}
		body := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(line[m[2]:m[3]]), "-->"))
		loc := pointLoc(shown, i+1, m[0]+1)
		rules, reason := parseDirective(body)
		sup := &suppression{rules: rules, reason: reason, kind: finding.InSource, loc: loc, file: shown}
		sup.from, sup.to = extent(lines, i, strings.HasPrefix(line[m[0]:], "<!--"))
		if s.valid(sup) {
			s.sups = append(s.sups, sup)
		}
	}
}

// parseDirective splits "rule-a,rule-b reason: why" into rules and reason.
func parseDirective(body string) ([]string, string) {
	// Rule IDs, separated by commas with or without spaces around them
	// ("a,b" or "a, b"); the reason is what follows the last one.
	var rules []string
	rest := strings.TrimSpace(body)
	for rest != "" {
		i := strings.IndexAny(rest, ", \t")
		if i < 0 {
			rules, rest = append(rules, rest), ""
			break
		}
		if id := rest[:i]; id != "" {
			rules = append(rules, id)
		}
		rest = strings.TrimLeft(rest[i:], " \t")
		if !strings.HasPrefix(rest, ",") {
			break
		}
		rest = strings.TrimLeft(rest[1:], " \t")
	}
	reason := strings.TrimSpace(rest)
	for _, prefix := range []string{"reason:", "--", ":", "-"} {
		reason = strings.TrimSpace(strings.TrimPrefix(reason, prefix))
	}
	return rules, reason
}

// valid reports whether an inline suppression names known rules and gives
// a reason; otherwise it records an invalid-suppression finding.
func (s *suppressor) valid(sup *suppression) bool {
	var msg string
	switch {
	case len(sup.rules) == 0:
		msg = fmt.Sprintf("%s names no rule: write %s RULE-ID reason: why", Directive, Directive)
	case sup.reason == "":
		msg = fmt.Sprintf("the suppression of %s gives no reason, so it is refused: add reason: why "+
			"the finding is accepted", strings.Join(sup.rules, ", "))
	default:
		for _, id := range sup.rules {
			if !s.known(id) {
				msg = fmt.Sprintf("the suppression names %q, which is no rule of this run", id)
				break
			}
		}
	}
	if msg == "" {
		return true
	}
	s.invalid = append(s.invalid, finding.Finding{Rule: InvalidSuppression, Severity: finding.Error,
		Message: msg, Loc: sup.loc})
	return false
}

// extent returns the lines (1-based) an inline suppression on line i (0-based)
// covers: the next line that is not blank or a comment and, when it opens an
// XML element or a Bicep block, the whole of it; and the blank and comment
// lines before it (a comment may hold a finding: a secret).
func extent(lines []string, i int, xml bool) (int, int) {
	j := i + 1
	// An XML comment may end on a later line.
	if xml && !strings.Contains(lines[i], "-->") {
		for j < len(lines) && !strings.Contains(lines[j], "-->") {
			j++
		}
		j++
	}
	first := j
	for j < len(lines) && skippable(lines[j]) {
		j++
	}
	if j >= len(lines) {
		return min(first, len(lines)) + 1, len(lines)
	}
	if xml {
		return first + 1, elementEnd(lines, j) + 1
	}
	return first + 1, blockEnd(lines, j) + 1
}

func skippable(line string) bool {
	t := strings.TrimSpace(line)
	return t == "" || strings.HasPrefix(t, "//") || strings.HasPrefix(t, "<!--") && strings.HasSuffix(t, "-->")
}

var openTag = regexp.MustCompile(`^\s*<([A-Za-z_][\w.:-]*)`)

// elementEnd returns the line (0-based) where the element starting on line
// j ends: its self-closing start tag, or the end tag that matches it.
func elementEnd(lines []string, j int) int {
	m := openTag.FindStringSubmatch(lines[j])
	if m == nil {
		return j
	}
	text := strings.Join(lines[j:], "\n")
	tags := regexp.MustCompile(`<(/?)` + regexp.QuoteMeta(m[1]) + `(?:\s[^>]*?)?(/?)>`)
	depth := 0
	for _, t := range tags.FindAllStringSubmatchIndex(text, -1) {
		switch {
		case t[3] > t[2]: // </name>
			depth--
		case t[5] == t[4]: // <name ...>
			depth++
		}
		if depth <= 0 {
			return j + strings.Count(text[:t[1]], "\n")
		}
	}
	return len(lines) - 1
}

// blockEnd returns the line where a Bicep statement starting on line j ends:
// the line that closes the brackets it opens.
func blockEnd(lines []string, j int) int {
	depth := 0
	for k := j; k < len(lines); k++ {
		inString := false
		line := lines[k]
		for x := 0; x < len(line); x++ {
			c := line[x]
			switch {
			case c == '\\' && inString:
				x++
			case c == '\'':
				inString = !inString
			case inString:
			case c == '/' && x+1 < len(line) && line[x+1] == '/':
				x = len(line)
			case c == '{' || c == '[' || c == '(':
				depth++
			case c == '}' || c == ']' || c == ')':
				depth--
			}
		}
		if depth <= 0 {
			return k
		}
	}
	return len(lines) - 1
}

// readARM collects metadata.apimlint.suppress entries of ARM resources:
// "metadata": {"apimlint": {"suppress": [{"rule": "id", "reason": "why"}]}}.
func (s *suppressor) readARM(shown string, b []byte) {
	v, _ := jsonpos.Parse(source.NewFile(shown, b))
	if v == nil {
		return
	}
	s.armResources(shown, v.Get("resources"))
}

func (s *suppressor) armResources(shown string, rs *value.Value) {
	if rs == nil {
		return
	}
	for _, r := range rs.Items() {
		if r == nil || r.Kind != value.Object {
			continue
		}
		s.armResources(shown, r.Get("resources"))
		// A nested deployment's template holds resources of its own.
		if t := r.Path("properties.template"); t != nil {
			s.armResources(shown, t.Get("resources"))
		}
		list := r.Path("metadata.apimlint.suppress")
		if list == nil {
			continue
		}
		for _, e := range list.Items() {
			sup := &suppression{kind: finding.InSource, file: shown,
				loc:  pointLoc(shown, e.Loc.Start.Line, e.Loc.Start.Column),
				from: r.Loc.Start.Line, to: r.Loc.End.Line}
			if id, ok := e.Get("rule").StringValue(); ok && e.Get("rule") != nil {
				sup.rules = []string{id}
			}
			if e.Get("reason") != nil {
				sup.reason, _ = e.Get("reason").StringValue()
				sup.reason = strings.TrimSpace(sup.reason)
			}
			if s.valid(sup) {
				s.sups = append(s.sups, sup)
			}
		}
	}
}

// apply splits findings into those that stay and those suppressed, and adds
// the findings about suppressions themselves.
func (s *suppressor) apply(fs []finding.Finding) (active, suppressed []finding.Finding) {
	for _, f := range fs {
		sup, expired := s.match(f)
		switch {
		case sup == nil:
		case expired:
			f.Message += fmt.Sprintf(" (the suppression at %s expired on %s: %s)", sup.loc.File+
				fmt.Sprintf(":%d", sup.loc.Start.Line), sup.cfg.Expires.Format(time.DateOnly), sup.reason)
		default:
			f.Suppression = &finding.Suppression{Kind: sup.kind, Reason: sup.reason, Loc: sup.loc}
			suppressed = append(suppressed, f)
			continue
		}
		active = append(active, f)
	}
	active = append(active, s.invalid...)
	for _, sup := range s.sups {
		if !sup.used && s.judged(sup) {
			active = append(active, finding.Finding{Rule: UnusedSuppression, Severity: finding.Note,
				Loc: sup.loc, Message: fmt.Sprintf("the suppression of %s matches no finding: delete it, "+
					"or correct its %s", strings.Join(sup.rules, ", "), sup.target())})
		}
	}
	return active, suppressed
}

// judged reports whether this run can tell that a suppression is unused. A
// configuration suppression whose path glob matches none of the files read
// may well match findings elsewhere when only part of the configuration's
// folder was checked (one file, a pre-commit run); checked whole, the glob
// itself is wrong.
func (s *suppressor) judged(sup *suppression) bool {
	if sup.match == nil || s.whole {
		return true
	}
	for _, f := range s.est.Files {
		if sup.match(f.Path) {
			return true
		}
	}
	return false
}

func (sup *suppression) target() string {
	switch {
	case sup.cfg == nil:
		return "rule ID (it covers the next element, resource or line)"
	case sup.cfg.Resource != "":
		return "rule, path or resource"
	}
	return "rule or path"
}

// match returns the suppression that covers f, preferring one that has not
// expired; expired tells whether the one returned has.
func (s *suppressor) match(f finding.Finding) (*suppression, bool) {
	var stale *suppression
	for _, sup := range s.sups {
		if !slices.Contains(sup.rules, f.Rule) || !s.covers(sup, f) {
			continue
		}
		sup.used = true
		if sup.cfg != nil && sup.cfg.Expired(s.now) {
			stale = sup
			continue
		}
		return sup, false
	}
	return stale, stale != nil
}

func (s *suppressor) covers(sup *suppression, f finding.Finding) bool {
	if sup.cfg == nil {
		return f.Loc.File == sup.file && f.Loc.Start.Line >= sup.from && f.Loc.Start.Line <= sup.to
	}
	if sup.match != nil {
		if !sup.match(f.Loc.File) {
			return false
		}
	}
	return sup.cfg.Resource == "" || s.inResource(sup.cfg.Resource, f.Loc)
}

// inResource reports whether loc lies inside a declared resource whose name,
// symbolic name or ID matches pattern.
func (s *suppressor) inResource(pattern string, loc source.Location) bool {
	for _, r := range s.est.Resources {
		if r.Loc.File != loc.File || !contains(r.Loc, loc) {
			continue
		}
		last := r.Name[strings.LastIndex(r.Name, "/")+1:]
		for _, name := range []string{r.Name, last, r.Symbol, r.ID} {
			if name != "" && wildcard(pattern, name) {
				return true
			}
		}
	}
	return false
}

func contains(outer estate.Location, loc source.Location) bool {
	end := outer.EndLine
	if end == 0 {
		end = outer.Line
	}
	return loc.Start.Line >= outer.Line && loc.Start.Line <= end
}

// wildcard matches s against a pattern where * stands for any run of
// characters, without case.
func wildcard(pattern, s string) bool {
	re := "^" + strings.ReplaceAll(regexp.QuoteMeta(pattern), `\*`, `.*`) + "$"
	ok, _ := regexp.MatchString("(?i)"+re, s)
	return ok
}
