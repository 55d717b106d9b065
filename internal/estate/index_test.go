package estate_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/apimlint/apimlint/internal/estate"
)

// TestNamedIndex looks elements up by the value of their name attribute, in
// lower case, as the header rules do.
func TestNamedIndex(t *testing.T) {
	dir := t.TempDir()
	policy := `<policies>
	<inbound>
		<set-header name="Authorization" exists-action="override"><value>x</value></set-header>
		<set-header name="X-Other" exists-action="delete" />
		<set-query-parameter name="code" exists-action="override"><value>y</value></set-query-parameter>
		<set-header exists-action="delete" />
		<set-header name="@((string)context.Variables[&quot;h&quot;])" exists-action="delete" />
	</inbound>
</policies>
`
	if err := os.WriteFile(filepath.Join(dir, "policy.xml"), []byte(policy), 0o644); err != nil {
		t.Fatal(err)
	}
	est := build(t, dir, ".")
	var id string
	for pid := range est.Policies {
		id = pid
	}
	ref := func(i int) []estate.ElementRef { return []estate.ElementRef{{Policy: id, Element: i}} }
	want := map[string]map[string][]estate.ElementRef{
		"set-header":          {"authorization": ref(2), "x-other": ref(4), estate.NamedExpression: ref(8)},
		"set-query-parameter": {"code": ref(5)},
	}
	got := est.Index.Named
	if len(got) != len(want) {
		t.Fatalf("Named = %v, want %v", got, want)
	}
	for el, names := range want {
		if len(got[el]) != len(names) {
			t.Errorf("Named[%s] = %v, want %v", el, got[el], names)
		}
		for name, refs := range names {
			if g := got[el][name]; len(g) != 1 || g[0] != refs[0] {
				t.Errorf("Named[%s][%s] = %v, want %v", el, name, g, refs)
			}
		}
	}
}

// TestComments: a policy keeps its XML comments in order, with the element
// each sits in and where it is written.
func TestComments(t *testing.T) {
	dir := t.TempDir()
	policy := "<!-- before -->\n<policies>\n  <inbound>\n    <!-- in <inbound> -->\n    <base />\n  </inbound>\n</policies>\n"
	if err := os.WriteFile(filepath.Join(dir, "policy.xml"), []byte(policy), 0o644); err != nil {
		t.Fatal(err)
	}
	est := build(t, dir, ".")
	for _, p := range est.Policies {
		want := []estate.Comment{
			{Text: " before ", Parent: -1, Loc: estate.Location{File: "policy.xml", Line: 1, Column: 1, EndLine: 1, EndColumn: 16}},
			{Text: " in <inbound> ", Parent: 1, Loc: estate.Location{File: "policy.xml", Line: 4, Column: 5, EndLine: 4, EndColumn: 26}},
		}
		if len(p.Comments) != len(want) {
			t.Fatalf("Comments = %+v, want %+v", p.Comments, want)
		}
		for i := range want {
			if p.Comments[i] != want[i] {
				t.Errorf("Comments[%d] = %+v, want %+v", i, p.Comments[i], want[i])
			}
		}
	}
}
