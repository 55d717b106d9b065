package eval

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/armexpr"
	"github.com/apimlint/apimlint/internal/jsonpos"
	"github.com/apimlint/apimlint/internal/value"
)

// compiledResource is a resource of a compiled main.json: its full type and,
// when its name evaluates to a constant, its full name.
type compiledResource struct {
	typ, name string
	existing  bool
}

// compiledTemplates lists the folders holding a main.bicep and the
// main.json the Bicep compiler made from it.
func compiledTemplates(t testing.TB) []string {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("shared corpus not found at %s: %v", corpusDir, err)
	}
	var dirs []string
	for _, top := range []string{"bicep-baselines", "bicep-user-submitted"} {
		err := filepath.WalkDir(filepath.Join(corpusDir, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Name() != "main.bicep" {
				return err
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(p), "main.json")); err == nil {
				dirs = append(dirs, filepath.Dir(p))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(dirs)
	return dirs
}

// templateEnv answers parameters() with defaults and variables() with
// their values, enough to evaluate the names the compiler writes.
type templateEnv struct {
	armexpr.NoEnv
	tmpl     *value.Value
	supplied map[string]*value.Value // by a nested deployment
	depth    int
}

func (e *templateEnv) Parameter(name string) (*value.Value, bool) {
	if v, ok := e.supplied[name]; ok {
		return v, true
	}
	p := e.tmpl.Get("parameters").Get(name)
	if p == nil {
		return nil, false
	}
	if d := p.Get("defaultValue"); d != nil && e.depth < 20 {
		e.depth++
		defer func() { e.depth-- }()
		v, _ := armexpr.EvalTree(d, e)
		return v, true
	}
	return value.NewUnknown("parameters('"+name+"')", p.Loc), true
}

func (e *templateEnv) Variable(name string) (*value.Value, bool) {
	v := e.tmpl.Get("variables").Get(name)
	if v == nil || e.depth >= 20 {
		return nil, false
	}
	e.depth++
	defer func() { e.depth-- }()
	out, _ := armexpr.EvalTree(v, e)
	return out, true
}

// walkCompiled lists the resources of a compiled template: resources in
// array or symbolic-name form, resources nested in resources, and the
// resources of nested deployments (the compiled modules), which stand for
// themselves no further. Resources that the parameters' defaults keep from
// being deployed (a false condition, a loop of no items) are left out.
func walkCompiled(tmpl *value.Value, supplied map[string]*value.Value, out *[]compiledResource) {
	env := &templateEnv{tmpl: tmpl, supplied: supplied}
	var walk func(list *value.Value, parentType, parentName string, nameKnown bool)
	walk = func(list *value.Value, parentType, parentName string, nameKnown bool) {
		var items []*value.Value
		switch list.Kind {
		case value.Array:
			items = list.Elems
		case value.Object:
			for _, m := range list.Members {
				items = append(items, m.Value)
			}
		}
		for _, r := range items {
			typ, _ := r.Get("type").StringValue()
			typ, _, _ = strings.Cut(typ, "@") // extension resources: Microsoft.Graph/applications@v1.0
			if c := r.Get("condition"); c != nil {
				if b, _ := armexpr.EvalString(c, env); b.Kind == value.Bool && !b.Bool {
					continue
				}
			}
			if c := r.Path("copy.count"); c != nil {
				if n, _ := armexpr.EvalString(c, env); n.Kind == value.Number && n.Num == 0 {
					continue
				}
			}
			if parentType != "" && !strings.HasPrefix(strings.ToLower(typ), strings.ToLower(parentType)+"/") {
				typ = parentType + "/" + typ
			}
			name, known := "", false
			if nv := r.Get("name"); nv != nil {
				v, _ := armexpr.EvalString(nv, env)
				name, known = v.StringValue()
			}
			if parentType != "" {
				name, known = parentName+"/"+name, known && nameKnown
			}
			existing, _ := r.Get("existing").BoolValue()
			if strings.EqualFold(typ, "Microsoft.Resources/deployments") {
				if inner := r.Path("properties.template"); inner != nil {
					params := map[string]*value.Value{}
					if ps := r.Path("properties.parameters"); ps != nil {
						for _, m := range ps.Members {
							if v := m.Value.Get("value"); v != nil {
								params[m.Key], _ = armexpr.EvalTree(v, env)
							}
						}
					}
					walkCompiled(inner, params, out)
				}
				continue
			}
			if !known {
				name = ""
			}
			*out = append(*out, compiledResource{typ: typ, name: name, existing: existing})
			if nested := r.Get("resources"); nested != nil {
				walk(nested, typ, name, known)
			}
		}
	}
	if rs := tmpl.Get("resources"); rs != nil {
		walk(rs, "", "", true)
	}
}

// TestConformance compares the resources read from each compiled
// template's main.bicep with those of its main.json: each compiled
// resource must have a counterpart of the same type and, where the
// compiled name is a constant, the same name.
func TestConformance(t *testing.T) {
	dirs := compiledTemplates(t)
	total, matched := 0, 0
	var misses []string
	for _, dir := range dirs {
		jf := readCorpus(t, filepath.Join(dir, "main.json"))
		tmpl, errs := jsonpos.Parse(jf)
		if tmpl == nil || len(errs) > 0 && !errs[0].Warning {
			t.Errorf("%s: %v", jf.Path, errs)
			continue
		}
		var want []compiledResource
		walkCompiled(tmpl, nil, &want)

		bf := readCorpus(t, filepath.Join(dir, "main.bicep"))
		res := File(bf, Options{Files: dirFiles{root: dir}, Cache: NewCache()})
		used := make([]bool, len(res.Resources))
		for _, w := range want {
			total++
			found := false
			for i, r := range res.Resources {
				if used[i] || !strings.EqualFold(r.Type, w.typ) {
					continue
				}
				if w.name != "" {
					if n, known := fullNameOrTemplate(r); !known || !strings.EqualFold(n, w.name) {
						continue
					}
				}
				used[i], found = true, true
				break
			}
			if found {
				matched++
				continue
			}
			rel, _ := filepath.Rel(corpusDir, dir)
			misses = append(misses, rel+": "+w.typ+" "+w.name)
		}
	}
	if total == 0 {
		t.Skip("no compiled templates in the corpus")
	}
	rate := float64(matched) / float64(total)
	t.Logf("%d templates: %d of %d compiled resources matched (%.1f%%)", len(dirs), matched, total, 100*rate)
	for _, m := range misses {
		t.Logf("miss: %s", m)
	}
	if rate < 0.95 {
		t.Errorf("match rate %.1f%% is below 95%%", 100*rate)
	}
}
