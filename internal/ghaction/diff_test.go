package ghaction

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseDiff(t *testing.T) {
	const diff = `diff --git a/apis/orders/policy.xml b/apis/orders/policy.xml
index 1111111..2222222 100644
--- a/apis/orders/policy.xml
+++ b/apis/orders/policy.xml
@@ -2,0 +3,2 @@ <policies>
+    <base />
+    <set-header name="x" />
@@ -10 +12 @@ <outbound>
-    <a />
+    <b />
@@ -20,3 +21,0 @@
-    <c />
-    <d />
-    <e />
diff --git a/old.xml b/old.xml
deleted file mode 100644
--- a/old.xml
+++ /dev/null
@@ -1,2 +0,0 @@
-<policies>
-</policies>
diff --git "a/named values/k\tv/x.json" "b/named values/k\tv/x.json"
new file mode 100644
--- /dev/null
+++ "b/named values/k\tv/x.json"	
@@ -0,0 +1,3 @@
+{
+}
+
diff --git a/top.xml b/top.xml
--- a/top.xml
+++ b/top.xml
@@ -1 +0,0 @@
-<!-- gone -->
diff --git a/mode.sh b/mode.sh
old mode 100644
new mode 100755
`
	root := filepath.FromSlash("/repo")
	c, err := parseDiff(strings.NewReader(diff), root)
	if err != nil {
		t.Fatal(err)
	}
	at := func(p string) string { return filepath.Join(root, filepath.FromSlash(p)) }
	for _, tc := range []struct {
		path     string
		from, to int
		want     bool
	}{
		{"apis/orders/policy.xml", 3, 3, true},
		{"apis/orders/policy.xml", 4, 4, true},
		{"apis/orders/policy.xml", 5, 11, false},
		{"apis/orders/policy.xml", 1, 2, false},
		{"apis/orders/policy.xml", 12, 12, true},
		{"apis/orders/policy.xml", 13, 20, false},
		{"apis/orders/policy.xml", 21, 21, true}, // lines 21 and 22 meet where three were deleted
		{"apis/orders/policy.xml", 22, 30, true},
		{"apis/orders/policy.xml", 23, 30, false},
		{"apis/orders/policy.xml", 0, 0, true}, // the file as a whole
		{"apis/orders/policy.xml", 1, 100, true},
		{"old.xml", 0, 0, false}, // deleted: nothing left to annotate
		{"named values/k\tv/x.json", 2, 2, true},
		{"named values/k\tv/x.json", 4, 4, false},
		{"top.xml", 1, 1, true}, // deleted at the top: line 1 borders the cut
		{"mode.sh", 0, 0, false},
		{"elsewhere.xml", 0, 0, false},
	} {
		if got := c.Touched(at(tc.path), tc.from, tc.to); got != tc.want {
			t.Errorf("Touched(%q, %d, %d) = %v, want %v", tc.path, tc.from, tc.to, got, tc.want)
		}
	}
	if n := c.Files(); n != 3 {
		t.Errorf("%d files touched, want 3", n)
	}
}

func TestParseDiffErrors(t *testing.T) {
	for _, diff := range []string{
		"+++ b/a.xml\n@@ -1 +x @@\n",
		"+++ c/a.xml\n",
		"+++ \"b/unterminated\n",
	} {
		if _, err := parseDiff(strings.NewReader(diff), "/repo"); err == nil {
			t.Errorf("parseDiff(%q) took a broken diff", diff)
		}
	}
}

