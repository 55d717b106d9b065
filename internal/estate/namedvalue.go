package estate

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/policies"
)

// namedValueRef matches {{name}}: named value display names hold only
// letters, digits, periods, dashes and underscores.
var namedValueRef = regexp.MustCompile(`\{\{([A-Za-z0-9._-]+)\}\}`)

// namedValueRefs lists the {{name}} references of a document. Liquid bodies
// (set-body template="liquid") use the same braces for their own variables
// and are skipped.
func namedValueRefs(doc *policies.Document) []NamedValueRef {
	refs := []NamedValueRef{}
	for _, e := range doc.Elements {
		if inLiquid(e) {
			continue
		}
		for _, a := range e.Attrs {
			if !strings.Contains(a.Raw, "{{") {
				continue
			}
			for _, m := range namedValueRef.FindAllStringSubmatchIndex(a.Raw, -1) {
				refs = append(refs, NamedValueRef{Name: a.Raw[m[2]:m[3]], Element: e.Index, Attr: a.Name,
					Loc: Loc(offsetIn(a.ValueLoc, a.Raw, m[0], m[1]))})
			}
		}
		if !strings.Contains(e.Text, "{{") {
			continue
		}
		for _, m := range namedValueRef.FindAllStringSubmatch(e.Text, -1) {
			refs = append(refs, NamedValueRef{Name: m[1], Element: e.Index, Loc: Loc(e.TextLoc)})
		}
	}
	return refs
}

func inLiquid(e *policies.Element) bool {
	for p := e; p != nil; p = p.Parent {
		if p.Name == "set-body" && p.AttrValue("template") == "liquid" {
			return true
		}
	}
	return false
}

// offsetIn locates raw[start:end] given where raw itself starts, counting
// lines and characters of the text as written.
func offsetIn(at source.Location, raw string, start, end int) source.Location {
	pos := func(off int) source.Pos {
		p := at.Start
		for i, w := 0, 0; i < off && i < len(raw); i += w {
			r, size := utf8.DecodeRuneInString(raw[i:])
			w = size
			if r == '\n' {
				p.Line, p.Column = p.Line+1, 1
			} else if r != '\r' {
				p.Column++
			}
		}
		p.Offset = at.Start.Offset + off
		return p
	}
	return source.Location{File: at.File, Range: source.Range{Start: pos(start), End: pos(end)}}
}
