package parser

import (
	"testing"

	"github.com/apimlint/apimlint/internal/source"
)

// CorpusDir is the shared corpus, for the external tests of this package.
const CorpusDir = corpusDir

// BaselineFirstError returns the line in main.bicep and the code of the
// first error a Bicep baseline's main.diagnostics.bicep records.
func BaselineFirstError(tb testing.TB, main *source.File, diagPath string) (line int, code string) {
	for _, d := range baselineErrors(tb, main, diagPath) {
		return d.line, d.code
	}
	return 0, ""
}
