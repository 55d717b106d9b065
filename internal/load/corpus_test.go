package load

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/estate"
)

const corpusDir = "../../../shared/corpus"

// TestCorpusJSON reads every .json file of the public corpus: none may give
// a tool error, every file must be recognised (or skipped with a reason),
// and for each ARM template the number of APIM policy declarations read
// must equal a count made independently from the raw JSON.
func TestCorpusJSON(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not found: %v", err)
	}
	files, problems, err := discover.Walk([]string{"."}, discover.Options{Dir: corpusDir})
	if err != nil {
		t.Fatal(err)
	}
	var jsonFiles []discover.File
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".json") {
			jsonFiles = append(jsonFiles, f)
		}
	}
	res := Load(jsonFiles, problems, Options{Dir: corpusDir})

	kinds := map[string]int{}
	for _, f := range res.Files {
		kinds[f.Kind]++
		if f.Kind == KindOther && f.Skipped == "" {
			t.Errorf("%s: not recognised and no reason given", f.Path)
		}
	}
	inputs := map[string]*estate.Input{}
	for _, in := range res.Inputs {
		inputs[in.Path] = in
		for _, d := range in.Diagnostics {
			if d.Rule == ReadErrorRule {
				t.Errorf("tool error: %s: %s", d.Loc, d.Message)
			}
		}
	}

	templates, policies := 0, 0
	for _, f := range res.Files {
		if f.Kind != KindTemplate {
			continue
		}
		templates++
		want := countPolicies(t, filepath.Join(corpusDir, f.Path))
		got := map[string]bool{}
		if in := inputs[f.Path]; in != nil {
			for _, r := range in.Resources {
				if isPolicyType(r.Type) {
					got[r.Loc.String()] = true
				}
			}
		}
		if len(got) != want {
			t.Errorf("%s: read %d policy declarations, the raw JSON holds %d", f.Path, len(got), want)
		}
		policies += want
	}
	t.Logf("%d JSON files: %d templates, %d parameter files, %d REST payloads, %d app manifests, "+
		"%d APIOps files, %d other; %d APIM policy declarations matched", len(jsonFiles), templates,
		kinds[KindParameters], kinds[KindRESTPayload], kinds[KindManifest], kinds["apiops-info"],
		kinds[KindOther], policies)
}

func isPolicyType(typ string) bool {
	t := strings.ToLower(typ)
	return strings.HasPrefix(t, "microsoft.apimanagement/") && strings.HasSuffix(t, "/policies")
}

// countPolicies counts the APIM policy declarations of a template by walking
// its raw JSON: nested children add their short type to the parent's, and
// inline templates of nested deployments count too.
func countPolicies(t *testing.T, path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(stripComments(b), &doc); err != nil {
		return 0 // json-syntax reports it; the reader finds nothing either
	}
	return countIn(field(doc, "resources"), "")
}

func countIn(resources any, parentType string) int {
	var list []any
	switch rs := resources.(type) {
	case []any:
		list = rs
	case map[string]any:
		for _, r := range rs {
			list = append(list, r)
		}
	}
	n := 0
	for _, r := range list {
		typ, _ := field(r, "type").(string)
		typ, _, _ = strings.Cut(typ, "@")
		if typ == "" {
			continue
		}
		if parentType != "" && !strings.Contains(typ, "/") {
			typ = parentType + "/" + typ
		}
		if isPolicyType(typ) {
			n++
		}
		n += countIn(field(r, "resources"), typ)
		if strings.EqualFold(typ, "Microsoft.Resources/deployments") {
			n += countIn(field(field(field(r, "properties"), "template"), "resources"), "")
		}
	}
	return n
}

// field returns a member of a JSON object, compared without case as ARM
// does.
func field(v any, key string) any {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	if x, ok := m[key]; ok {
		return x
	}
	for k, x := range m {
		if strings.EqualFold(k, key) {
			return x
		}
	}
	return nil
}

// stripComments blanks // and /* */ comments outside strings, which ARM
// allows and encoding/json does not.
func stripComments(b []byte) []byte {
	out := make([]byte, len(b))
	copy(out, b)
	inString := false
	for i := 0; i < len(out); i++ {
		c := out[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == '/' && i+1 < len(out) && out[i+1] == '/':
			for ; i < len(out) && out[i] != '\n'; i++ {
				out[i] = ' '
			}
		case c == '/' && i+1 < len(out) && out[i+1] == '*':
			j := i
			for ; j < len(out) && !(out[j] == '*' && j+1 < len(out) && out[j+1] == '/' && j > i+1); j++ {
				if out[j] != '\n' {
					out[j] = ' '
				}
			}
			for k := j; k < len(out) && k <= j+1; k++ {
				out[k] = ' '
			}
			i = j + 1
		}
	}
	return out
}
