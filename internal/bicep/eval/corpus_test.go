package eval

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// validDirs hold Bicep files that the Bicep compiler accepts.
var validDirs = []string{"bicep", "bicep-baselines", "bicep-baselines-bicepparam", "bicep-user-submitted"}

// corpusFiles lists the .bicep and .bicepparam files under the corpus
// folders, sorted, with the folder each belongs to.
func corpusFiles(t testing.TB, dirs ...string) (paths, roots []string) {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("shared corpus not found at %s: %v", corpusDir, err)
	}
	for _, dir := range dirs {
		root := filepath.Join(corpusDir, dir)
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".diagnostics.bicep") {
				return err
			}
			if strings.HasSuffix(p, ".bicep") || strings.HasSuffix(p, ".bicepparam") {
				paths = append(paths, p)
				roots = append(roots, root)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return paths, roots
}

// TestCorpus evaluates every valid corpus file and expects no error but
// for files the corpus does not hold (it keeps Bicep, XML and some JSON);
// the warnings and notes it reports are listed, counted by message.
func TestCorpus(t *testing.T) {
	paths, roots := corpusFiles(t, validDirs...)
	cache := NewCache()
	resources, missing, warnings := 0, 0, map[string]int{}
	for i, p := range paths {
		res := File(readCorpus(t, p), Options{Files: dirFiles{root: roots[i]}, Cache: cache})
		resources += len(res.Resources)
		for _, d := range res.Diagnostics {
			if d.Rule == UnreadableRule && strings.Contains(d.Message, "no such file") {
				missing++
				continue
			}
			if d.Severity == "" {
				t.Errorf("%s: %s [%s]", d.Loc, d.Message, d.Rule)
				continue
			}
			rel, _ := filepath.Rel(corpusDir, d.Loc.File)
			warnings[d.Severity+": "+rel+": "+d.Message]++
		}
	}
	t.Logf("%d files, %d resources, %d references to files missing from the corpus, %d distinct warnings and notes",
		len(paths), resources, missing, len(warnings))
	keys := make([]string, 0, len(warnings))
	for k := range warnings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%s (x%d)", k, warnings[k])
	}
}
