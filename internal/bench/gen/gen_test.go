package gen

import (
	"bytes"
	"encoding/xml"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var tiny = Options{Seed: 1, APIs: 3, Operations: 2, Products: 2, Backends: 2, NamedValues: 5,
	Fragments: 1, APIsPerModule: 2}

// count returns the files under dir by extension.
func count(t *testing.T, dir string) map[string]int {
	t.Helper()
	n := map[string]int{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n[filepath.Ext(p)]++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAPIOpsCounts(t *testing.T) {
	dir := t.TempDir()
	st, err := APIOps(dir, tiny)
	if err != nil {
		t.Fatal(err)
	}
	// Policies: global 1, fragment 1, products 2, APIs 3, operations 3*2.
	// JSON: fragment 1, named values 5, backends 2, products 2, APIs 3,
	// product-API links 3.
	want := map[string]int{".xml": 13, ".json": 16}
	got := count(t, dir)
	if len(got) != len(want) || got[".xml"] != want[".xml"] || got[".json"] != want[".json"] {
		t.Errorf("files by extension = %v, want %v", got, want)
	}
	if st.Files != 29 || st.Policies != 13 || st.Modules != 0 {
		t.Errorf("stats = %+v, want 29 files, 13 policies, 0 modules", st)
	}
}

func TestBicepCounts(t *testing.T) {
	dir := t.TempDir()
	st, err := Bicep(dir, tiny)
	if err != nil {
		t.Fatal(err)
	}
	// main.bicep, main.bicepparam and 2 modules of 2 and 1 APIs; the same
	// 13 policies as the APIOps layout.
	want := map[string]int{".xml": 13, ".bicep": 3, ".bicepparam": 1}
	got := count(t, dir)
	for ext, n := range want {
		if got[ext] != n {
			t.Errorf("%s files = %d, want %d", ext, got[ext], n)
		}
	}
	if st.Files != 17 || st.Modules != 4 {
		t.Errorf("stats = %+v, want 17 files, 4 Bicep files", st)
	}
	main, err := os.ReadFile(filepath.Join(dir, "main.bicep"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(main), "module apis"); got != 2 {
		t.Errorf("main.bicep calls %d modules, want 2", got)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if _, err := APIOps(a, tiny); err != nil {
		t.Fatal(err)
	}
	if _, err := APIOps(b, tiny); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join("apis", "api-0002", "policy.xml")
	x, _ := os.ReadFile(filepath.Join(a, p))
	y, _ := os.ReadFile(filepath.Join(b, p))
	if len(x) == 0 || string(x) != string(y) {
		t.Errorf("same seed gave different %s", p)
	}
}

// TestStrictIsXML checks that every policy of the strict variant but the
// planted broken one is XML that encoding/xml reads to the end.
func TestStrictIsXML(t *testing.T) {
	dir := t.TempDir()
	opts := tiny
	opts.APIs = 50
	opts.Strict = true
	if _, err := APIOps(dir, opts); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || filepath.Ext(p) != ".xml" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil || string(b) == brokenPolicy {
			return err
		}
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				t.Errorf("%s: %v", p, err)
				return nil
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestStrictXML(t *testing.T) {
	in := `<when condition="@(a.Get("x") < 3 && b)"><value>@{ return "<b>"; }</value></when>`
	want := `<when condition="@(a.Get(&quot;x&quot;) &lt; 3 &amp;&amp; b)"><value>@{ return &quot;&lt;b&gt;&quot;; }</value></when>`
	if got := strictXML(in); got != want {
		t.Errorf("strictXML =\n%s\nwant\n%s", got, want)
	}
}

// TestTokens: with Tokens every API policy validates the caller's token and
// then obtains a managed-identity token; every other file is the same.
func TestTokens(t *testing.T) {
	plain, tokens := t.TempDir(), t.TempDir()
	with := tiny
	with.Tokens = true
	if _, err := APIOps(plain, tiny); err != nil {
		t.Fatal(err)
	}
	if _, err := APIOps(tokens, with); err != nil {
		t.Fatal(err)
	}
	apis := 0
	err := filepath.WalkDir(plain, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(plain, p)
		a, _ := os.ReadFile(p)
		b, err := os.ReadFile(filepath.Join(tokens, rel))
		if err != nil {
			return err
		}
		isAPI := strings.HasPrefix(rel, "apis/") && !strings.Contains(rel, "/operations/") && filepath.Base(rel) == "policy.xml"
		switch {
		case isAPI:
			apis++
			if !bytes.Contains(b, []byte("<validate-jwt header-name=\"Authorization\"")) ||
				!bytes.Contains(b, []byte("<authentication-managed-identity")) || bytes.Contains(a, []byte("<validate-jwt")) {
				t.Errorf("%s: want the validation and the token with Tokens only:\n%s", rel, b)
			}
		case !bytes.Equal(a, b):
			t.Errorf("%s differs with Tokens", rel)
		}
		return nil
	})
	if err != nil || apis != tiny.APIs {
		t.Fatalf("walk: %v, %d API policies, want %d", err, apis, tiny.APIs)
	}
}
