package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// FuzzEval checks that evaluating any main.bicep, with any module m.bicep
// and a policy file beside it, terminates without panicking, reports every
// problem inside a file with a message, and produces resources with a
// type, a name, a body object and a location, whose unknown values all
// remember an expression. Seeds are a few constructs, the files in
// testdata, and the corpus's Bicep files unless -short.
func FuzzEval(f *testing.F) {
	module := "param name string\nresource r 'Microsoft.ApiManagement/service/apis@2022-08-01' = {\n" +
		"  name: 'svc/${name}'\n}\noutput o string = name\n"
	for _, s := range []string{
		"module m 'm.bicep' = [for i in range(0, 3): {\n  name: 'm${i}'\n  params: { name: 'a${i}' }\n}]\n",
		"var p = replace(loadTextContent('p.xml'), 'x', 'y')\nresource r 'A.B/c@1' = { name: p }\n",
		"resource a 'A.B/c@1' = {\n  name: 'a'\n  resource b 'd' = { name: a.properties.x }\n}\n" +
			"output o string = a::b.id\n",
		"func f(x string) string => f(x)\nvar v = f('a')\nvar w = map(range(0, 5), i => i * 2)\n",
		"param p object = { a: [1, 2] }\nvar q = p.?b ?? p.a[^1]\nvar r = '${q}${q}${q}'\n",
		"var a = 'x'\nvar b = '${a}${a}'\nvar c = '${b}${b}'\nvar d = concat([c], [c])\n",
		"resource s 'Microsoft.Web/sites@2022-03-01' existing = { name: 'f' }\n" +
			"var i = s.identity.principalId\nvar k = s.listKeys().keys[0]\n",
	} {
		f.Add(s, module)
	}
	for _, p := range evalSeedFiles(f) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b), module)
	}
	f.Fuzz(func(t *testing.T, main, mod string) {
		files := map[string]string{"main.bicep": main, "m.bicep": mod, "p.xml": "<policies>x</policies>"}
		sizes := map[string]int{}
		for k, v := range files {
			sizes[k] = len(v)
		}
		res := File(source.NewFile("main.bicep", []byte(main)), Options{Files: mapFiles(files)})
		for _, d := range res.Diagnostics {
			if strings.Contains(d.Message, "internal error") {
				t.Fatalf("%s: %s", d.Loc, d.Message)
			}
			checkLoc(t, sizes, d.Loc, "diagnostic "+d.Message)
			if d.Message == "" {
				t.Fatalf("%s: empty message", d.Loc)
			}
		}
		for _, r := range res.Resources {
			if r.Name == nil || r.Body == nil || r.Body.Kind != value.Object {
				t.Fatalf("%s: resource %s without name or body", r.Loc, r.Type)
			}
			checkLoc(t, sizes, r.Loc, "resource")
			checkUnknowns(t, r.Name)
			checkUnknowns(t, r.Body)
		}
	})
}

func checkLoc(t *testing.T, sizes map[string]int, loc source.Location, what string) {
	t.Helper()
	size, ok := sizes[loc.File]
	if !ok || loc.Start.Offset < 0 || loc.End.Offset < loc.Start.Offset || loc.End.Offset > size ||
		loc.Start.Line < 1 || loc.Start.Column < 1 {
		t.Fatalf("%s at %s %+v", what, loc.File, loc.Range)
	}
}

// checkUnknowns checks that every unknown value remembers an expression.
func checkUnknowns(t *testing.T, v *value.Value) {
	t.Helper()
	if v == nil {
		t.Fatal("nil value")
	}
	switch v.Kind {
	case value.Unknown:
		if v.Expr == "" {
			t.Fatalf("unknown value at %s without an expression", v.Loc)
		}
		for _, p := range v.Parts {
			checkUnknowns(t, p)
		}
	case value.Array:
		for _, e := range v.Elems {
			checkUnknowns(t, e)
		}
	case value.Object:
		for _, m := range v.Members {
			checkUnknowns(t, m.Value)
		}
	}
}

// evalSeedFiles returns the testdata Bicep files and, unless -short, the
// corpus files.
func evalSeedFiles(f *testing.F) []string {
	paths, err := filepath.Glob("testdata/*.bicep")
	if err != nil {
		f.Fatal(err)
	}
	if testing.Short() {
		return paths
	}
	if _, err := os.Stat(corpusDir); err != nil {
		return paths
	}
	corpus, _ := corpusFiles(f, "bicep-baselines", "bicep-user-submitted")
	return append(paths, corpus...)
}
