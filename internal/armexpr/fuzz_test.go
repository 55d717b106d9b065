package armexpr

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/jsonpos"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

var fuzzSeeds = []string{
	"[concat(parameters('apim'), '/policy')]",
	"[format('{0}/{1:D3}', variables('prefix'), copyIndex(1))]",
	"[reference(resourceId('Microsoft.ApiManagement/service', 'x'), '2021-08-01', 'Full').identity.principalId]",
	"[if(equals(parameters('flag'), true()), createObject('a', 1), json('{\"b\": [1]}'))]",
	"[variables('obj').b.c[1]]",
	"[uri(environment().resourceManager, resourceId('Microsoft.Web/sites', parameters('secret')))]",
	"[replace(split('a,b', ',')[0], 'a', 'x''y')]",
	"[union(createArray(1), range(1, 3))]",
	"[[literal]",
	"[contoso.fn(-1, 2.5)]",
	"[ concat(\n'a',\t'b' ) ]",
	"[subscriptionResourceId('s', 'Microsoft.Authorization/roleDefinitions', 'x')]",
	"[substring(padLeft(string(add(1, 2)), 5, '0'), 1, 2)]",
}

// FuzzParse checks that the parser never panics and that node spans lie
// inside the expression and nest.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	for _, s := range corpusExprSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := value.NewString(s, source.Location{File: "f.json"})
		e, err := Parse(v)
		if err != nil {
			if err.Msg == "" || err.Loc.File != "f.json" {
				t.Fatalf("bad error %+v", err)
			}
			return
		}
		if !IsExpression(s) {
			t.Fatalf("parsed %q, which is not an expression", s)
		}
		checkSpans(t, e.Root, Span{1, len(s) - 1})
	})
}

// maxCorpusSeeds bounds the expressions taken from the corpus: enough to
// cover every function the templates call, few enough that the seeds run
// in well under a second.
const (
	maxCorpusSeeds = 400
	perFileSeeds   = 4
)

// corpusExprSeeds returns a sample of the distinct expressions in the
// corpus's JSON files: up to perFileSeeds new expressions from each file,
// files in sorted order, until maxCorpusSeeds are found. It returns none in -short mode or when the
// corpus is absent.
func corpusExprSeeds(f *testing.F) []string {
	if _, err := os.Stat(corpusDir); err != nil || testing.Short() {
		return nil
	}
	var paths []string
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".json") {
			paths = append(paths, path)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	sort.Strings(paths)
	seen := make(map[string]bool)
	var out []string
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		doc, _ := jsonpos.Parse(source.NewFile(path, b))
		if doc == nil {
			continue
		}
		taken := 0
		forEachString(doc, func(s *value.Value) {
			if IsExpression(s.Str) && !seen[s.Str] && taken < perFileSeeds && len(out) < maxCorpusSeeds {
				seen[s.Str] = true
				out = append(out, s.Str)
				taken++
			}
		})
		if len(out) == maxCorpusSeeds {
			break
		}
	}
	return out
}

func checkSpans(t *testing.T, n Node, outer Span) {
	sp := n.Span()
	if sp.Start < outer.Start || sp.End > outer.End || sp.Start >= sp.End {
		t.Fatalf("span %v outside %v", sp, outer)
	}
	switch n := n.(type) {
	case *Call:
		for _, a := range n.Args {
			checkSpans(t, a, sp)
		}
	case *Property:
		checkSpans(t, n.X, sp)
	case *Index:
		checkSpans(t, n.X, sp)
		checkSpans(t, n.Index, sp)
	}
}

// FuzzEval checks that evaluation never panics, always returns a value,
// keeps string maps in step with strings, and gives every unknown value
// its expression. The input is the inside of the brackets, so that every
// input is an expression.
func FuzzEval(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[1 : len(s)-1])
	}
	for _, s := range corpusExprSeeds(f) {
		f.Add(s[1 : len(s)-1])
	}
	env := standardEnv(f)
	env.resources = map[string]value.Ref{"apim": {Symbol: "apim", Type: "Microsoft.ApiManagement/service"}}
	f.Fuzz(func(t *testing.T, s string) {
		expr := "[" + s + "]"
		file := source.NewFile("t.json", []byte(expr))
		v := value.NewText(source.Span(file, 0, len(expr), file.Location(0, len(expr))), file.Location(0, len(expr)))
		out, errs := EvalString(v, env)
		if out == nil {
			t.Fatal("nil result")
		}
		for _, e := range errs {
			if e.Msg == "" || e.Loc.File != "t.json" {
				t.Fatalf("bad error %+v", e)
			}
		}
		checkValue(t, out, 0)
	})
}

func checkValue(t *testing.T, v *value.Value, depth int) {
	if depth > 50 {
		return // shared subtrees can repeat; deep enough
	}
	switch v.Kind {
	case value.Unknown:
		if v.Expr == "" {
			t.Fatal("unknown value without expression")
		}
		for _, p := range v.Parts {
			checkValue(t, p, depth+1)
		}
	case value.String:
		if v.Text != nil && v.Text.Value != v.Str {
			t.Fatalf("text %q does not match string %q", v.Text.Value, v.Str)
		}
		if n := len(v.Str); n > 0 {
			v.AsText().Location(0, n)
			v.AsText().Location(n/2, n)
		}
	case value.Array:
		for _, e := range v.Elems {
			if e == nil {
				t.Fatal("nil element")
			}
			checkValue(t, e, depth+1)
		}
	case value.Object:
		for _, m := range v.Members {
			if m.Value == nil {
				t.Fatalf("nil member %q", m.Key)
			}
			checkValue(t, m.Value, depth+1)
		}
	}
	if strings.Contains(v.Loc.File, "\x00") {
		t.Fatal("bad location")
	}
}
