package discover

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWalkPlacesAPIOpsFiles walks an APIOps extractor folder beside loose
// and ignored files: every policy and information file gets its place
// (kind, workspace, names), revisions keep their ";rev=N" folder name, a
// loose policy file gets none, and .git, .gitignore'd and excluded paths
// are skipped.
func TestWalkPlacesAPIOpsFiles(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{
		".git/HEAD.xml",
		".gitignore",
		"ignored/policy.xml",
		"legacy/old.xml",
		"loose/policy.xml",
		"apim/policy.xml",
		"apim/apis/orders/policy.xml",
		"apim/apis/orders/apiInformation.json",
		"apim/apis/orders;rev=2/policy.xml",
		"apim/apis/orders;rev=2/operations/get/policy.xml",
		"apim/products/starter/policy.xml",
		"apim/products/starter/productInformation.json",
		"apim/products/starter/apis/orders/productApiInformation.json",
		"apim/backends/fn/backendInformation.json",
		"apim/named values/key/namedValueInformation.json",
		"apim/policy fragments/auth/policy.xml",
		"apim/policy fragments/auth/policyFragmentInformation.json",
		"apim/loggers/ai/loggerInformation.json",
		"apim/workspaces/team/policy.xml",
		"apim/workspaces/team/apis/inner/policy.xml",
	} {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		content := "<policies />"
		if p == ".gitignore" {
			content = "ignored/\n"
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, problems, err := Walk([]string{"."}, Options{Dir: root, Exclude: []string{"legacy/**"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Errorf("problems: %v", problems)
	}
	want := map[string]string{ // path: kind workspace names
		"loose/policy.xml":                                             "-",
		"apim/policy.xml":                                              "global-policy  ",
		"apim/apis/orders/policy.xml":                                  "api-policy  orders",
		"apim/apis/orders/apiInformation.json":                         "api-info  orders",
		"apim/apis/orders;rev=2/policy.xml":                            "api-policy  orders;rev=2",
		"apim/apis/orders;rev=2/operations/get/policy.xml":             "operation-policy  orders;rev=2,get",
		"apim/products/starter/policy.xml":                             "product-policy  starter",
		"apim/products/starter/productInformation.json":                "product-info  starter",
		"apim/products/starter/apis/orders/productApiInformation.json": "product-api-info  starter,orders",
		"apim/backends/fn/backendInformation.json":                     "backend-info  fn",
		"apim/named values/key/namedValueInformation.json":             "named-value-info  key",
		"apim/policy fragments/auth/policy.xml":                        "fragment-policy  auth",
		"apim/policy fragments/auth/policyFragmentInformation.json":    "fragment-info  auth",
		"apim/loggers/ai/loggerInformation.json":                       "other-info  ",
		"apim/workspaces/team/policy.xml":                              "workspace-policy team ",
		"apim/workspaces/team/apis/inner/policy.xml":                   "api-policy team inner",
	}
	got := map[string]string{}
	for _, f := range files {
		desc := "-"
		if pl := f.APIOps; pl != nil {
			desc = pl.Kind + " " + pl.Workspace + " " + strings.Join(pl.Names, ",")
			if pl.Root != "apim" || !pl.Complete {
				t.Errorf("%s: root %q complete %t, want apim, true", f.Path, pl.Root, pl.Complete)
			}
		}
		got[f.Path] = desc
	}
	for p, w := range want {
		if g, ok := got[p]; !ok {
			t.Errorf("%s: not found", p)
		} else if g != w {
			t.Errorf("%s: placed %q, want %q", p, g, w)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: walked, want it skipped", p)
		}
	}
}

// TestAbsInIsAbs gives what filepath.Abs gives, with the working directory
// looked up once.
func TestAbsInIsAbs(t *testing.T) {
	cwd, err := os.Getwd()
	if err != nil {
		t.Skip(err)
	}
	for _, p := range []string{".", "a/b", "./a/../b", "/x/y", "/x/../y", "a/", ""} {
		want, err1 := filepath.Abs(p)
		got, err2 := absIn(cwd, p)
		if got != want || (err1 == nil) != (err2 == nil) {
			t.Errorf("absIn(%q) = %q, %v; filepath.Abs gives %q, %v", p, got, err2, want, err1)
		}
	}
}

// TestUnreadGitignoreIsAProblem: a .gitignore the walk cannot read whole is
// reported, once, at the .gitignore, since the files it would ignore are
// checked; a long line is read.
func TestUnreadGitignoreIsAProblem(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".git/HEAD", "ref: refs/heads/main\n")
	write(".gitignore", strings.Repeat("x", 100_000)+"\nold.xml\n")
	write("sub/.gitignore", strings.Repeat("y", maxIgnoreLine+1)+"\nlater.xml\n")
	write("old.xml", "<policies />")
	write("sub/later.xml", "<policies />")
	files, problems, err := Walk([]string{".", "sub"}, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	if strings.Join(paths, " ") != "sub/later.xml" {
		t.Errorf("files = %v, want sub/later.xml alone (old.xml is ignored)", paths)
	}
	want := "sub/.gitignore: a line is longer than 1 MiB, so the files its later lines ignore are checked"
	if len(problems) != 1 || problems[0].Path+": "+problems[0].Err.Error() != want {
		t.Errorf("problems = %v, want one: %s", problems, want)
	}
	// The same folder given by two paths: still one problem.
	abs := filepath.Join(dir, "sub")
	if _, problems, _ := Walk([]string{"sub", abs}, Options{Dir: dir}); len(problems) != 1 {
		t.Errorf("problems = %v, want one", problems)
	}
}

// TestOutsideARelativeDir: with Dir given relative to the working directory,
// a path that leaves it is shown absolute, so that it reads the same file
// relative to Dir (a relative form would be read from inside Dir).
func TestOutsideARelativeDir(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"ng/sub", "ng/apiops"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "ng/apiops/policy.xml"), []byte("<policies />"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	files, problems, err := Walk([]string{"../apiops"}, Options{Dir: "ng/sub"})
	if err != nil || len(problems) > 0 || len(files) != 1 {
		t.Fatalf("Walk: %v, problems %v, files %v", err, problems, files)
	}
	want := filepath.ToSlash(filepath.Join(dir, "ng/apiops/policy.xml"))
	if files[0].Path != want {
		t.Errorf("path %q, want %q", files[0].Path, want)
	}
	if _, err := os.Stat(OSPath("ng/sub", files[0].Path)); err != nil {
		t.Errorf("the shown path does not read back from Dir: %v", err)
	}
}
