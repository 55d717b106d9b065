package estate

import (
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
	"github.com/apimlint/apimlint/policies"
)

// policyJob is a policy whose text waits to be parsed.
type policyJob struct {
	pol     *Policy
	text    *source.Text
	format  policies.Format
	errs    []policies.Error
	markers uint // bit i: the text holds TextMarkers[i]
}

// run parses the job's text and fills its policy node. The parse tree is
// released once filled, for the next parse to reuse: the policy node holds
// what rules read, and the trees of 12,000 policies are not all kept until
// the last is parsed.
func (j *policyJob) run() {
	var doc *policies.Document
	doc, j.errs = policies.Parse(j.text, policies.Options{Format: j.format})
	fill(j, doc)
	doc.Release() // the node holds copies of what it keeps
	j.markers = markersOf(j.pol)
	j.text = nil // and with it the file it was read from
}

// markersOf returns the TextMarkers (bit i: TextMarkers[i]) that the
// strings the secrets rules match hold: the attribute values and element
// texts of a policy, decoded as APIM reads them (code&#61; is code=, and
// CDATA joins the text), and its comments.
func markersOf(p *Policy) uint {
	all := uint(1)<<len(TextMarkers) - 1
	var found uint
	look := func(s string) bool {
		for i, m := range TextMarkers {
			if found&(1<<i) == 0 && containsMarker(s, m) {
				found |= 1 << i
			}
		}
		return found == all
	}
	for _, el := range p.Elements {
		if look(el.Text) {
			return found
		}
		for _, a := range el.Attributes {
			if look(a.Value) {
				return found
			}
		}
	}
	for _, c := range p.Comments {
		if look(c.Text) {
			return found
		}
	}
	return found
}

// Content kinds of a policy's value.
const (
	ContentXML     = "xml"     // text to parse
	ContentNotXML  = "not-xml" // a known string that is not XML at all (a path, a URL)
	ContentLink    = "link"    // format xml-link / rawxml-link: the value is a URL
	ContentUnknown = "unknown" // decided at deployment
)

// newPolicy creates the policy node of a resource that holds policy text in
// properties.value (or the legacy policyContent).
func (b *builder) newPolicy(r *Resource, scope, id string) *Policy {
	props := r.Body.Get("properties")
	val := props.Get("value")
	if val == nil {
		val = props.Get("policyContent")
	}
	format := props.Get("format")
	if format == nil {
		format = props.Get("contentFormat")
	}
	pol := &Policy{PolicyHead: PolicyHead{ID: b.uniqueID(id), Scope: scope, Origin: string(r.Origin), File: r.Loc.File},
		Loc: Loc(r.Loc), Value: FieldOf(val), DeclaredFormat: FieldOf(format), Root: -1,
		Elements: []*Element{}, Sections: map[string]*Section{}, NamedValueRefs: []NamedValueRef{}}
	b.est.Policies[pol.ID] = pol
	b.setContent(pol, val, format)
	if pol.Value != nil && pol.Content == ContentXML {
		// The policy text itself can be long; rules read the tree instead.
		pol.Value.Value = nil
	}
	return pol
}

// setContent decides how a policy's value is read and queues the parse.
func (b *builder) setContent(pol *Policy, val, format *value.Value) {
	declared, _ := format.StringValue()
	declared = strings.ToLower(declared)
	switch {
	case strings.HasSuffix(declared, "-link"):
		pol.Content = ContentLink
		return
	case val == nil || val.Kind != value.String:
		pol.Content = ContentUnknown
		return
	}
	text := val.AsText()
	if loc := text.Location(0, 0); loc.File != "" {
		pol.File = loc.File
	}
	pol.Loc = Loc(text.Location(0, 0))
	if !looksLikeXML(text.Value) {
		pol.Content = ContentNotXML
		return
	}
	pol.Content = ContentXML
	f := policies.XML
	if declared == "rawxml" || format == nil && pol.Origin == string(OriginAPIOps) {
		f = policies.Rawxml
	}
	if format == nil && pol.Origin != string(OriginARM) && pol.Origin != string(OriginBicep) {
		f = policies.Rawxml
	}
	b.queue(&policyJob{pol: pol, text: text, format: f})
}

