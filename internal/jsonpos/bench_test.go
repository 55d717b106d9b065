package jsonpos

import (
	"encoding/json"
	"testing"

	"github.com/apimlint/apimlint/internal/source"
)

// BenchmarkParseCorpus reads every corpus .json file once per iteration.
func BenchmarkParseCorpus(b *testing.B) {
	files := corpusFiles(b)
	total := 0
	for _, c := range files {
		total += len(c)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for path, c := range files {
			if v, _ := Parse(source.NewFile(path, c)); v == nil {
				b.Fatalf("%s does not parse", path)
			}
		}
	}
}

// BenchmarkEncodingJSONCorpus is the yardstick: encoding/json decoding the
// same files into any, without positions (files it rejects are skipped).
func BenchmarkEncodingJSONCorpus(b *testing.B) {
	all := corpusFiles(b)
	var files [][]byte
	total := 0
	for _, c := range all {
		if json.Valid(c) {
			files = append(files, c)
			total += len(c)
		}
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range files {
			var v any
			if err := json.Unmarshal(c, &v); err != nil {
				b.Fatal(err)
			}
		}
	}
}
