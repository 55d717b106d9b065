package parser

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/apimlint/apimlint/internal/bicep/ast"
	"github.com/apimlint/apimlint/internal/bicep/scanner"
	"github.com/apimlint/apimlint/internal/source"
)

// fuzzSeedDirs are the corpus folders whose files seed FuzzParseFile:
// valid files and the compiler's invalid baselines.
var fuzzSeedDirs = []string{"bicep", "bicep-baselines", "bicep-baselines-invalid"}

// FuzzParseFile checks that parsing any input in either mode terminates
// without panicking, keeps errors within MaxErrors, inside the file and
// sorted, and returns a tree whose nodes lie inside the file and inside
// their parents. Seeds are the files in testdata, the Bicep files of the
// shared corpus when present, and the regression inputs in
// testdata/fuzz/FuzzParseFile.
func FuzzParseFile(f *testing.F) {
	for _, s := range []string{
		"param x string = 'a${b}c'\n",
		"resource r 'T@1' = [for (x, i) in xs: if (i > 0) { name: x.?y!.z[0] }]\n",
		"var f = (a, b) => a ?? b ? {\n...c\n} : [\n1\n2]\n",
		"@description('d')\noutput o object = {\n  'k': '''\nm\n'''\n}\n",
		"func g(a int) int => a\ntype t = { a: string?, *: int }\n",
		"var x = ((((((((((1))))))))))\nvar y = 'a${'b${'c'}'}'\n",
		"var u = 'unterminated\nvar v = '${\n",
	} {
		f.Add([]byte(s), false)
	}
	f.Add([]byte("using 'main.bicep'\nparam p = 1\n"), true)
	for _, p := range fuzzSeedFiles(f) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, ModeFor(p) == BicepParam)
	}
	f.Fuzz(func(t *testing.T, src []byte, params bool) {
		mode := Bicep
		if params {
			mode = BicepParam
		}
		file := source.NewFile("f.bicep", src)
		tree, errs := ParseFile(file, mode)
		checkParse(t, file, tree, errs)
	})
}

// fuzzSeedFiles returns the testdata Bicep files and the corpus files of
// fuzzSeedDirs, sorted; the corpus part is left out in -short mode and
// when the corpus is absent.
func fuzzSeedFiles(f *testing.F) []string {
	paths, err := filepath.Glob("testdata/*.bicep*")
	if err != nil {
		f.Fatal(err)
	}
	if _, err := os.Stat(corpusDir); err != nil || testing.Short() {
		return paths
	}
	return append(paths, corpusFiles(f, fuzzSeedDirs...)...)
}

// checkParse checks the invariants of every parse result.
func checkParse(t *testing.T, file *source.File, tree *ast.File, errs scanner.ErrorList) {
	t.Helper()
	size := len(file.Content)
	if tree == nil {
		t.Fatal("nil tree")
	}
	if len(errs) > MaxErrors+1 {
		t.Fatalf("%d errors, more than %d", len(errs), MaxErrors+1)
	}
	for i, e := range errs {
		s, end := e.Loc.Start, e.Loc.End
		if s.Offset < 0 || s.Offset > end.Offset || end.Offset > size || s.Line < 1 || s.Column < 1 || e.Msg == "" {
			t.Fatalf("error %d %q at %+v, file of %d bytes", i, e.Msg, e.Loc.Range, size)
		}
		if i > 0 && s.Offset < errs[i-1].Loc.Start.Offset {
			t.Fatalf("errors out of order: %v before %v", errs[i-1], e)
		}
	}
	var stack []ast.Node
	ast.Inspect(tree, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		pos, end := int(n.Pos()), int(n.End())
		if pos < 0 || pos > end || end > size {
			t.Fatalf("%T at [%d,%d), file of %d bytes", n, pos, end, size)
		}
		if len(stack) > 0 {
			p := stack[len(stack)-1]
			if pos < int(p.Pos()) || end > int(p.End()) {
				t.Fatalf("%T at [%d,%d) outside its parent %T at [%d,%d)", n, pos, end, p, p.Pos(), p.End())
			}
		}
		stack = append(stack, n)
		return true
	})
}