// queue adds a policy to parse. Parsing starts at once, on all CPUs but
// one, while the resources that follow are read; parsePolicies finishes
// it on all. What a job fills, nothing reads before parsePolicies.
func (b *builder) queue(j *policyJob) {
	b.policies = append(b.policies, j)
	if b.jobs == nil {
		workers := b.opts.Workers
		if workers <= 0 {
			workers = runtime.GOMAXPROCS(0)
		}
		b.jobs = make(chan *policyJob, 1024)
		for range workers - 1 {
			b.parsing.Go(func() {
				for j := range b.jobs {
					j.run()
				}
			})
		}
	}
	select {
	case b.jobs <- j:
	default:
		j.run() // the queue is full: parse it here
	}
}

// looksLikeXML reports whether text starts (after white space and a byte
// order mark) with "<", as every policy document does.
func looksLikeXML(s string) bool {
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.TrimLeft(s, " \t\r\n")
	return strings.HasPrefix(s, "<")
}

// loosePolicy registers a policy file that nothing places.
func (b *builder) loosePolicy(r *Resource) {
	pol := &Policy{PolicyHead: PolicyHead{ID: b.uniqueID("file/" + r.Loc.File), Scope: "unknown",
		Origin: string(r.Origin), File: r.Loc.File}, Loc: Loc(r.Loc), Root: -1, Elements: []*Element{}, Sections: map[string]*Section{},
		NamedValueRefs: []NamedValueRef{}}
	b.est.Policies[pol.ID] = pol
	b.setContent(pol, r.Body.Path("properties.value"), nil)
}

// parsePolicies finishes parsing the queued policies, on every CPU.
func (b *builder) parsePolicies() {
	if b.jobs != nil {
		close(b.jobs)
		for j := range b.jobs {
			j.run()
		}
		b.parsing.Wait()
	}

	// Diagnostics and the index are gathered in queue order, which is the
	// sorted resource order: output does not depend on scheduling. The
	// lists of elements by name are made to size: there are hundreds of
	// thousands of elements.
	sizes := map[string]int{}
	for _, j := range b.policies {
		for _, el := range j.pol.Elements {
			sizes[el.Name]++
		}
	}
	for name, n := range sizes {
		b.est.Index.Elements[name] = slices.Grow(b.est.Index.Elements[name], n)
	}
	for _, j := range b.policies {
		if len(j.errs) > 0 {
			e := j.errs[0]
			b.est.Diagnostics = append(b.est.Diagnostics, &Diag{Rule: "policy-syntax", Message: e.Msg, Loc: Loc(e.Loc)})
		}
		for i, m := range TextMarkers {
			if j.markers&(1<<i) != 0 {
				b.est.Index.TextContains[m] = append(b.est.Index.TextContains[m], j.pol.ID)
			}
		}
		for _, el := range j.pol.Elements {
			ref := ElementRef{Policy: j.pol.ID, Element: el.Index}
			b.est.Index.Elements[el.Name] = append(b.est.Index.Elements[el.Name], ref)
			if a := el.Attributes.Get("name"); a != nil {
				b.indexNamed(el.Name, namedKey(a), ref)
			}
		}
		b.indexSections(j.pol)
		if j.pol.Parsed && j.pol.Root >= 0 {
			name := j.pol.Elements[j.pol.Root].Name
			b.est.Index.Roots[name] = append(b.est.Index.Roots[name], j.pol.ID)
		}
	}
}

// indexPolicies lists every policy by scope and content, and those with
// format faults, expression entities or named value references, in ID
// order; and the effective policies by the site they call.
func (b *builder) indexPolicies() {
	ix := &b.est.Index
	for _, id := range sortedKeys(b.est.Policies) {
		p := b.est.Policies[id]
		b.est.PolicyHeads[id] = &p.PolicyHead
		ix.Scopes[p.Scope] = append(ix.Scopes[p.Scope], id)
		ix.Contents[p.Content] = append(ix.Contents[p.Content], id)
		if p.FormatFault != nil {
			ix.FormatFaults = append(ix.FormatFaults, id)
		}
		if len(p.ExprEntities) > 0 {
			ix.ExpressionEntities = append(ix.ExpressionEntities, id)
		}
		if len(p.NamedValueRefs) > 0 {
			ix.NamedValueRefs = append(ix.NamedValueRefs, id)
		}
	}
	for _, id := range sortedKeys(b.est.Effective) {
		if t := b.est.Effective[id].Backend; t != nil && t.Site != "" {
			ix.Calls[t.Site] = append(ix.Calls[t.Site], id)
		}
	}
	b.indexUnresolved()
}

// NamedExpression is the Index.Named key of elements whose name attribute
// is a policy expression: the name is known only at run time. No header or
// variable name holds "@".
const NamedExpression = "@"

