package parser_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/bicep/eval"
	"github.com/apimlint/apimlint/internal/bicep/parser"
	"github.com/apimlint/apimlint/internal/source"
)

// diskFiles reads the files a case refers to from its folder.
type diskFiles struct{}

func (d diskFiles) Read(p string) (*source.File, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return source.NewFile(p, b), nil
}

// TestCorpusInvalidEvaluated reads every case of Bicep's invalid baselines
// as apimlint check does (parser and evaluator) and compares its first
// error with the first error Bicep records, whatever its kind. Every case
// must give an error; the test prints how many first errors sit on Bicep's
// line and fails when fewer than 14 of the 15 do. The miss is a type error
// Bicep's checker finds before anything runs (flatten('abc'), BCP070):
// apimlint evaluates, and reports a value of the wrong type as a warning,
// since a valid template can hold one under its default parameters.
func TestCorpusInvalidEvaluated(t *testing.T) {
	cases, _ := filepath.Glob(filepath.Join(parser.CorpusDir, "bicep-baselines-invalid", "*", "main.diagnostics.bicep"))
	if len(cases) == 0 {
		t.Skipf("no invalid baseline cases under %s", parser.CorpusDir)
	}
	exact := 0
	for _, diagPath := range cases {
		dir := filepath.Dir(diagPath)
		name := filepath.Base(dir)
		b, err := os.ReadFile(filepath.Join(dir, "main.bicep"))
		if err != nil {
			t.Fatal(err)
		}
		main := source.NewFile(filepath.Join(dir, "main.bicep"), b)
		wantLine, code := parser.BaselineFirstError(t, main, diagPath)
		res := eval.File(main, eval.Options{Files: diskFiles{}})
		first, msg := 0, ""
		for _, d := range res.Diagnostics {
			if d.Severity != "" && d.Severity != "error" || d.Loc.File != main.Path {
				continue
			}
			if first == 0 || d.Loc.Start.Line < first {
				first, msg = d.Loc.Start.Line, d.Message
			}
		}
		switch {
		case first == 0:
			t.Errorf("%s: no error; Bicep's first is %s on line %d", name, code, wantLine)
		case first == wantLine:
			exact++
		default:
			t.Logf("%s: first error on line %d (%s); Bicep's first is %s on line %d",
				name, first, strings.TrimSpace(msg), code, wantLine)
		}
	}
	t.Logf("%d cases: the first error is on the line of Bicep's first error in %d", len(cases), exact)
	if exact < 14 {
		t.Errorf("first errors on Bicep's line: %d of %d, want at least 14", exact, len(cases))
	}
}
