package lint

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/apimlint/apimlint/internal/engine"
)

// TestCompiledRulesAgree checks estates with the built-in rules as they
// ship compiled (rules/compiled.bin) and as compiled from their sources: the
// findings are the same, to the column and the message. The sources are
// made to differ from the compiled set's by a blank line at the end of one
// file, which changes no rule and makes the engine compile them.
func TestCompiledRulesAgree(t *testing.T) {
	ctx := context.Background()
	compiled, err := engine.New(ctx, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mods, err := engine.BuiltinModules(false)
	if err != nil {
		t.Fatal(err)
	}
	mods[0].Source += "\n"
	source, err := engine.NewFromModules(ctx, mods, engine.Options{})
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
		for _, e := range entries {
			if e.IsDir() {
				dirs = append(dirs, filepath.Join(parent, e.Name()))
			}
		}
	}
	total := 0
	for _, dir := range dirs {
		var got [2]*Result
		for i, e := range []*engine.Engine{compiled, source} {
			got[i], err = Check(ctx, Options{Paths: []string{"."}, Dir: dir, Engine: e})
			if err != nil {
				t.Fatalf("%s: %v", dir, err)
			}
		}
		if !reflect.DeepEqual(got[0].Findings, got[1].Findings) || !reflect.DeepEqual(got[0].Rules, got[1].Rules) {
			t.Errorf("%s: compiled rules found %v, the sources %v", dir, got[0].Findings, got[1].Findings)
		}
		total += len(got[0].Findings)
	}
	if total < least {
		t.Fatalf("%d findings over %d folders: too few for the comparison to mean anything", total, len(dirs))
	}
	t.Logf("%d findings over %d folders agree", total, len(dirs))
}