func namedKey(a *Attr) string {
	if a.Expression {
		return NamedExpression
	}
	return strings.ToLower(a.Value)
}

// indexNamed records an element under its name attribute.
func (b *builder) indexNamed(element, name string, ref ElementRef) {
	byName := b.est.Index.Named[element]
	if byName == nil {
		byName = map[string][]ElementRef{}
		b.est.Index.Named[element] = byName
	}
	byName[name] = append(byName[name], ref)
}

// indexSections records the sections of a parsed <policies> document that
// lack <base />, and whether one of the four is missing.
func (b *builder) indexSections(p *Policy) {
	if !p.Parsed || p.Root < 0 || p.Elements[p.Root].Name != "policies" {
		return
	}
	missing := false
	for _, name := range Sections {
		sec := p.Sections[name]
		switch {
		case sec == nil:
			missing = true
		case !sec.HasBase:
			b.est.Index.SectionsWithoutBase = append(b.est.Index.SectionsWithoutBase,
				SectionRef{Policy: p.ID, Section: name})
		}
	}
	if missing {
		b.est.Index.PoliciesMissingSections = append(b.est.Index.PoliciesMissingSections, p.ID)
	}
}

// containsMarker reports whether text holds a secret marker. The query
// markers sig= and code= count only after ?, & or ; (the end of &amp;), as
// the secrets rule's patterns require: failed-check-httpcode="401" holds no
// key, and thousands of policies do hold that. Like those patterns, they
// match in any case (?SIG=, &Code=).
func containsMarker(text, m string) bool {
	if m != "sig=" && m != "code=" {
		return strings.Contains(text, m)
	}
	if !isASCII(text) {
		// Unicode case folding, as the rules' (?i) patterns do it: ſig=.
		return queryMarkers[m].MatchString(text)
	}
	name := m[:len(m)-1]
	for i := 0; ; {
		j := strings.IndexByte(text[i:], '=')
		if j < 0 {
			return false
		}
		eq := i + j
		if k := eq - len(name); k > 0 && strings.IndexByte("?&;", text[k-1]) >= 0 && strings.EqualFold(text[k:eq], name) {
			return true
		}
		i = eq + 1
	}
}

