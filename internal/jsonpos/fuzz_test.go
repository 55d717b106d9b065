package jsonpos

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// FuzzParse checks that Parse never panics, that it agrees with
// encoding/json on every input encoding/json accepts, and that its
// positions agree with source.File.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"a": [1, -2.5e3, true, false, null], "b": {"c": "d\"\n\u0041\ud83d\ude00"}}`,
		"\ufeff// c\n{/* x */\"a\":1,}\r\n",
		"[\"é\xff\", \"\\ud800\\u0041\"]",
		`{"name": 1, "name": 2}`,
		"[[[[[[[[[[]]]]]]]]]]",
		"\xff\xfe[\x001\x00]\x00",
	} {
		f.Add([]byte(s))
	}
	if files, ok := smallCorpusFiles(f, 4096); ok {
		for _, b := range files {
			f.Add(b)
		}
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		file := source.NewFile("f.json", data)
		v, errs := Parse(file)
		if v == nil && len(errs) == 0 {
			t.Fatal("no value and no error")
		}
		for _, e := range errs {
			if e.Loc.File != "f.json" || e.Loc.Start.Line < 1 || e.Loc.Start.Column < 1 || e.Msg == "" {
				t.Fatalf("bad problem %+v", e)
			}
		}

		if v != nil && data[0] != 0xfe && data[0] != 0xff {
			if n, most := countValues(v), maxValues(data); n > most {
				t.Fatalf("%d values, more than the bound of %d", n, most)
			}
		}

		var std any
		stdErr := json.Unmarshal(data, &std)
		if stdErr == nil {
			if v == nil {
				last := errs[len(errs)-1].Msg
				if strings.HasPrefix(last, "nesting deeper") {
					return
				}
				t.Fatalf("encoding/json accepts the input, Parse says %v", errs)
			}
			if !equalJSON(v, std) {
				t.Fatalf("value differs from encoding/json's %#v", std)
			}
		}
		if v == nil || data[0] == 0xfe || data[0] == 0xff || !utf8.Valid(data) {
			return
		}
		walkLocs(v, func(what string, l source.Location) {
			if want := file.Location(l.Start.Offset, l.End.Offset); l != want {
				t.Fatalf("%s at %+v, source.File says %+v", what, l.Range, want.Range)
			}
		})
		checkTexts(t, v)
	})
}

// checkTexts checks that every string's map covers it and points inside it.
func checkTexts(t *testing.T, v *value.Value) {
	switch v.Kind {
	case value.String:
		if v.Text == nil || v.Text.Value != v.Str {
			t.Fatalf("string %q has text %+v", v.Str, v.Text)
		}
		for i := range v.Str {
			l := v.Text.Location(i, i+1)
			if l.Start.Offset <= v.Loc.Start.Offset || l.End.Offset >= v.Loc.End.Offset {
				t.Fatalf("byte %d of %q maps to %+v, outside the string at %+v", i, v.Str, l.Range, v.Loc.Range)
			}
		}
	case value.Array:
		for _, e := range v.Elems {
			checkTexts(t, e)
		}
	case value.Object:
		for _, m := range v.Members {
			checkTexts(t, m.Value)
		}
	}
}

// smallCorpusFiles returns the corpus files no larger than limit bytes.
func smallCorpusFiles(f *testing.F, limit int) ([][]byte, bool) {
	if testing.Short() {
		return nil, false
	}
	var out [][]byte
	for _, b := range corpusFilesOrNil() {
		if len(b) <= limit {
			out = append(out, b)
		}
	}
	return out, len(out) > 0
}

// countValues counts v and the values it holds.
func countValues(v *value.Value) int {
	n := 1
	for _, e := range v.Elems {
		n += countValues(e)
	}
	for _, m := range v.Members {
		n += countValues(m.Value)
	}
	return n
}
