package eval

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/source"
)

const corpusDir = "../../../../shared/corpus"

// dirFiles reads files from the disk, refusing paths outside root as the
// loader does (without the symlink checks, which the load package tests).
type dirFiles struct {
	root string
}

func (d dirFiles) Read(p string) (*source.File, error) {
	rel, err := filepath.Rel(d.root, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return nil, errors.New("it is outside the checked folder")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return source.NewFile(p, b), nil
}

// mapFiles serves files from memory.
type mapFiles map[string]string

func (m mapFiles) Read(p string) (*source.File, error) {
	if strings.HasPrefix(p, "../") || path.IsAbs(p) {
		return nil, errors.New("it is outside the checked folder")
	}
	s, ok := m[p]
	if !ok {
		return nil, os.ErrNotExist
	}
	return source.NewFile(p, []byte(s)), nil
}

// evalFiles evaluates name among files held in memory.
func evalFiles(t *testing.T, files map[string]string, name string, env map[string]string) *Result {
	t.Helper()
	src, ok := files[name]
	if !ok {
		t.Fatalf("no file %s", name)
	}
	return File(source.NewFile(name, []byte(src)), Options{Files: mapFiles(files), Env: env})
}

// byName returns the resources whose full name is name.
func byName(res *Result, name string) []*estate.Resource {
	var out []*estate.Resource
	for _, r := range res.Resources {
		if n, _ := fullNameOrTemplate(r); n == name {
			out = append(out, r)
		}
	}
	return out
}

// fullNameOrTemplate joins a resource's segments, unknown ones in braces.
func fullNameOrTemplate(r *estate.Resource) (string, bool) {
	segs := r.Segments()
	names := make([]string, len(segs))
	known := true
	for i, s := range segs {
		names[i] = s.Name
		known = known && s.Known
	}
	return strings.Join(names, "/"), known
}

func readCorpus(t testing.TB, p string) *source.File {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return source.NewFile(p, b)
}
