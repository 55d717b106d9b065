package eval

import (
	"path/filepath"
	"testing"

	"github.com/apimlint/apimlint/internal/source"
)

// BenchmarkEvalCompiledSources parses and evaluates, modules and loaded
// files included, the main.bicep files that have a compiled main.json:
// the whole cost of reading Bicep natively, in bytes of main.bicep.
func BenchmarkEvalCompiledSources(b *testing.B) {
	dirs := compiledTemplates(b)
	files := make([]*source.File, len(dirs))
	total := 0
	for i, d := range dirs {
		files[i] = readCorpus(b, filepath.Join(d, "main.bicep"))
		total += len(files[i].Content)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i, f := range files {
			File(f, Options{Files: dirFiles{root: dirs[i]}})
		}
	}
}