// queryMarkers are the query markers as patterns, for text that is not
// ASCII.
var queryMarkers = map[string]*regexp.Regexp{
	"sig=":  regexp.MustCompile(`(?i)[?&;]sig=`),
	"code=": regexp.MustCompile(`(?i)[?&;]code=`),
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// fill converts a parsed document into the policy node.
func fill(j *policyJob, doc *policies.Document) {
	pol := j.pol
	pol.Format = doc.Format.String()
	if doc.XMLFault != nil {
		pol.FormatFault = &Diag{Rule: "policy-format-mismatch", Message: doc.XMLFault.Msg, Loc: Loc(doc.XMLFault.Loc)}
	}
	for _, e := range doc.ExprEntities {
		pol.ExprEntities = append(pol.ExprEntities, ExprEntity{Ref: e.Ref, Attr: e.Attr, Loc: Loc(e.Loc),
			Element: e.Element.Index})
	}
	if doc.Root == nil {
		return
	}
	pol.Parsed = len(j.errs) == 0
	pol.Root = doc.Root.Index
	pol.Elements = elements(doc.Elements)
	lines := newPolicyLines(j.text)
	for i, e := range doc.Elements {
		lines.mark(pol.Elements[i], e)
	}
	pol.NamedValueRefs = namedValueRefs(doc)
	for _, c := range doc.Comments {
		com := Comment{Text: c.Text, Parent: -1, Loc: Loc(c.Loc)}
		if c.Parent != nil {
			com.Parent = c.Parent.Index
		}
		com.Loc.PolicyLine = lines.line(c.Loc)
		pol.Comments = append(pol.Comments, com)
	}
	if doc.Root.Name == "policies" {
		for _, s := range doc.Root.Children {
			sec := &Section{Element: s.Index, Base: -1, Loc: Loc(s.Loc)}
			for _, c := range s.Children {
				if c.Name == "base" && sec.Base < 0 {
					sec.HasBase, sec.Base = true, c.Index
				}
			}
			if _, dup := pol.Sections[s.Name]; !dup {
				pol.Sections[s.Name] = sec
			}
		}
	}
	statements(pol)
}

// statements sets each element's Statement: the children of the sections
// of a <policies> document, or of a <fragment>, are statements; their
// descendants belong to them. Elements come parents first.
func statements(pol *Policy) {
	holders := make([]int, 0, 8) // the elements whose children are statements
	for _, sec := range pol.Sections {
		holders = append(holders, sec.Element)
	}
	if pol.Root >= 0 && pol.Elements[pol.Root].Name == "fragment" {
		holders = append(holders, pol.Root)
	}
	for _, el := range pol.Elements {
		switch {
		case el.Parent < 0:
			el.Statement = -1
		case slices.Contains(holders, el.Parent):
			el.Statement = el.Index
		default:
			el.Statement = pol.Elements[el.Parent].Statement
		}
	}
}

// policyLines tells the line within the policy text of a place in a file,
// for texts whose lines are not the file's lines (a policy in one JSON
// string): there every element sits on the string's line, and the message
// must say which policy line is meant.
type policyLines struct {
	text     *source.Text
	starts   []int // offsets in text.Value where lines start
	baseLine int   // file line of the text's first character
}

func newPolicyLines(t *source.Text) *policyLines {
	if t.WholeFile() {
		return nil // a policy file: its lines are the file's
	}
	pl := &policyLines{text: t, starts: []int{0}, baseLine: t.Location(0, 0).Start.Line}
	for i := 0; i < len(t.Value); i++ {
		if t.Value[i] == '\n' {
			pl.starts = append(pl.starts, i+1)
		}
	}
	return pl
}

// line returns the policy line of a location when it differs from what the
// file's own lines say, else 0.
func (pl *policyLines) line(l source.Location) int {
	if pl == nil || len(pl.starts) == 1 {
		return 0
	}
	off, ok := pl.text.TextOffset(l.File, l.Start.Offset)
	if !ok {
		return 0
	}
	line := sort.SearchInts(pl.starts, off+1)
	if l.Start.Line-pl.baseLine+1 == line {
		return 0
	}
	return line
}

// mark sets PolicyLine on an element's locations.
func (pl *policyLines) mark(el *Element, e *policies.Element) {
	if pl == nil {
		return
	}
	if n := pl.line(e.Loc); n > 0 {
		el.Loc.PolicyLine = n
		for _, a := range e.Attrs {
			if at := el.Attributes.Get(a.Name); at != nil {
				at.Loc.PolicyLine = pl.line(a.ValueLoc)
			}
		}
		if el.TextLoc != nil {
			el.TextLoc.PolicyLine = pl.line(e.TextLoc)
		}
	}
}

// elements converts a document's elements. A policy's elements, their
// attributes, and their lists of children and ancestors are each cut from
// one allocation: the estate holds hundreds of thousands of them.
func elements(in []*policies.Element) []*Element {
	var nattrs, nints, ntexts int
	for _, e := range in {
		nattrs += len(e.Attrs)
		nints += len(e.Children) + e.Depth
		if e.Text != "" {
			ntexts++
		}
	}
	els := make([]Element, len(in))
	out := make([]*Element, len(in))
	attrs := make([]Attr, 0, nattrs)
	ints := make([]int, 0, nints)
	texts := make([]Location, 0, ntexts)
	// take returns the next n ints of the slab, to fill.
	take := func(n int) []int {
		s := ints[len(ints) : len(ints)+n : len(ints)+n]
		ints = ints[:len(ints)+n]
		return s
	}
	for i, e := range in {
		el := &els[i]
		out[i] = el
		*el = Element{Index: e.Index, Name: e.Name, Parent: -1, Depth: e.Depth, Text: e.Text,
			Loc: Loc(e.Loc), SelfClosing: e.SelfClosing, TextExpr: e.TextExpr}
		el.Children = take(len(e.Children))
		for k, c := range e.Children {
			el.Children[k] = c.Index
		}
		el.Ancestors = take(0)
		if e.Parent != nil {
			el.Parent = e.Parent.Index
			// Depth is the parent's ancestors and the parent itself.
			el.Ancestors = append(take(e.Depth)[:0], out[el.Parent].Ancestors...)
			el.Ancestors = append(el.Ancestors, el.Parent)
		}
		if s := e.Section(); s != nil {
			el.Section = s.Name
		}
		start := len(attrs)
		for _, a := range e.Attrs {
			as := Attrs(attrs[start:])
			as.set(Attr{Name: a.Name, Value: a.Value, Expression: a.Expr, Loc: Loc(a.ValueLoc)})
			attrs = attrs[:start+len(as)]
		}
		el.Attributes = Attrs(attrs[start:len(attrs):len(attrs)])
		if e.Text != "" {
			texts = append(texts, Loc(e.TextLoc))
			el.TextLoc = &texts[len(texts)-1]
		}
	}
	return out
}
