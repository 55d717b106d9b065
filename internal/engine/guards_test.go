package engine

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// compileGuards compiles rule modules as the built-in rules are compiled
// and returns the guards of each.
func compileGuards(t *testing.T, sources map[string]string) map[string]string {
	t.Helper()
	var mods []Module
	for path, src := range sources {
		mods = append(mods, Module{Path: path, Source: src})
	}
	parsed, err := parseModules(mods)
	if err != nil {
		t.Fatal(err)
	}
	c := newCompiler(false)
	if c.Compile(parsed); c.Failed() {
		t.Fatal(c.Errors)
	}
	others := referencedPackages(c.Modules)
	out := map[string]string{}
	for path, m := range c.Modules {
		out[path] = fmt.Sprint(reportGuards(m, others))
	}
	return out
}

// TestReportGuards: a body is guarded by the input paths its plain
// expressions refer below; negation, with, comprehensions, every and the
// bodies of called functions guard nothing; a report with a default or an
// else, a rule another module refers to, and a module that is no rule's
// are always compiled.
func TestReportGuards(t *testing.T) {
	rule := func(id, body string) string {
		return fmt.Sprintf("package apimlint.rules[%q]\n\n%s\n", id, body)
	}
	got := compileGuards(t, map[string]string{
		"some.rego": rule("some", `report contains x if {
	some x in input.sites
	input.index.scopes.api[_] == x
}

report contains y if {
	y := input.services[input.apis.a.service].name
}`),
		"ground.rego": rule("ground", `report contains 1 if input.index.unresolved.backends`),
		"negated.rego": rule("negated", `report contains 1 if {
	not input.sites.a
}`),
		"with.rego": rule("with", `report contains 1 if {
	input.sites[_] with input as {"sites": [1]}
}`),
		"comprehension.rego": rule("comprehension", `report contains n if {
	n := count([s | some s in input.sites])
}`),
		"every.rego": rule("every", `report contains 1 if {
	every s in input.sites { s.ok }
}`),
		"function.rego": rule("function", `report contains x if {
	some x in _sites
}

_sites contains s if some s in input.sites`),
		"whole.rego": rule("whole", `report contains 1 if {
	count(input.sites) == 0
}`),
		"default.rego": rule("default", `default report := set()

report := {1} if input.sites[_]`),
		"else.rego": rule("else", `report := {1} if input.sites[_] else := {2}`),
		"used.rego": rule("used", `report contains 1 if input.sites[_]`),
		"user.rego": rule("user", `import data.apimlint.rules.used

report contains 1 if {
	input.apis[_]
	used.report[_]
}`),
		"lib.rego": "package apimlint.lib.x\n\nreport contains 1 if input.sites[_]\n",
	})
	want := map[string]string{
		"some.rego":          "[[[sites] [index scopes api]] [[apis a] [services]]]",
		"ground.rego":        "[[[index unresolved]]]",
		"negated.rego":       "[]",
		"with.rego":          "[]",
		"comprehension.rego": "[]",
		"every.rego":         "[]",
		"function.rego":      "[]",
		"whole.rego":         "[]",
		"default.rego":       "[]",
		"else.rego":          "[]",
		"used.rego":          "[]",
		"user.rego":          "[[[apis]]]",
		"lib.rego":           "[]",
	}
	for path, w := range want {
		if got[path] != w {
			t.Errorf("%s: guards %s, want %s", path, got[path], w)
		}
	}
}

// TestEmptyPaths: a path is empty where the estate has nothing: missing,
// null, or an empty collection, in a Go estate and in an OPA value alike.
func TestEmptyPaths(t *testing.T) {
	type index struct {
		Scopes map[string][]string `json:"scopes"`
		Roots  []string            `json:"roots,omitempty"`
	}
	type estate struct {
		Sites    map[string]int `json:"sites"`
		APIs     map[string]int `json:"apis"`
		Index    index          `json:"index"`
		Name     string         `json:"name"`
		Pointer  *index         `json:"pointer"`
		Services []int          `json:"services"`
	}
	goEstate := estate{APIs: map[string]int{"a": 1}, Index: index{Scopes: map[string][]string{"api": {"p"}, "operation": {}}},
		Services: []int{}}
	value := ast.MustParseTerm(`{"sites": {}, "apis": {"a": 1}, "index": {"scopes": {"api": ["p"], "operation": []}},
		"name": "", "pointer": null, "services": []}`).Value
	want := map[string]bool{
		"sites": true, "apis": false, "index": false, "index.scopes": false, "index.scopes.api": false,
		"index.scopes.operation": true, "index.scopes.product": true, "index.roots": true, "name": false,
		"pointer": true, "services": true, "missing": true, "missing.below": true,
	}
	s := &estateStore{configStore(nil)}
	for name, input := range map[string]any{"Go": goEstate, "OPA": value} {
		txn, err := s.begin(context.Background(), input)
		if err != nil {
			t.Fatal(err)
		}
		for path, w := range want {
			if got := txn.empty(strings.Split(path, ".")); got != w {
				t.Errorf("%s estate: empty(%s) = %v, want %v", name, path, got, w)
			}
		}
		s.end(context.Background(), txn)
	}
}
