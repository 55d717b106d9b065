package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// actionYAML is the part of action.yml these tests read.
type actionYAML struct {
	Inputs  map[string]struct{ Default string } `yaml:"inputs"`
	Outputs map[string]struct{ Value string }   `yaml:"outputs"`
	Runs    struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

// actionStep is one step of the composite action.
type actionStep struct {
	ID  string            `yaml:"id"`
	Env map[string]string `yaml:"env"`
	Run string            `yaml:"run"`
}

func readAction(t *testing.T) actionYAML {
	t.Helper()
	var a actionYAML
	if err := yaml.Unmarshal([]byte(readFile(t, filepath.Join(root, "action.yml"))), &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return a
}

// TestActionInputsReachApimlint checks that every input of action.yml but
// those the composite steps use themselves is handed to `apimlint action`
// as the INPUT_ variable go-githubactions reads, and that every output comes
// from that step.
func TestActionInputsReachApimlint(t *testing.T) {
	a := readAction(t)
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using %q, want composite", a.Runs.Using)
	}
	i := slices.IndexFunc(a.Runs.Steps, func(s actionStep) bool { return s.ID == "run" })
	if i < 0 {
		t.Fatal("action.yml has no step with id run")
	}
	step := a.Runs.Steps[i]
	if step.Run != `"$APIMLINT" action` {
		t.Errorf("the run step runs %q, want \"$APIMLINT\" action", step.Run)
	}
	for name := range a.Inputs {
		if name == "working-directory" || name == "setup-go" {
			continue // used by the composite steps
		}
		key := "INPUT_" + strings.ToUpper(name)
		if got, want := step.Env[key], "${{ inputs."+name+" }}"; got != want {
			t.Errorf("the run step's %s = %q, want %q", key, got, want)
		}
	}
	for key := range step.Env {
		if name, ok := strings.CutPrefix(key, "INPUT_"); ok {
			if _, ok := a.Inputs[strings.ToLower(name)]; !ok {
				t.Errorf("the run step sets %s, but action.yml has no input %s", key, strings.ToLower(name))
			}
		}
	}
	for name, o := range a.Outputs {
		if want := "${{ steps.run.outputs." + name + " }}"; o.Value != want {
			t.Errorf("output %s = %q, want %q", name, o.Value, want)
		}
	}
}

// TestReadmeNamesActionInputsAndOutputs keeps the README's list of inputs
// and outputs in step with action.yml.
func TestReadmeNamesActionInputsAndOutputs(t *testing.T) {
	a := readAction(t)
	section := readmeSection(t, "GitHub Action")
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile("`([a-z][a-z-]*)`").FindAllStringSubmatch(section, -1) {
		documented[m[1]] = true
	}
	for name := range a.Inputs {
		if !documented[name] {
			t.Errorf("the README's GitHub Action section does not name input `%s`", name)
		}
	}
	for name := range a.Outputs {
		if !documented[name] {
			t.Errorf("the README's GitHub Action section does not name output `%s`", name)
		}
	}
}

// TestReadmePreCommitHook checks that the README's configuration names the
// hook .pre-commit-hooks.yaml declares, and that the hook is what the
// README says it is.
func TestReadmePreCommitHook(t *testing.T) {
	var hooks []struct {
		ID            string `yaml:"id"`
		Entry         string `yaml:"entry"`
		Language      string `yaml:"language"`
		Files         string `yaml:"files"`
		PassFilenames bool   `yaml:"pass_filenames"`
	}
	if err := yaml.Unmarshal([]byte(readFile(t, filepath.Join(root, ".pre-commit-hooks.yaml"))), &hooks); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	if len(hooks) != 1 {
		t.Fatalf("%d hooks, want 1", len(hooks))
	}
	h := hooks[0]
	if h.ID != "apimlint" || h.Entry != "apimlint check --context ." || h.Language != "golang" || !h.PassFilenames {
		t.Errorf("hook %+v: want id apimlint, entry apimlint check --context ., language golang, pass_filenames", h)
	}
	files := regexp.MustCompile(h.Files)
	for name, want := range map[string]bool{
		"apis/orders/policy.xml": true, "backends/b/backendInformation.json": true, "main.bicep": true,
		"main.bicepparam": true, "README.md": false, "policy.xml.bak": false, "main.bicep.txt": false,
	} {
		if got := files.MatchString(name); got != want {
			t.Errorf("files %q matches %s: %v, want %v", h.Files, name, got, want)
		}
	}
	if config := readmeBlock(t, "pre-commit", "yaml", 0); !strings.Contains(config, "      - id: "+h.ID+"\n") {
		t.Errorf("the README's configuration does not use hook %s:\n%s", h.ID, config)
	}
}

// readmeSection returns the text of the README section headed "## title".
func readmeSection(t *testing.T, title string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "\n## "+title+"\n")
	if start < 0 {
		t.Fatalf("README.md has no section %q", "## "+title)
	}
	section := text[start+1:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+4]
	}
	return section
}
