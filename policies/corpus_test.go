package policies

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/source"
)

// corpusDir holds the public sample files shared by all packages.
const corpusDir = "../../shared/corpus"

// brokenFiles are the corpus files with a real error, and the error (line,
// column, message) the parser must give first.
var brokenFiles = map[string]string{
	// A comment opened on line 1 is not closed before line 2 opens another:
	// the "--" of that "<!--" is the first "--" inside a comment.
	"apim-policies/policy-snippets/Filter response content based on product name.policy.xml": `2:3: "--" is not allowed inside a comment`,

	// Line 41 reads Variables["latlong="" and a line break: the C# string
	// ends there, and the brackets opened on lines 40-41 never close. This
	// sample was mangled upstream; APIM cannot compile it either.
	"apim-policies/policy-snippets/Call out to an HTTP endpoint and cache the response.policy.xml": `40:28: unterminated expression: expected "}" to close "@{", found end of input`,
}

// corpusFiles returns the corpus XML files by path relative to corpusDir.
func corpusFiles(tb testing.TB) map[string][]byte {
	tb.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		tb.Skipf("corpus not found at %s: %v", corpusDir, err)
	}
	files := map[string][]byte{}
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(path), ".xml") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(corpusDir, path)
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

func parseFile(path string, content []byte, format Format) (*Document, []Error) {
	return Parse(source.FileText(source.NewFile(path, content)), Options{Format: format})
}

func TestCorpusParses(t *testing.T) {
	files := corpusFiles(t)
	parsed := 0
	for path, content := range files {
		doc, errs := parseFile(path, content, Rawxml)
		if want, broken := brokenFiles[path]; broken {
			if len(errs) == 0 {
				t.Errorf("%s: no error, want %s", path, want)
			} else if got := fmt.Sprintf("%d:%d: %s", errs[0].Loc.Start.Line, errs[0].Loc.Start.Column, errs[0].Msg); got != want {
				t.Errorf("%s: first error %s, want %s", path, got, want)
			}
			continue
		}
		if len(errs) > 0 {
			t.Errorf("%s: %v", path, errs)
			continue
		}
		checkSlices(t, path, content, doc)
		parsed++
	}
	t.Logf("%d of %d corpus XML files parsed without error; %d known broken", parsed, len(files), len(brokenFiles))
	if parsed+len(brokenFiles) != len(files) {
		t.Errorf("parsed %d + broken %d != %d files", parsed, len(brokenFiles), len(files))
	}
}

// checkSlices checks that every location covers what it claims to in the
// file: a start tag, an end tag, an attribute name, and for a rawxml
// expression the exact bytes between the quotes.
func checkSlices(t *testing.T, path string, content []byte, doc *Document) {
	t.Helper()
	slice := func(l source.Location) string { return string(content[l.Start.Offset:l.End.Offset]) }
	for _, e := range doc.Elements {
		if s := slice(e.Loc); !strings.HasPrefix(s, "<"+e.Name) || !strings.HasSuffix(s, ">") {
			t.Errorf("%s: %s: start tag slice %q", path, e.Loc, s)
		}
		if s := slice(e.EndLoc); !e.SelfClosing && s != "</"+e.Name+">" {
			t.Errorf("%s: %s: end tag slice %q", path, e.EndLoc, s)
		}
		for _, a := range e.Attrs {
			if s := slice(a.NameLoc); s != a.Name {
				t.Errorf("%s: %s: attribute name slice %q, want %q", path, a.NameLoc, s, a.Name)
			}
			if s := slice(a.ValueLoc); s != a.Raw {
				t.Errorf("%s: %s: value slice %q, want %q", path, a.ValueLoc, s, a.Raw)
			}
		}
	}
}

// TestCorpusExpressionRoundTrip checks that every rawxml expression used as
// an attribute value decodes to exactly the bytes between its quotes.
func TestCorpusExpressionRoundTrip(t *testing.T) {
	files := corpusFiles(t)
	count := 0
	for path, content := range files {
		doc, _ := parseFile(path, content, Rawxml)
		for _, e := range doc.Elements {
			for _, a := range e.Attrs {
				if !a.Expr {
					continue
				}
				count++
				between := string(content[a.ValueLoc.Start.Offset:a.ValueLoc.End.Offset])
				if a.Value != between {
					t.Errorf("%s: %s: value %q, source %q", path, a.ValueLoc, a.Value, between)
				}
			}
		}
	}
	t.Logf("%d expression attribute values round-trip", count)
	if count == 0 {
		t.Error("no expression attributes found in the corpus")
	}
}
