package estate

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// FindEffective returns the effective policies that a selector names: "API"
// (every operation of the API) or "API/OPERATION", by name or by ID. Of an
// API that two templates declare, "API@FILE" names the one FILE declares
// (FILE may hold slashes: the whole selector is tried as an API first).
func (est *Estate) FindEffective(sel string) []*Effective {
	if out := est.findEffective(sel, sel, "", false); len(out) > 0 {
		return out
	}
	i := strings.LastIndex(sel, "/")
	if i < 0 {
		return nil
	}
	return est.findEffective(sel, sel[:i], sel[i+1:], true)
}

func (est *Estate) findEffective(sel, apiSel, opSel string, hasOp bool) []*Effective {
	var out []*Effective
	for _, id := range sortedKeys(est.Effective) {
		e := est.Effective[id]
		api := est.APIs[e.API]
		if e.ID == sel || e.API == sel {
			out = append(out, e)
			continue
		}
		if api == nil || !strings.EqualFold(api.Name, apiSel) && !strings.HasSuffix(api.ID, "/apis/"+apiSel) {
			continue
		}
		if !hasOp || e.Operation != "" && strings.EqualFold(est.Operations[e.Operation].Name, opSel) {
			out = append(out, e)
		}
	}
	return out
}

// EffectiveXML renders an effective policy as a policy document whose
// comments name where each statement came from.
func (est *Estate) EffectiveXML(e *Effective) string {
	var sb strings.Builder
	api := est.APIs[e.API]
	what := fmt.Sprintf("API %q", api.Name)
	if e.Operation != "" {
		what = fmt.Sprintf("operation %q of API %q", est.Operations[e.Operation].Name, api.Name)
	}
	if est.sameName(api) {
		what += fmt.Sprintf(" as %s declares it (%s)", api.Loc.File, api.ID)
	}
	fmt.Fprintf(&sb, "<!-- effective policy of %s -->\n", what)
	sb.WriteString("<!-- product statements do not run for API-scoped, all-APIs and all-access subscriptions -->\n")
	sb.WriteString("<policies>\n")
	for _, sec := range Sections {
		sts := e.Sections[sec]
		cut := ""
		if c := e.Cut[sec]; c != nil {
			cut = fmt.Sprintf("    <!-- no <base /> in the %s %s section (%s:%d): %s of the scopes above do not run -->\n",
				c.Scope, sec, c.Loc.File, c.Loc.Line, plural(c.Dropped, "statement"))
		}
		if len(sts) == 0 && cut == "" {
			fmt.Fprintf(&sb, "  <%s />\n", sec)
			continue
		}
		fmt.Fprintf(&sb, "  <%s>\n", sec)
		sb.WriteString(cut)
		for _, st := range sts {
			sb.WriteString("    <!-- " + est.origin(st) + " -->\n")
			p := est.Policies[st.Policy]
			writeElement(&sb, p, p.Elements[st.Element], 2)
		}
		fmt.Fprintf(&sb, "  </%s>\n", sec)
	}
	sb.WriteString("</policies>\n")
	return sb.String()
}

// origin says where a statement came from.
func (est *Estate) origin(st *Statement) string {
	where := fmt.Sprintf("%s:%d", st.Loc.File, st.Loc.Line)
	scope := st.Scope
	if st.Conditional {
		scope += " (product)"
		if p := est.Policies[st.Policy]; p != nil && p.Product != "" {
			scope = fmt.Sprintf("product %q", est.Products[p.Product].Name)
		}
	}
	if st.Fragment != "" {
		frag := est.Policies[st.Fragment]
		inc := est.Policies[st.Include.Policy].Elements[st.Include.Element]
		return fmt.Sprintf("%s, fragment %q included at %s:%d: %s", scope, est.Fragments[frag.Fragment].Name,
			inc.Loc.File, inc.Loc.Line, where)
	}
	return scope + ": " + where
}

// writeElement writes an element and its children, indented.
func writeElement(sb *strings.Builder, p *Policy, el *Element, depth int) {
	ind := strings.Repeat("  ", depth)
	sb.WriteString(ind + "<" + el.Name)
	attrs := slices.Clone(el.Attributes)
	slices.SortStableFunc(attrs, func(a, b Attr) int {
		return cmp.Or(cmp.Compare(a.Loc.Line, b.Loc.Line), cmp.Compare(a.Loc.Column, b.Loc.Column))
	})
	for _, a := range attrs {
		fmt.Fprintf(sb, " %s=%s", a.Name, quoteAttr(a.Value))
	}
	if len(el.Children) == 0 && el.Text == "" {
		sb.WriteString(" />\n")
		return
	}
	sb.WriteString(">")
	if len(el.Children) == 0 {
		sb.WriteString(escapeText(el.Text, el.TextExpr) + "</" + el.Name + ">\n")
		return
	}
	sb.WriteString("\n")
	for _, c := range el.Children {
		writeElement(sb, p, p.Elements[c], depth+1)
	}
	sb.WriteString(ind + "</" + el.Name + ">\n")
}

// quoteAttr quotes a value the way rawxml keeps it readable: expressions
// verbatim (single quotes when they hold double ones), others escaped.
func quoteAttr(v string) string {
	if isExpr(v) {
		if strings.Contains(v, `"`) && !strings.Contains(v, "'") {
			return "'" + v + "'"
		}
		return `"` + v + `"`
	}
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", `"`, "&quot;")
	return `"` + r.Replace(v) + `"`
}

func escapeText(s string, expr bool) string {
	if expr {
		return s
	}
	return strings.NewReplacer("&", "&amp;", "<", "&lt;").Replace(s)
}

func isExpr(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "@(") || strings.HasPrefix(s, "@{")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// sameName reports whether another API of the service has the name of api:
// the same API declared by two templates.
func (est *Estate) sameName(api *API) bool {
	for _, id := range est.Services[api.Service].APIs {
		if o := est.APIs[id]; o != nil && o != api && o.Name == api.Name && o.Workspace == api.Workspace {
			return true
		}
	}
	return false
}