// gitRepo makes a repository in a temporary folder with one commit holding
// files, and returns its folder (symlinks resolved) and the commit.
func gitRepo(t *testing.T, files map[string]string) (string, string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed for this test and is not on PATH")
	}
	dir := resolve(t.TempDir())
	run(t, dir, "git", "init", "-q", "-b", "main")
	write(t, dir, files)
	run(t, dir, "git", "add", "-A")
	run(t, dir, "git", "-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "-q", "-m", "base")
	return dir, strings.TrimSpace(run(t, dir, "git", "rev-parse", "HEAD"))
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func run(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

func TestDiffAgainstBranchPoint(t *testing.T) {
	dir, _ := gitRepo(t, map[string]string{
		"svc/apis/a/policy.xml": "<policies>\n  <inbound>\n  </inbound>\n</policies>\n",
		"svc/b.json":            "{}\n",
	})
	// The pull request adds a line to the policy; meanwhile main changes
	// b.json, which the diff must not count.
	run(t, dir, "git", "checkout", "-q", "-b", "feature")
	write(t, dir, map[string]string{"svc/apis/a/policy.xml": "<policies>\n  <inbound>\n    <base />\n  </inbound>\n</policies>\n"})
	run(t, dir, "git", "-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "-q", "-am", "pr")
	run(t, dir, "git", "checkout", "-q", "main")
	write(t, dir, map[string]string{"svc/b.json": "{\"x\": 1}\n"})
	run(t, dir, "git", "-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "-q", "-am", "main moves")
	run(t, dir, "git", "checkout", "-q", "feature")

	c, err := Diff(context.Background(), filepath.Join(dir, "svc"), "main")
	if err != nil {
		t.Fatal(err)
	}
	policy := filepath.Join(dir, "svc", "apis", "a", "policy.xml")
	if !c.Touched(policy, 3, 3) || c.Touched(policy, 1, 2) || c.Touched(policy, 4, 5) {
		t.Errorf("want only line 3 of the policy touched")
	}
	if c.Touched(filepath.Join(dir, "svc", "b.json"), 0, 0) {
		t.Errorf("a change made on main after the branch point counts as the pull request's")
	}

	// Uncommitted edits count: --changed-since compares the working tree.
	write(t, dir, map[string]string{"svc/b.json": "{\"y\": 2}\n"})
	if c, err = Diff(context.Background(), dir, "HEAD"); err != nil {
		t.Fatal(err)
	}
	if !c.Touched(filepath.Join(dir, "svc", "b.json"), 1, 1) {
		t.Errorf("an uncommitted edit is not seen")
	}
}

func TestDiffErrors(t *testing.T) {
	dir, _ := gitRepo(t, map[string]string{"a.xml": "<policies />\n"})
	for _, ref := range []string{"no-such-ref", "--output=/tmp/x", ""} {
		if _, err := Diff(context.Background(), dir, ref); err == nil {
			t.Errorf("Diff(%q) succeeded", ref)
		}
	}
	if _, err := Diff(context.Background(), resolve(t.TempDir()), "HEAD"); err == nil {
		t.Errorf("Diff outside a repository succeeded")
	}
}

// TestReportCIFromTheCheckedFolder ranks by changed lines when apimlint runs
// in the folder it checks, with no -C (Dir "" or "."), as the Action does: a
// relative folder used to match no changed line.
func TestReportCIFromTheCheckedFolder(t *testing.T) {
	dir, _ := gitRepo(t, map[string]string{"a.xml": "<policies>\n  <inbound>\n  </inbound>\n</policies>\n"})
	write(t, dir, map[string]string{"a.xml": "<policies>\n  <inbound>\n    <base />\n  </inbound>\n</policies>\n"})
	t.Chdir(dir)
	for _, d := range []string{"", "."} {
		ci, err := ReportCI(context.Background(), CIOptions{Getenv: func(string) string { return "" }, Dir: d,
			ChangedSince: "HEAD", Rank: true})
		if err != nil {
			t.Fatal(err)
		}
		if ci.Dir != dir {
			t.Errorf("Dir %q: CI.Dir = %q, want %q", d, ci.Dir, dir)
		}
		if ci.Changed == nil || !ci.Changed(filepath.Join(ci.Dir, "a.xml"), 3, 3) || ci.Changed(filepath.Join(ci.Dir, "a.xml"), 1, 2) {
			t.Errorf("Dir %q: line 3 of a.xml should be the only changed line", d)
		}
	}
}
