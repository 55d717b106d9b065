package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// root is the repository's top folder, seen from this package.
const root = ".."

// tool finds an external program for an end-to-end test. scripts/install-tools
// (run by scripts/test) installs them and names them in APIMLINT_<NAME>, or
// says in APIMLINT_<NAME>_MISSING why it could not: then the test skips,
// loudly. A test run by scripts/test (APIMLINT_E2E set) fails when the
// installer did not say either. Run alone, a test uses the program found
// in fallback or skips.
func tool(t *testing.T, name string, fallback ...string) string {
	t.Helper()
	key := "APIMLINT_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
	if p := os.Getenv(key); p != "" {
		return p
	}
	if reason := os.Getenv(key + "_MISSING"); reason != "" {
		t.Skipf("SKIPPED: %s could not be installed here: %s", name, reason)
	}
	if os.Getenv("APIMLINT_E2E") != "" {
		t.Fatalf("APIMLINT_E2E is set but neither %s nor %s_MISSING: scripts/install-tools did not run", key, key)
	}
	for _, p := range fallback {
		if _, err := os.Stat(p); err == nil {
			return p
		}
		if p, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	t.Skipf("SKIPPED: %s is not installed: run ./scripts/test, or source scripts/install-tools first", name)
	return ""
}

// goBin is where go install puts programs.
func goBin(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOPATH").Output()
	if err != nil {
		t.Fatalf("go env GOPATH: %v", err)
	}
	return filepath.Join(strings.TrimSpace(strings.SplitN(string(out), string(os.PathListSeparator), 2)[0]), "bin")
}

// readmeBlock returns the n-th (from 0) fenced code block of language lang
// in the README section headed "## title".
func readmeBlock(t *testing.T, title, lang string, n int) string {
	t.Helper()
	section := readmeSection(t, title)
	blocks := regexp.MustCompile("(?ms)^```"+regexp.QuoteMeta(lang)+"\n(.*?)^```$").FindAllStringSubmatch(section, -1)
	if n >= len(blocks) {
		t.Fatalf("README.md section %q has %d ```%s blocks, want at least %d", title, len(blocks), lang, n+1)
	}
	return blocks[n][1]
}

// run runs a command in dir and returns its combined output; it fails the
// test when the command fails.
func run(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	out, err := runErr(dir, env, name, args...)
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}

// runErr runs a command in dir with env added to the environment.
func runErr(dir string, env []string, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// gitEnv makes commits reproducible and independent of the user's git setup.
var gitEnv = []string{
	"GIT_AUTHOR_NAME=apimlint", "GIT_AUTHOR_EMAIL=apimlint@example.com",
	"GIT_COMMITTER_NAME=apimlint", "GIT_COMMITTER_EMAIL=apimlint@example.com",
	"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
}

// gitInit makes dir a git repository on branch main.
func gitInit(t *testing.T, dir string) {
	t.Helper()
	run(t, dir, gitEnv, "git", "init", "-q", "-b", "main")
}

// gitCommit commits everything in dir and returns the commit.
func gitCommit(t *testing.T, dir, msg string) string {
	t.Helper()
	run(t, dir, gitEnv, "git", "add", "-A")
	run(t, dir, gitEnv, "git", "commit", "-q", "--no-verify", "-m", msg)
	return strings.TrimSpace(run(t, dir, gitEnv, "git", "rev-parse", "HEAD"))
}

// copyRepo copies apimlint's own files (those git tracks, as in the working
// tree, and new ones it does not ignore) to dir.
func copyRepo(t *testing.T, dir string) {
	t.Helper()
	files := run(t, root, nil, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	for _, f := range strings.Split(strings.TrimRight(files, "\x00"), "\x00") {
		src := filepath.Join(root, filepath.FromSlash(f))
		info, err := os.Lstat(src)
		if err != nil || !info.Mode().IsRegular() {
			continue // deleted in the working tree, or not a plain file
		}
		copyFile(t, src, filepath.Join(dir, filepath.FromSlash(f)), info.Mode().Perm())
	}
}

// copyTree copies the files under src into dst, replacing those there.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		copyFile(t, p, filepath.Join(dst, rel), 0o644)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, src, dst string, perm os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dst, string(b), perm)
}

func writeFile(t *testing.T, path, content string, perm os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), perm); err != nil {
		t.Fatal(err)
	}
}
