package e2e

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// hookRepoURL is how the README's pre-commit configuration names apimlint.
const hookRepoURL = "https://github.com/apimlint/apimlint"

// TestPreCommit runs Debian's pre-commit with apimlint's hook on a fixture
// repository: through `pre-commit try-repo`, then through the README's
// configuration on real commits, one clean and one that breaks a reference
// to a file the commit does not touch.
func TestPreCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: skipped with -short")
	}
	preCommit := tool(t, "pre-commit", "pre-commit")

	// The hook repository: this checkout, committed, as pre-commit clones it.
	hooks := t.TempDir()
	copyRepo(t, hooks)
	gitInit(t, hooks)
	rev := gitCommit(t, hooks, "apimlint")

	repo := t.TempDir()
	copyTree(t, filepath.Join("testdata", "estate"), filepath.Join(repo, "apiops"))
	config := readmeBlock(t, "pre-commit", "yaml", 0)
	if !strings.Contains(config, "  - repo: "+hookRepoURL+"\n    rev: main") {
		t.Fatalf("the README's configuration does not name %s at rev main:\n%s", hookRepoURL, config)
	}
	config = strings.Replace(config, hookRepoURL, hooks, 1)
	config = strings.Replace(config, "rev: main", "rev: "+rev, 1)
	writeFile(t, filepath.Join(repo, ".pre-commit-config.yaml"), config, 0o644)
	gitInit(t, repo)

	env := append(gitEnv[:len(gitEnv):len(gitEnv)],
		"PRE_COMMIT_HOME="+t.TempDir(),
		"PRE_COMMIT_COLOR=never",
		// Build the hook from the module cache and the build cache this
		// test run already has, whatever folder pre-commit builds it in,
		// with the flags of the action's and the Dockerfile's builds.
		"GOMODCACHE="+goEnv(t, "GOMODCACHE"),
		"GOFLAGS=-trimpath",
		"CGO_ENABLED=0",
	)
	const finding = `apiops/apis/orders/policy.xml:6:36: error: fragment-id "rate-limits" does not ` +
		`name a policy fragment of this service; declared fragments: "msi-auth" [fragment-exists]`

	run(t, repo, env, "git", "add", "-A")
	t.Run("try-repo on a clean estate", func(t *testing.T) {
		out := run(t, repo, env, preCommit, "try-repo", hooks, "apimlint", "--all-files")
		expectLines(t, out, []string{"apimlint", "Passed"})
	})

	t.Run("clean commit", func(t *testing.T) {
		run(t, repo, env, preCommit, "install")
		out, err := runErr(repo, env, "git", "commit", "-m", "clean estate")
		if err != nil {
			t.Fatalf("git commit: %v\n%s", err, out)
		}
		expectLines(t, out, []string{"apimlint", "Passed"})
	})

	// The commit touches one policy; the fragment it names would be declared
	// in another file, which only --context brings in.
	copyTree(t, filepath.Join("testdata", "fail", "apis", "orders"), filepath.Join(repo, "apiops", "apis", "orders"))
	run(t, repo, env, "git", "restore", "apiops/apis/orders/operations")
	run(t, repo, env, "git", "add", "-A")

	t.Run("try-repo on the changed file", func(t *testing.T) {
		out, err := runErr(repo, env, preCommit, "try-repo", hooks, "apimlint",
			"--files", "apiops/apis/orders/policy.xml")
		if exitStatus(err) != 1 {
			t.Fatalf("pre-commit try-repo: %v, want exit status 1\n%s", err, out)
		}
		expectLines(t, out, []string{"Failed", "- exit code: 1", finding,
			"1 error, 0 warnings, 0 notes in 8 files"})
	})

	t.Run("failing commit", func(t *testing.T) {
		head := run(t, repo, env, "git", "rev-parse", "HEAD")
		out, err := runErr(repo, env, "git", "commit", "-m", "name a fragment that does not exist")
		if err == nil {
			t.Fatalf("git commit passed, want the hook to stop it:\n%s", out)
		}
		expectLines(t, out, []string{"Failed", "- exit code: 1", finding})
		if now := run(t, repo, env, "git", "rev-parse", "HEAD"); now != head {
			t.Errorf("HEAD moved from %s to %s: the commit went through", head, now)
		}
	})
}

// exitStatus returns a finished command's exit status, -1 when it did not
// run or was killed.
func exitStatus(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

// goEnv returns a go env variable.
func goEnv(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}
