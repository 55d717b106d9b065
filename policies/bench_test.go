package policies

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
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

// BenchmarkPathological parses shapes that a careless parser handles in
// quadratic time: thousands of text runs, attributes, children, stray end
// tags and unterminated expressions. A quadratic slip shows up as MB/s
// collapsing by orders of magnitude, not as a small factor.
func BenchmarkPathological(b *testing.B) {
	const n = 20000
	var attrs strings.Builder
	for i := range n {
		fmt.Fprintf(&attrs, " a%d=\"\"", i)
	}
	inputs := []struct{ name, src string }{
		{"text-runs", "<a>" + strings.Repeat("x<!---->", n) + "</a>"},
		{"blank-runs", "<a>x" + strings.Repeat("<!----> ", n) + "</a>"},
		{"attributes", "<a" + attrs.String() + "/>"},
		{"children", "<a>" + strings.Repeat("<b/>", n) + "</a>"},
		{"nesting", strings.Repeat("<a>", 999) + strings.Repeat("</a>", 999)},
		{"stray-end-tags", strings.Repeat("<a>", 999) + strings.Repeat("</b>", n)},
		{"open-expressions", "<a>" + strings.Repeat("@(", n) + "</a>"},
		{"expression-attributes", "<a>" + strings.Repeat(`<b c="@(x(&quot;a&quot;, $"{y}"))"/>`, n) + "</a>"},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.src)))
			text := textOf("p.xml", in.src)
			for b.Loop() {
				Parse(text, Options{})
			}
		})
	}
}
