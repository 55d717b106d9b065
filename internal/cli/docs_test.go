package cli

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/apimlint/apimlint/internal/engine"
	"github.com/apimlint/apimlint/internal/lint"
)

// docsDir holds one page per rule and the generated index.
const docsDir = "../../docs/rules"

// noExamples lists the pages that may have no examples, with the reason.
var noExamples = map[string]string{
	"input-unreadable": "about the file system: an unreadable file cannot be written into a page",
}

// TestRuleDocs fails when the rule documentation and the rules drift apart:
// every rule (built-in, and those apimlint reports with itself) has a page
// its METADATA links to, no page is left without a rule, the index is what
// apimlint rules --format markdown writes, and each page's failing example
// produces the rule while its passing example does not.
func TestRuleDocs(t *testing.T) {
	eng, err := engine.New(context.Background(), engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rules := allRules(eng)

	var index bytes.Buffer
	if err := rulesMarkdown(&index, rules); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(docsDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), index.String()); diff != "" {
		t.Errorf("docs/rules/README.md is stale: run apimlint rules --format markdown > docs/rules/README.md\n%s", diff)
	}

	pages, err := filepath.Glob(filepath.Join(docsDir, "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.ID)
		if url := "https://github.com/apimlint/apimlint/blob/main/docs/rules/" + r.ID + ".md"; r.DocURL != url {
			t.Errorf("%s: METADATA doc link is %q, want %q", r.ID, r.DocURL, url)
		}
	}
	for _, p := range pages {
		if id := strings.TrimSuffix(filepath.Base(p), ".md"); id != "README" && !slices.Contains(ids, id) {
			t.Errorf("docs/rules/%s.md documents no rule", id)
		}
	}

	for _, r := range rules {
		t.Run(r.ID, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(docsDir, r.ID+".md"))
			if err != nil {
				t.Fatalf("rule %s has no page: %v", r.ID, err)
			}
			page := string(b)
			if !strings.HasPrefix(page, "# "+r.ID+"\n") {
				t.Errorf("page does not start with # %s", r.ID)
			}
			for _, h := range []string{"## What it checks", "## Why it matters", "## How to fix", "## Options"} {
				if !strings.Contains(page, "\n"+h+"\n") {
					t.Errorf("page has no %q section", h)
				}
			}
			fail, pass := examples(t, page, "## Failing example"), examples(t, page, "## Passing example")
			if _, ok := noExamples[r.ID]; ok {
				return
			}
			if len(fail) == 0 || len(pass) == 0 {
				t.Fatal("page needs a failing and a passing example, code blocks marked file=PATH")
			}
			if got := ruleFindings(t, eng, fail, r.ID); got == 0 {
				t.Errorf("the failing example does not produce %s", r.ID)
			}
			if got := ruleFindings(t, eng, pass, r.ID); got != 0 {
				t.Errorf("the passing example produces %d findings of %s", got, r.ID)
			}
		})
	}
}

// fence opens a code block that is an example file: ```xml file=PATH.
var fence = regexp.MustCompile("(?m)^```[a-z]* file=(\\S+)\n")

// examples returns the files of one example section: paths to contents.
func examples(t *testing.T, page, heading string) map[string]string {
	t.Helper()
	i := strings.Index(page, "\n"+heading+"\n")
	if i < 0 {
		return nil
	}
	section := page[i+len(heading)+2:]
	if j := strings.Index(section, "\n## "); j >= 0 {
		section = section[:j]
	}
	files := map[string]string{}
	for _, m := range fence.FindAllStringSubmatchIndex(section, -1) {
		name, err := url.PathUnescape(section[m[2]:m[3]])
		if err != nil {
			t.Fatal(err)
		}
		body := section[m[1]:]
		end := strings.Index(body, "\n```")
		if end < 0 {
			t.Fatalf("%s: code block of %s does not end", heading, name)
		}
		files[name] = body[:end+1]
	}
	return files
}

// ruleFindings checks the files as one estate and counts the findings of
// rule, suppressed ones included.
func ruleFindings(t *testing.T, eng *engine.Engine, files map[string]string, rule string) int {
	t.Helper()
	dir := t.TempDir()
	files[".git/HEAD"] = "ref: refs/heads/main\n"
	writeFiles(t, dir, files)
	res, err := lint.Check(context.Background(), lint.Options{Paths: []string{"."}, Dir: dir, Engine: eng, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range res.Findings {
		if f.Rule == rule {
			n++
		}
	}
	return n
}
