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

// TestVariantsAgree: the built-in rules give the same findings with OPA's
// comprehension indices, which a check of a large estate builds, and
// without them, as a check of a few files runs; and with every module, and
// without those whose guards say they report nothing on the estate, as a
// check compiles them.
func TestVariantsAgree(t *testing.T) {
	ctx := context.Background()
	e, err := engine.New(ctx, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dirs := []string{"../../testdata/example", "../../testdata/effective", "../../testdata/arm-avm"}
	// The folders of this repository alone hold fewer findings.
	least := 5
	for _, parent := range []string{"../../../shared/cases", "../../../shared/corpus"} {
		entries, err := os.ReadDir(parent)
		if err != nil {
			continue // absent outside this workplace
		}
		least = 20
		for _, en := range entries {
			if en.IsDir() {
				dirs = append(dirs, filepath.Join(parent, en.Name()))
			}
		}
	}
	total, skipped := 0, 0
	for _, dir := range dirs {
		est, _, err := lint.Build(lint.Options{Paths: []string{"."}, Dir: dir})
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		byVariant, skip, err := engine.EvalVariants(ctx, e, est)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		var first string
		for name, fs := range byVariant {
			if first == "" {
				first = name
				continue
			}
			if !reflect.DeepEqual(fs, byVariant[first]) {
				t.Errorf("%s: %s gives %v, %s gives %v", dir, name, fs, first, byVariant[first])
			}
		}
		total += len(byVariant[first])
		skipped += len(skip)
	}
	if total < least || skipped < least {
		t.Fatalf("%d findings and %d modules left out over %d folders: too few for the comparison to mean anything", total, skipped, len(dirs))
	}
	t.Logf("%d findings over %d folders agree; %d modules left out in all", total, len(dirs), skipped)
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
