package engine

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/apimlint/apimlint/internal/finding"
)

// ruleID is the form of a rule ID: kebab-case.
var ruleID = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// maxRuleFile bounds a user rule file; Rego sources are small.
const maxRuleFile = 4 << 20

func readFile(p string) ([]byte, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxRuleFile {
		return nil, fmt.Errorf("%s: rule file larger than %d bytes", p, maxRuleFile)
	}
	return os.ReadFile(p)
}

// readRules collects the METADATA of every package under RulesRoot that
// defines report, and checks it.
func readRules(c *ast.Compiler, mods map[string]*ast.Module, custom map[string]bool) ([]finding.Rule, error) {
	annotated := map[string]*ast.Annotations{}
	for _, ref := range c.GetAnnotationSet().Flatten() {
		a := ref.Annotations
		if a == nil || a.Scope != "package" && a.Scope != "subpackages" {
			continue
		}
		annotated[ref.GetPackage().Path.String()] = a
	}

	var out []finding.Rule
	seen := map[string]string{}
	var errs []string
	paths := make([]string, 0, len(mods))
	for p := range mods {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		m := mods[p]
		id, ok := rulePackage(m.Package.Path)
		if !ok || !definesReport(m) {
			continue
		}
		a := annotated[m.Package.Path.String()]
		r, err := ruleFromAnnotations(id, a, m)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if prev, dup := seen[r.ID]; dup {
			if prev != p {
				continue // one rule split over several files
			}
		}
		seen[r.ID] = p
		r.Custom = custom[p]
		r.File = p
		out = append(out, r)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("rule metadata:\n  %s", strings.Join(errs, "\n  "))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return dedupe(out), nil
}

func dedupe(rs []finding.Rule) []finding.Rule {
	out := rs[:0]
	for i, r := range rs {
		if i > 0 && rs[i-1].ID == r.ID {
			continue
		}
		out = append(out, r)
	}
	return out
}

// rulePackage returns the rule ID of a package data.apimlint.rules["id"].
func rulePackage(path ast.Ref) (string, bool) {
	// data . apimlint . rules . "id"
	if len(path) != 4 || !strings.HasPrefix(path.String(), "data."+RulesRoot) {
		return "", false
	}
	s, ok := path[3].Value.(ast.String)
	return string(s), ok
}

func definesReport(m *ast.Module) bool {
	for _, r := range m.Rules {
		if r.Head.Name.String() == "report" || r.Head.Ref().String() == "report" {
			return true
		}
	}
	return false
}

func ruleFromAnnotations(id string, a *ast.Annotations, m *ast.Module) (finding.Rule, error) {
	where := fmt.Sprintf("%s:%d", m.Package.Location.File, m.Package.Location.Row)
	if a == nil {
		return finding.Rule{}, fmt.Errorf("%s: package %s has no METADATA block "+
			"(add title, description and custom id, severity before the package line)", where, m.Package.Path)
	}
	if a.Location != nil {
		where = fmt.Sprintf("%s:%d", a.Location.File, a.Location.Row)
	}
	r := finding.Rule{ID: id, Title: a.Title, Description: strings.TrimSpace(a.Description)}
	custom := a.Custom
	gotID, _ := custom["id"].(string)
	switch {
	case !ruleID.MatchString(id):
		return r, fmt.Errorf("%s: rule id %q is not kebab-case", where, id)
	case gotID != id:
		return r, fmt.Errorf("%s: METADATA custom.id is %q, want %q (the package name)", where, gotID, id)
	case r.Title == "":
		return r, fmt.Errorf("%s: METADATA of %s has no title", where, id)
	case r.Description == "":
		return r, fmt.Errorf("%s: METADATA of %s has no description", where, id)
	}
	sev, _ := custom["severity"].(string)
	s, err := finding.ParseSeverity(sev)
	if err != nil {
		return r, fmt.Errorf("%s: METADATA custom.severity of %s: %w", where, id, err)
	}
	r.Severity = s
	r.Remediation, _ = custom["remediation"].(string)
	r.Remediation = strings.TrimSpace(r.Remediation)
	r.DocURL, _ = custom["doc"].(string)
	return r, nil
}

// ValidRuleID reports whether id has the form of a rule ID: kebab-case.
func ValidRuleID(id string) bool { return ruleID.MatchString(id) }
