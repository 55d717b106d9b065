package lint

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/apimlint/apimlint/internal/finding"
	"github.com/apimlint/apimlint/internal/source"
)

// TestContextReportsOnlyGivenFiles checks one policy of the example estate
// with the rest of the estate as context: the cross-file rule that needs the
// list of fragments judges it, and findings of other files stay out, unless
// they point into the given file.
func TestContextReportsOnlyGivenFiles(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "example", "apiops")
	starter := filepath.ToSlash(filepath.Join(root, "products", "starter", "policy.xml"))

	alone, err := Check(context.Background(), Options{Paths: []string{starter}})
	if err != nil {
		t.Fatal(err)
	}
	withContext, err := Check(context.Background(), Options{Paths: []string{starter},
		Context: []string{filepath.ToSlash(root)}})
	if err != nil {
		t.Fatal(err)
	}
	whole, err := Check(context.Background(), Options{Paths: []string{filepath.ToSlash(root)}})
	if err != nil {
		t.Fatal(err)
	}

	rules := func(fs []finding.Finding) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Loc.File+" "+f.Rule)
		}
		return out
	}
	if diff := cmp.Diff([]string{starter + " policy-base-required"}, rules(alone.Findings)); diff != "" {
		t.Errorf("alone (-want +got):\n%s", diff)
	}
	want := []string{starter + " policy-base-required", starter + " fragment-exists"}
	if diff := cmp.Diff(want, rules(withContext.Findings)); diff != "" {
		t.Errorf("with context (-want +got):\n%s", diff)
	}
	var inWhole []string
	for _, f := range whole.Findings {
		if f.Loc.File == starter {
			inWhole = append(inWhole, f.Loc.File+" "+f.Rule)
		}
	}
	if diff := cmp.Diff(inWhole, rules(withContext.Findings)); diff != "" {
		t.Errorf("with context, the file's findings differ from a whole check's (-whole +context):\n%s", diff)
	}
	if withContext.Files != whole.Files {
		t.Errorf("with context %d files were read, the whole estate has %d", withContext.Files, whole.Files)
	}
}

func TestInScopeKeepsRelatedFindings(t *testing.T) {
	fs := []finding.Finding{
		{Rule: "a", Loc: loc("apis/x/policy.xml")},
		{Rule: "b", Loc: loc("products/p/policy.xml"),
			Related: []finding.Related{{Loc: loc("policy fragments/f/policy.xml")}}},
		{Rule: "c", Loc: loc("products/q/policy.xml")},
		{Rule: "d", Loc: loc("")},
	}
	got := inScope(fs, []string{"apis", "./policy fragments/f/policy.xml"}, "/repo")
	var ids []string
	for _, f := range got {
		ids = append(ids, f.Rule)
	}
	if diff := cmp.Diff([]string{"a", "b"}, ids); diff != "" {
		t.Errorf("kept (-want +got):\n%s", diff)
	}
}

func loc(file string) source.Location { return source.Location{File: file} }

// TestContextAbsoluteAndRelative checks that a module given as a relative
// path, with its folder as absolute context (or the other way round), is
// read once: its finding is reported once, in the form the path was given.
func TestContextAbsoluteAndRelative(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string][]byte{
		"root/main.bicep":        []byte("module m 'mods/inside.bicep' = { name: 'm' }\n"),
		"root/mods/inside.bicep": backendBicep("x"),
	})
	t.Chdir(dir)
	abs := filepath.ToSlash(filepath.Join(dir, "root"))
	tests := []struct {
		paths, context []string
		want           string
	}{
		{[]string{"root/mods/inside.bicep"}, []string{abs}, "root/mods/inside.bicep"},
		{[]string{abs + "/mods/inside.bicep"}, []string{"root"}, abs + "/mods/inside.bicep"},
		{[]string{"root/mods/inside.bicep"}, []string{"root"}, "root/mods/inside.bicep"},
	}
	for _, tt := range tests {
		res, err := Check(context.Background(), Options{Paths: tt.paths, Context: tt.context})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, fmt.Sprintf("%s:%d %s", f.Loc.File, f.Loc.Start.Line, f.Rule))
		}
		if want := []string{tt.want + ":3 backend-https"}; !slices.Equal(got, want) {
			t.Errorf("paths %v, context %v: got %q, want %q", tt.paths, tt.context, got, want)
		}
	}
}
