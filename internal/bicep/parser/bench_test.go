package parser

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/apimlint/apimlint/internal/source"
)

// BenchmarkParseCorpus parses every valid corpus Bicep file, line table
// included, per iteration.
func BenchmarkParseCorpus(b *testing.B) {
	paths := corpusFiles(b, validDirs...)
	contents := make([][]byte, len(paths))
	total := 0
	for i, p := range paths {
		contents[i] = readFile(b, p).Content
		total += len(contents[i])
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i, c := range contents {
			if _, errs := ParseFile(source.NewFile(paths[i], c), ModeFor(paths[i])); len(errs) > 0 {
				b.Fatal(errs)
			}
		}
	}
}

// compiledPairs returns the baseline and user-submitted main.bicep files that
// have the compiled main.json beside them, with both contents.
func compiledPairs(b *testing.B) (paths []string, bicep, compiled [][]byte) {
	for _, p := range corpusFiles(b, "bicep-baselines", "bicep-user-submitted") {
		if filepath.Base(p) != "main.bicep" {
			continue
		}
		c, err := os.ReadFile(filepath.Join(filepath.Dir(p), "main.json"))
		if err != nil {
			continue
		}
		paths = append(paths, p)
		bicep = append(bicep, readFile(b, p).Content)
		compiled = append(compiled, c)
	}
	if len(paths) == 0 {
		b.Skip("no compiled main.json files in the corpus")
	}
	return paths, bicep, compiled
}

// BenchmarkParseCompiledSources parses the main.bicep files whose compiled
// main.json BenchmarkDecodeCompiledJSON decodes: the same templates, so the
// two throughputs compare directly.
func BenchmarkParseCompiledSources(b *testing.B) {
	paths, contents, _ := compiledPairs(b)
	total := 0
	for _, c := range contents {
		total += len(c)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i, c := range contents {
			if _, errs := ParseFile(source.NewFile(paths[i], c), Bicep); len(errs) > 0 {
				b.Fatal(errs)
			}
		}
	}
}

// BenchmarkDecodeCompiledJSON decodes with encoding/json, into any, the ARM
// templates the Bicep compiler made from the baseline and user-submitted
// main.bicep files: the yardstick for BenchmarkParseCorpus.
func BenchmarkDecodeCompiledJSON(b *testing.B) {
	_, _, contents := compiledPairs(b)
	total := 0
	for _, c := range contents {
		total += len(c)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, c := range contents {
			var v any
			if err := json.Unmarshal(c, &v); err != nil {
				b.Fatal(err)
			}
		}
	}
}
