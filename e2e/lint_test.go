package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestWorkflowLint lints the README's workflow, with the action of this
// checkout in place of the published one, with actionlint: it checks the
// inputs the workflow gives and the outputs it reads against action.yml.
func TestWorkflowLint(t *testing.T) {
	actionlint := tool(t, "actionlint", filepath.Join(goBin(t), "actionlint"))
	dir := t.TempDir()
	copyFile(t, filepath.Join(root, "action.yml"), filepath.Join(dir, "action.yml"), 0o644)
	workflow := strings.Replace(readmeBlock(t, "GitHub Action", "yaml", 0), "uses: "+actionRef, "uses: ./", 1)
	writeFile(t, filepath.Join(dir, ".github", "workflows", "apimlint.yml"), workflow, 0o644)
	run(t, dir, nil, actionlint, "-no-color", filepath.Join(".github", "workflows", "apimlint.yml"))
}

// TestShellScripts runs shellcheck over the project's scripts and over the
// bash steps of action.yml, which run on Linux, macOS and Windows runners.
func TestShellScripts(t *testing.T) {
	shellcheck := tool(t, "shellcheck", "shellcheck")
	run(t, root, nil, shellcheck, "scripts/test", "scripts/install-tools", "scripts/bench", ".ci/run")

	dir := t.TempDir()
	for i, step := range readAction(t).Runs.Steps {
		if step.Run == "" {
			continue
		}
		// Expressions are replaced by the runner before bash sees the script.
		if strings.Contains(step.Run, "${{") {
			t.Errorf("step %d of action.yml puts an expression in its script: pass it through env", i+1)
		}
		name := filepath.Join(dir, "step"+string(rune('0'+i))+".sh")
		writeFile(t, name, "#!/usr/bin/env bash\n# As the runner runs shell: bash.\nset -eo pipefail\n"+step.Run, 0o644)
		run(t, dir, nil, shellcheck, name)
	}
}
