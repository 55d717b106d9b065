package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/apimlint/apimlint/internal/bench/gen"
	"github.com/apimlint/apimlint/internal/engine"
	"github.com/apimlint/apimlint/internal/lint"
)

// TestIndicesChangeNoFinding: the built-in rules give the same findings
// with OPA's comprehension indices, which a check of a large estate builds,
// and without them, as a check of a few files runs.
func TestIndicesChangeNoFinding(t *testing.T) {
	ctx := context.Background()
	e, err := engine.New(ctx, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dirs := []string{"../../testdata/example", "../../testdata/effective", "../../testdata/arm-avm"}
	for _, parent := range []string{"../../../shared/cases", "../../../shared/corpus"} {
		entries, err := os.ReadDir(parent)
		if err != nil {
			continue // absent outside this workplace
		}
		for _, en := range entries {
			if en.IsDir() {
				dirs = append(dirs, filepath.Join(parent, en.Name()))
			}
		}
	}
	total := 0
	for _, dir := range dirs {
		est, _, err := lint.Build(lint.Options{Paths: []string{"."}, Dir: dir})
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		lean, indexed, err := engine.EvalLeanAndIndexed(ctx, e, est)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		if !reflect.DeepEqual(lean, indexed) {
			t.Errorf("%s: without indices %v, with them %v", dir, lean, indexed)
		}
		total += len(lean)
	}
	if total < 20 {
		t.Fatalf("%d findings over %d folders: too few for the comparison to mean anything", total, len(dirs))
	}
	t.Logf("%d findings over %d folders agree", total, len(dirs))
}

// TestLargeEstatesIndexComprehensions: a check of a few files evaluates
// without comprehension indices; one of an estate of many entries makes
// the engine that has them, once.
func TestLargeEstatesIndexComprehensions(t *testing.T) {
	ctx := context.Background()
	e, err := engine.New(ctx, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	small, _, err := lint.Build(lint.Options{Paths: []string{"."}, Dir: "../../testdata/example"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Eval(ctx, small); err != nil {
		t.Fatal(err)
	}
	if engine.MadeIndexed(e) {
		t.Fatal("a check of testdata/example built comprehension indices")
	}
	dir := t.TempDir()
	opts := gen.Large
	opts.APIs = 20
	if _, err := gen.APIOps(dir, opts); err != nil {
		t.Fatal(err)
	}
	large, _, err := lint.Build(lint.Options{Paths: []string{"."}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := e.Eval(ctx, large)
	if err != nil {
		t.Fatal(err)
	}
	if !engine.MadeIndexed(e) {
		t.Fatalf("a check of %d APIs built no comprehension indices", opts.APIs)
	}
	if len(fs) == 0 {
		t.Fatal("no findings in the generated estate, which has some")
	}
}
