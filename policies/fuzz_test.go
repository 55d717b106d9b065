package policies

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/source"
)

// FuzzParse parses arbitrary bytes with both formats and checks that the
// result is consistent: positions inside the file, a well-formed tree,
// locations that cover what they claim. Seeds are the corpus XML files
// (when present), the files in testdata/seeds, and the regression inputs
// in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, content []byte, xmlFormat bool) {
		format := Rawxml
		if xmlFormat {
			format = XML
		}
		file := source.NewFile("f.xml", content)
		doc, errs := Parse(source.FileText(file), Options{Format: format})
		checkDocument(t, file, doc, errs)
		doc.Release()
		parsedAfterReuse(t, content, format)
	})
}

// fuzzSeeds returns the seed inputs in a fixed order.
func fuzzSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	if _, err := os.Stat(corpusDir); err == nil {
		files := corpusFiles(f)
		paths := make([]string, 0, len(files))
		for p := range files {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			seeds = append(seeds, files[p])
		}
	}
	local, err := filepath.Glob("testdata/seeds/*.xml")
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range local {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	return seeds
}

// checkDocument checks the invariants every parse result must hold.
func checkDocument(t *testing.T, file *source.File, doc *Document, errs []Error) {
	t.Helper()
	content := file.Content
	inFile := func(what string, l source.Location) {
		t.Helper()
		s, e := l.Start, l.End
		if s.Offset < 0 || s.Offset > e.Offset || e.Offset > len(content) ||
			s.Line < 1 || e.Line > file.LineCount() || s.Column < 1 || e.Column < 1 {
			t.Fatalf("%s: location %+v outside the file (%d bytes, %d lines)", what, l.Range, len(content), file.LineCount())
		}
	}
	slice := func(l source.Location) string { return string(content[l.Start.Offset:l.End.Offset]) }

	if len(errs) > maxErrors {
		t.Fatalf("%d errors, more than %d", len(errs), maxErrors)
	}
	for i, e := range errs {
		inFile("error", e.Loc)
		lower := e.Msg != "" && 'a' <= e.Msg[0] && e.Msg[0] <= 'z'
		if !lower && !strings.HasPrefix(e.Msg, "DOCTYPE ") && !strings.HasPrefix(e.Msg, `"--" `) {
			t.Fatalf("error %d message %q does not start in lower case", i, e.Msg)
		}
		if i > 0 && e.Loc.Start.Offset < errs[i-1].Loc.Start.Offset {
			t.Fatalf("errors out of order: %v before %v", errs[i-1], e)
		}
	}
	if len(errs) == 0 && doc.Root == nil {
		t.Fatal("no errors and no root")
	}
	if doc.XMLFault != nil {
		inFile("XMLFault", doc.XMLFault.Loc)
	}
	for _, c := range doc.Comments {
		inFile("comment", c.Loc)
		if s := slice(c.Loc); s != "<!--"+c.Text+"-->" {
			t.Fatalf("comment slice %q, text %q", s, c.Text)
		}
	}
	for _, r := range doc.ExprEntities {
		inFile("entity", r.Loc)
		if slice(r.Loc) != r.Ref || r.Element == nil {
			t.Fatalf("entity %q at %q, element %v", r.Ref, slice(r.Loc), r.Element)
		}
	}
	checkTree(t, doc, inFile, slice)
}

// checkTree checks the element tree: indexes, parents, depths, children,
// and what each location covers.
func checkTree(t *testing.T, doc *Document, inFile func(string, source.Location), slice func(source.Location) string) {
	t.Helper()
	if len(doc.Elements) > 0 && doc.Root != doc.Elements[0] {
		t.Fatal("Root is not Elements[0]")
	}
	children := 0
	isChild := make([]bool, len(doc.Elements))
	for i, e := range doc.Elements {
		if e.Index != i {
			t.Fatalf("element %d has Index %d", i, e.Index)
		}
		inFile("element", e.Loc)
		inFile("end tag", e.EndLoc)
		if s := slice(e.Loc); !strings.HasPrefix(s, "<"+e.Name) || !strings.HasSuffix(s, ">") || e.Name == "" {
			t.Fatalf("element %q start tag slice %q", e.Name, s)
		}
		if e.Text != "" {
			inFile("text", e.TextLoc)
		}
		if e.TextExpr != IsExpression(e.Text) {
			t.Fatalf("TextExpr %v for %q", e.TextExpr, e.Text)
		}
		if e.Text != trimSpace(e.Text) {
			t.Fatalf("untrimmed text %q", e.Text)
		}
		checkParent(t, e, isChild)
		children += len(e.Children)
		for _, a := range e.Attrs {
			inFile("attribute name", a.NameLoc)
			inFile("attribute value", a.ValueLoc)
			if slice(a.NameLoc) != a.Name || slice(a.ValueLoc) != a.Raw {
				t.Fatalf("attribute %q=%q covers %q=%q", a.Name, a.Raw, slice(a.NameLoc), slice(a.ValueLoc))
			}
			if a.Expr != IsExpression(a.Value) || a.Expr && doc.Format == Rawxml && !strings.HasPrefix(a.Raw, a.Value[:2]) {
				t.Fatalf("attribute %q value %q raw %q expr %v", a.Name, a.Value, a.Raw, a.Expr)
			}
		}
	}
	if len(doc.Elements) > 0 && children != len(doc.Elements)-1 {
		t.Fatalf("%d children for %d elements", children, len(doc.Elements))
	}
	// Document order is the tree's pre-order: an element's descendants
	// follow it, up to the next element no deeper than it (what
	// estate's subtree relies on).
	var open []*Element
	for _, e := range doc.Elements {
		for len(open) > 0 && open[len(open)-1].Depth >= e.Depth {
			open = open[:len(open)-1]
		}
		if len(open) > 0 && e.Parent != open[len(open)-1] || len(open) == 0 && e.Parent != nil {
			t.Fatalf("element %d (%q) follows the subtree of another element than its parent", e.Index, e.Name)
		}
		open = append(open, e)
	}
	if doc.Root != nil {
		found, err := doc.XPath("//*")
		if err != nil || len(found) != len(doc.Elements) {
			t.Fatalf("XPath //* found %d of %d elements: %v", len(found), len(doc.Elements), err)
		}
	}
}

// checkParent checks e against its parent and its children against e.
// Each element may be some element's child only once.
func checkParent(t *testing.T, e *Element, isChild []bool) {
	t.Helper()
	if p := e.Parent; p == nil {
		if e.Index != 0 || e.Depth != 0 {
			t.Fatalf("element %d (%q) has no parent", e.Index, e.Name)
		}
	} else if p.Index >= e.Index || e.Depth != p.Depth+1 {
		t.Fatalf("element %d parent %d, depth %d under %d", e.Index, p.Index, e.Depth, p.Depth)
	}
	for _, c := range e.Children {
		if c.Parent != e || isChild[c.Index] {
			t.Fatalf("element %d listed as a child of %d", c.Index, e.Index)
		}
		isChild[c.Index] = true
	}
}
