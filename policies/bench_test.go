package policies

import (
	"bytes"
	"encoding/xml"
	"io"
	"sort"
	"testing"

	"github.com/apimlint/apimlint/internal/source"
)

// benchFiles returns the corpus XML files in a fixed order and their size.
func benchFiles(b *testing.B) ([][]byte, int64) {
	files := corpusFiles(b)
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	out := make([][]byte, len(paths))
	var total int64
	for i, p := range paths {
		out[i] = files[p]
		total += int64(len(files[p]))
	}
	return out, total
}

// BenchmarkParseCorpus parses every corpus XML file, including the line
// index and position mapping a real run needs.
func BenchmarkParseCorpus(b *testing.B) {
	files, total := benchFiles(b)
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		for _, content := range files {
			Parse(source.FileText(source.NewFile("f.xml", content)), Options{})
		}
	}
}

// BenchmarkEncodingXMLRawToken is the floor the tool is measured against:
// encoding/xml RawToken over the same bytes, with no rawxml pre-pass. Most
// rawxml files stop at their first expression, so this does less work than
// a full parse.
func BenchmarkEncodingXMLRawToken(b *testing.B) {
	files, total := benchFiles(b)
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		for _, content := range files {
			d := xml.NewDecoder(bytes.NewReader(content))
			for {
				if _, err := d.RawToken(); err != nil {
					if err != io.EOF {
						break
					}
					break
				}
			}
		}
	}
}
