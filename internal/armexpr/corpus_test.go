package armexpr

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/jsonpos"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

const corpusDir = "../../../shared/corpus"

// templateEnv declares a template's parameters (known when their default
// holds no expression) and variables (always unknown, since evaluating
// them is the template reader's job).
type templateEnv struct {
	NoEnv
	params, vars *value.Value
}

func (e *templateEnv) Parameter(name string) (*value.Value, bool) {
	m, ok := e.params.Member(name)
	if !ok {
		return nil, false
	}
	if d := m.Value.Get("defaultValue"); d != nil && !holdsExpression(d) {
		return d, true
	}
	return value.NewUnknown("parameters('"+name+"')", m.KeyLoc), true
}

func (e *templateEnv) Variable(name string) (*value.Value, bool) {
	m, ok := e.vars.Member(name)
	if !ok {
		return nil, false
	}
	return value.NewUnknown("variables('"+name+"')", m.KeyLoc), true
}

func (e *templateEnv) CopyIndex(string) (int, bool) { return 0, true }

func holdsExpression(v *value.Value) bool {
	switch v.Kind {
	case value.String:
		return IsExpression(v.Str)
	case value.Array:
		for _, e := range v.Elems {
			if holdsExpression(e) {
				return true
			}
		}
	case value.Object:
		for _, m := range v.Members {
			if holdsExpression(m.Value) {
				return true
			}
		}
	}
	return false
}

// TestCorpusTemplates parses every expression in the corpus's ARM
// templates and evaluates their resources. Parse errors fail the test;
// evaluation errors are only counted, since this environment knows no
// parameter values and stands in 0 for every copy index.
func TestCorpusTemplates(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not found at %s: %v", corpusDir, err)
	}
	var templates, exprs, evalErrs int
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(path), ".json") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(corpusDir, path)
		doc, _ := jsonpos.Parse(source.NewFile(filepath.ToSlash(rel), b))
		schema, _ := doc.Get("$schema").StringValue()
		if doc == nil || !strings.Contains(schema, "deploymentTemplate.json") {
			return nil // other JSON may hold strings such as "[1, 2]"
		}
		templates++

		forEachString(doc, func(s *value.Value) {
			if !IsExpression(s.Str) {
				return
			}
			exprs++
			if _, err := Parse(s); err != nil {
				t.Errorf("%s", err.Error())
			}
		})

		env := &templateEnv{params: doc.Get("parameters"), vars: doc.Get("variables")}
		for _, r := range resourceList(doc.Get("resources")) {
			_, errs := EvalTree(withoutNestedTemplate(r), env)
			evalErrs += len(errs)
			for _, e := range errs {
				t.Log(e.Error())
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d templates, %d expressions parsed, %d evaluation errors", templates, exprs, evalErrs)
}

// resourceList returns the resources of the array form and of the
// symbolic-name (languageVersion 2.0) object form.
func resourceList(v *value.Value) []*value.Value {
	if v == nil {
		return nil
	}
	if v.Kind == value.Array {
		return v.Elems
	}
	var out []*value.Value
	for _, m := range v.Members {
		out = append(out, m.Value)
	}
	return out
}

// withoutNestedTemplate drops properties.template from a nested
// deployment: its expressions refer to the inner template's parameters.
func withoutNestedTemplate(r *value.Value) *value.Value {
	typ, _ := r.Get("type").StringValue()
	props := r.Get("properties")
	if !strings.EqualFold(typ, "Microsoft.Resources/deployments") || props.Get("template") == nil {
		return r
	}
	p := &value.Value{Kind: value.Object, Loc: props.Loc}
	for _, m := range props.Members {
		if !strings.EqualFold(m.Key, "template") {
			p.Members = append(p.Members, m)
		}
	}
	c := *r
	c.Members = nil
	for _, m := range r.Members {
		if strings.EqualFold(m.Key, "properties") {
			m.Value = p
		}
		c.Members = append(c.Members, m)
	}
	return &c
}

func forEachString(v *value.Value, f func(*value.Value)) {
	switch v.Kind {
	case value.String:
		f(v)
	case value.Array:
		for _, e := range v.Elems {
			forEachString(e, f)
		}
	case value.Object:
		for _, m := range v.Members {
			forEachString(m.Value, f)
		}
	}
}
