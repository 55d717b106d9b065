package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/apimlint/apimlint/internal/finding"
)

func TestParseFull(t *testing.T) {
	src := `# house settings
custom-rules: [house-rules]
fail-level: warning
include: ["apim/**"]
exclude:
  - "**/legacy/**"
rules:
  backend-https: off
  api-https-only: error
  named-value-exists:
    enabled: false
  mi-resource-matches-easyauth:
    severity: warning
    params:
      extra-audiences: ["api://gateway"]
parameters:
  - template: infra/main.json
    files: [infra/main.prod.json]
  - template: "infra/*.bicep"
    files: infra/prod.bicepparam
suppressions:
  - rule: backend-https
    path: "apim/legacy/**"
    resource: legacy-backend
    reason: retired in Q3
    expires: 2027-01-31
`
	c, err := Parse([]byte(src), ".apimlint.yaml", "/repo")
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Path: ".apimlint.yaml", Dir: "/repo",
		CustomRules: []string{filepath.Join("/repo", "house-rules")},
		FailLevel:   finding.Warning,
		Include:     []string{"apim/**"},
		Exclude:     []string{"**/legacy/**"},
		Rules: map[string]*Rule{
			"backend-https":      {ID: "backend-https", Disabled: true, Pos: Pos{8, 3}},
			"api-https-only":     {ID: "api-https-only", Severity: finding.Error, Pos: Pos{9, 3}},
			"named-value-exists": {ID: "named-value-exists", Disabled: true, Pos: Pos{10, 3}},
			"mi-resource-matches-easyauth": {ID: "mi-resource-matches-easyauth", Severity: finding.Warning,
				Params: map[string]any{"extra-audiences": []any{"api://gateway"}}, Pos: Pos{12, 3}},
		},
		Parameters: []Parameters{
			{Template: "infra/main.json", Files: []string{"infra/main.prod.json"}, Pos: Pos{17, 5}},
			{Template: "infra/*.bicep", Files: []string{"infra/prod.bicepparam"}, Pos: Pos{19, 5}},
		},
		Suppressions: []*Suppression{{Rule: "backend-https", Path: "apim/legacy/**", Resource: "legacy-backend",
			Reason: "retired in Q3", Expires: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC), Pos: Pos{22, 5}}},
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown top key", "fail-level: error\nrulez:\n  x: off\n",
			`.apimlint.yaml:2:1: unknown key "rulez" (did you mean "rules"?)`},
		{"unknown nested key", "rules:\n  backend-https:\n    severty: error\n",
			`.apimlint.yaml:3:5: unknown key "severty" (did you mean "severity"?)`},
		{"unknown key far from any", "rules:\n  backend-https:\n    colour: red\n",
			`.apimlint.yaml:3:5: unknown key "colour" (known keys: enabled, params, severity)`},
		{"bad severity", "fail-level: fatal\n",
			`.apimlint.yaml:1:13: fail-level: unknown severity "fatal" (want error, warning or note)`},
		{"bad rule value", "rules:\n  backend-https: maybe\n",
			`.apimlint.yaml:2:18: rules.backend-https: "maybe" is not off, on or a severity (error, warning, note)`},
		{"no reason", "suppressions:\n  - rule: backend-https\n    path: a/**\n",
			`.apimlint.yaml:2:5: the suppression of backend-https needs a reason: say why the finding is accepted`},
		{"bad date", "suppressions:\n  - rule: x\n    reason: y\n    expires: soon\n",
			`.apimlint.yaml:4:14: expires: "soon" is not a date such as 2027-01-31`},
		{"not a mapping", "- a\n- b\n",
			`.apimlint.yaml:1:1: the configuration must be a mapping of keys to values, found a list`},
		{"duplicate", "include: [a]\ninclude: [b]\n",
			`.apimlint.yaml:2:1: invalid YAML: mapping key "include" already defined at [1:1]`},
		{"bad glob", "exclude: ['a/[']\n",
			`.apimlint.yaml:1:11: exclude: "a/[" is not a valid glob`},
		{"enabled not bool", "rules:\n  x:\n    enabled: nope\n",
			`.apimlint.yaml:3:14: rules.x.enabled must be true or false, found a string`},
		{"parameters without files", "parameters:\n  - template: main.json\n",
			`.apimlint.yaml:2:5: a parameters entry needs files (parameter files or a .bicepparam)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src), ".apimlint.yaml", "/repo")
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v\nwant  %s", err, tt.want)
			}
		})
	}
}

func TestParseSyntaxErrorHasPosition(t *testing.T) {
	_, err := Parse([]byte("rules:\n  a: [b\n"), "c.yaml", "/")
	es, ok := err.(Errors)
	if !ok || len(es) != 1 || es[0].Line != 2 {
		t.Fatalf("err = %#v, want one error on line 2", err)
	}
}

func TestEmptyFile(t *testing.T) {
	for _, src := range []string{"", "# nothing\n", "---\n"} {
		c, err := Parse([]byte(src), "c.yaml", "/")
		if err != nil || len(c.Rules) != 0 || c.FailLevel != 0 {
			t.Errorf("Parse(%q) = %+v, %v; want an empty configuration", src, c, err)
		}
	}
}

func TestCheckRules(t *testing.T) {
	c, err := Parse([]byte("rules:\n  backend-https: off\n  nope: off\nsuppressions:\n  - rule: gone\n    reason: r\n"),
		"c.yaml", "/")
	if err != nil {
		t.Fatal(err)
	}
	err = c.CheckRules(func(id string) bool { return id == "backend-https" })
	want := "c.yaml:3:3: unknown rule \"nope\"\nc.yaml:5:5: suppression of unknown rule \"gone\""
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestFindStopsAtRepositoryRoot(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	deep := filepath.Join(repo, "a", "b")
	mkdir(t, deep)
	mkdir(t, filepath.Join(repo, ".git"))
	write(t, filepath.Join(root, FileName), "")

	if got, err := Find(deep); err != nil || got != "" {
		t.Errorf("Find above .git = %q, %v; want none", got, err)
	}
	write(t, filepath.Join(repo, "a", FileName), "")
	if got, _ := Find(deep); got != filepath.Join(repo, "a", FileName) {
		t.Errorf("Find = %q, want the file in a/", got)
	}
	write(t, filepath.Join(deep, "policy.xml"), "")
	if got, _ := Find(filepath.Join(deep, "policy.xml")); got != filepath.Join(repo, "a", FileName) {
		t.Errorf("Find from a file = %q, want the file in a/", got)
	}
}

// TestMatch checks that a glob of the configuration file matches a path
// relative to the file's folder, whether the path is given relative to the
// folder apimlint runs in (the repository, a subfolder, -C) or absolute.
func TestMatch(t *testing.T) {
	repo := t.TempDir()
	c := &Config{Dir: repo}
	abs := filepath.Join(repo, "infra", "main.json")
	tests := []struct {
		glob, shown, dir string
		want             bool
	}{
		{"infra/main.json", "infra/main.json", repo, true},
		{"./infra/main.json", "infra/main.json", repo, true},
		{"infra/main.json", abs, "", true},
		{"infra/*.json", "main.json", filepath.Join(repo, "infra"), true},
		{"infra/**", "../infra/main.json", filepath.Join(repo, "apis"), true},
		{"apis/**", "infra/main.json", repo, false},
		{"**/main.json", filepath.Join(filepath.Dir(repo), "main.json"), "", false}, // outside the folder
	}
	for _, tt := range tests {
		if got := c.Match(tt.glob, filepath.ToSlash(tt.shown), tt.dir); got != tt.want {
			t.Errorf("Match(%q, %q, %q) = %v, want %v", tt.glob, tt.shown, tt.dir, got, tt.want)
		}
	}
}

func TestExpired(t *testing.T) {
	s := &Suppression{Expires: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)}
	if s.Expired(time.Date(2027, 1, 31, 23, 0, 0, 0, time.UTC)) {
		t.Error("expired on its last day")
	}
	if !s.Expired(time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)) {
		t.Error("not expired the day after")
	}
}

func mkdir(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
