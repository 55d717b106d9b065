package cli

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// paramsBicep declares a backend whose url is a parameter with an https
// default: only a parameter value of http:// gives backend-https.
const paramsBicep = `param backendUrl string = 'https://func.azurewebsites.net/api'

resource apim 'Microsoft.ApiManagement/service@2022-08-01' existing = {
  name: 'apim'
}

resource backend 'Microsoft.ApiManagement/service/backends@2022-08-01' = {
  parent: apim
  name: 'func'
  properties: { protocol: 'http', url: backendUrl }
}
`

// paramsARM is the same backend as an ARM template.
const paramsARM = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"backendUrl": {"type": "string", "defaultValue": "https://func.azurewebsites.net/api"}},
  "resources": [{
    "type": "Microsoft.ApiManagement/service/backends",
    "apiVersion": "2022-08-01",
    "name": "apim/func",
    "properties": {"protocol": "http", "url": "[parameters('backendUrl')]"}
  }]
}
`

func armParams(url string) string {
	return `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0", "parameters": {"backendUrl": {"value": "` + url + `"}}}
`
}

var findingLine = regexp.MustCompile(`^(\S+:\d+:\d+): (\w+): .*\[([a-z0-9-]+)\]$`)

// findingsOf returns "file:line:col severity rule" for each finding line.
func findingsOf(out string) []string {
	var got []string
	for _, l := range strings.Split(out, "\n") {
		if m := findingLine.FindStringSubmatch(l); m != nil {
			got = append(got, m[1]+" "+m[2]+" "+m[3])
		}
	}
	return got
}

// TestConfigParametersFillTemplates checks the parameters key of
// .apimlint.yaml: the first entry whose glob matches a template fills it,
// ARM parameter files in order (the last value wins) and in place of the
// sibling <name>.parameters.json; a .bicepparam named for a Bicep template
// is read with it even when only the template is checked; --parameters
// still wins; a .bicepparam named for an ARM template is a note. A finding
// on a value a parameter file gives is reported where the value is written.
func TestConfigParametersFillTemplates(t *testing.T) {
	const insecure = "http://func.azurewebsites.net/api"
	const secure = "https://func.azurewebsites.net/api"
	files := map[string]string{
		"infra/bicep/main.bicep":         paramsBicep,
		"infra/arm/main.json":            paramsARM,
		"infra/arm/main.parameters.json": armParams(secure),
		"env/prod.json":                  armParams(insecure),
		"env/prod-fix.json":              armParams(secure),
		"env/app.bicepparam":             "using '../infra/app/app.bicep'\n\nparam backendUrl = '" + insecure + "'\n",
		"infra/app/app.bicep":            paramsBicep,
		"infra/legacy/old.json":          paramsARM,
		"env/broken.json":                `{"parameters": {"backendUrl": {"value": "http://x"}`,
	}
	tests := []struct {
		name   string
		config string
		args   []string
		want   []string
	}{
		{"no entries: defaults and the sibling file", "", []string{"infra"}, nil},
		{"an ARM file fills a Bicep template", "parameters:\n  - template: infra/bicep/*.bicep\n    files: [env/prod.json]\n",
			[]string{"infra/bicep"}, []string{"env/prod.json:2:71 error backend-https"}},
		{"the last file wins", "parameters:\n  - template: infra/arm/main.json\n    files: [env/prod.json, env/prod-fix.json]\n",
			[]string{"infra/arm"}, nil},
		{"the entry replaces the sibling file", "parameters:\n  - template: infra/arm/main.json\n    files: [env/prod-fix.json, env/prod.json]\n",
			[]string{"infra/arm"}, []string{"env/prod.json:2:71 error backend-https"}},
		{"the first matching entry", "parameters:\n  - template: infra/**/main.json\n    files: [env/prod-fix.json]\n" +
			"  - template: infra/arm/main.json\n    files: [env/prod.json]\n", []string{"infra/arm"}, nil},
		{"a .bicepparam outside the checked path", "parameters:\n  - template: infra/app/app.bicep\n    files: env/app.bicepparam\n",
			[]string{"infra/app/app.bicep"}, []string{"env/app.bicepparam:3:20 error backend-https"}},
		{"a .bicepparam outside the checked path, in a pre-commit run", "parameters:\n  - template: infra/app/app.bicep\n    files: env/app.bicepparam\n",
			[]string{"--context", ".", "infra/app/app.bicep"}, []string{"env/app.bicepparam:3:20 error backend-https"}},
		{"a .bicepparam that is not there", "parameters:\n  - template: infra/app/app.bicep\n    files: env/gone.bicepparam\n",
			[]string{"infra/app/app.bicep"}, []string{"env/gone.bicepparam:1:1 error input-unreadable"}},
		{"--parameters wins", "parameters:\n  - template: infra/arm/main.json\n    files: [env/prod.json]\n",
			[]string{"--parameters", "env/prod-fix.json", "infra/arm"}, nil},
		{"a broken parameter file is reported at its fault", "parameters:\n  - template: infra/arm/main.json\n    files: [env/broken.json]\n",
			[]string{"infra/arm"}, []string{"env/broken.json:1:52 error json-syntax"}},
		{"a .bicepparam cannot fill an ARM template", "parameters:\n  - template: infra/legacy/old.json\n    files: [env/app.bicepparam]\n",
			[]string{"infra/legacy"}, []string{"infra/legacy/old.json:1:1 note input-unreadable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := map[string]string{}
			for k, v := range files {
				fs[k] = v
			}
			if tt.config != "" {
				fs[".apimlint.yaml"] = tt.config
			}
			dir := writeTree(t, fs)
			out, errs, _ := runInRepo(t, dir, append([]string{"check", "--fail-level", "note"}, tt.args...)...)
			if got := findingsOf(out); !slices.Equal(got, tt.want) {
				t.Errorf("findings:\n got %q\nwant %q\nout:\n%s\nerr: %s", got, tt.want, out, errs)
			}
		})
	}
}

// TestConfigGlobsHoldFromAnyFolder checks that the globs of .apimlint.yaml
// (parameters templates, excludes, suppression paths) are relative to its
// folder whatever folder apimlint runs in and however the paths are given:
// from the repository, from a subfolder, and with an absolute path.
func TestConfigGlobsHoldFromAnyFolder(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".apimlint.yaml": "parameters:\n  - template: infra/main.json\n    files: [infra/prod.json]\n" +
			"exclude: [\"infra/legacy/**\"]\n" +
			"suppressions:\n  - rule: backend-https\n    path: \"infra/old/**\"\n    reason: retired soon\n",
		"infra/main.json":        paramsARM,
		"infra/prod.json":        armParams("http://func.azurewebsites.net/api"),
		"infra/legacy/main.json": strings.ReplaceAll(paramsARM, "https://", "http://"),
		"infra/old/main.json":    strings.ReplaceAll(paramsARM, "https://", "http://"),
	})
	abs := filepath.ToSlash(dir)
	tests := []struct {
		chdir string
		args  []string
		want  []string
	}{
		{".", []string{"infra"}, []string{"infra/prod.json:2:71 error backend-https"}},
		{"infra", []string{"."}, []string{"prod.json:2:71 error backend-https"}},
		// The suppression's path is not checked here: no unused-suppression.
		{"infra", []string{"main.json"}, []string{"prod.json:2:71 error backend-https"}},
		{".", []string{abs + "/infra"}, []string{"infra/prod.json:2:71 error backend-https"}},
	}
	for _, tt := range tests {
		out, errs, _ := runIn(t, filepath.Join(dir, tt.chdir), map[string]string{"NO_COLOR": "1"},
			append([]string{"check", "--fail-level", "note"}, tt.args...)...)
		if got := findingsOf(out); !slices.Equal(got, tt.want) {
			t.Errorf("-C %s check %v:\n got %q\nwant %q\nout:\n%s\nerr: %s", tt.chdir, tt.args, got, tt.want, out, errs)
		}
	}
}
