package jsonpos

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

const corpusDir = "../../../shared/corpus"

// corpusFiles returns the contents of every .json file in the shared corpus,
// keyed by path relative to it, or skips the test when there is no corpus.
func corpusFiles(tb testing.TB) map[string][]byte {
	tb.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		tb.Skipf("corpus not found at %s: %v", corpusDir, err)
	}
	files, err := readCorpus()
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// corpusFilesOrNil is corpusFiles for seeding fuzz tests: no corpus, no
// seeds.
func corpusFilesOrNil() map[string][]byte {
	files, err := readCorpus()
	if err != nil {
		return nil
	}
	return files
}

func readCorpus() (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(path), ".json") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(corpusDir, path)
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	return files, err
}

func TestCorpus(t *testing.T) {
	files := corpusFiles(t)
	t.Logf("%d .json files in the corpus", len(files))
	var parsed, withComments, warnings int
	for path, b := range files {
		f := source.NewFile(path, b)
		v, errs := Parse(f)
		for _, e := range errs {
			if e.Warning {
				warnings++
				t.Logf("warning: %s", e.Error())
			}
		}
		if v == nil {
			t.Errorf("%s", errs[len(errs)-1].Error())
			continue
		}
		parsed++
		walkLocs(v, func(what string, l source.Location) {
			if want := f.Location(l.Start.Offset, l.End.Offset); l != want {
				t.Errorf("%s: %s at %v, source.File says %v", path, what, l, want)
			}
		})

		// Where encoding/json can read the file, both must agree.
		var std any
		if err := json.Unmarshal(b, &std); err != nil {
			withComments++
			t.Logf("not for encoding/json: %s: %v", path, err)
			continue
		}
		if !equalJSON(v, std) {
			t.Errorf("%s: value differs from encoding/json's", path)
		}
	}
	t.Logf("parsed %d of %d; %d not readable by encoding/json; %d warnings",
		parsed, len(files), withComments, warnings)
}

// equalJSON compares a parsed value with encoding/json's decoding into any.
func equalJSON(v *value.Value, x any) bool {
	switch x := x.(type) {
	case nil:
		return v.Kind == value.Null
	case bool:
		return v.Kind == value.Bool && v.Bool == x
	case float64:
		return v.Kind == value.Number && v.Num == x
	case string:
		return v.Kind == value.String && v.Str == x && v.Text != nil && v.Text.Value == x
	case []any:
		if v.Kind != value.Array || len(v.Elems) != len(x) {
			return false
		}
		for i := range x {
			if !equalJSON(v.Elems[i], x[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		if v.Kind != value.Object || len(v.Members) != len(x) {
			return false
		}
		for _, m := range v.Members {
			e, ok := x[m.Key]
			if !ok || !equalJSON(m.Value, e) {
				return false
			}
		}
		return true
	}
	return false
}
