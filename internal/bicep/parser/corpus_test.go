package parser

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/bicep/ast"
	"github.com/apimlint/apimlint/internal/source"
)

const corpusDir = "../../../../shared/corpus"

// validDirs hold Bicep files that the Bicep compiler accepts.
var validDirs = []string{"bicep", "bicep-baselines", "bicep-baselines-bicepparam", "bicep-user-submitted"}

// corpusFiles returns the paths of the .bicep and .bicepparam files under
// the given corpus folders, sorted. It skips the test when the corpus is
// absent.
func corpusFiles(tb testing.TB, dirs ...string) []string {
	tb.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		tb.Skipf("shared corpus not found at %s: %v", corpusDir, err)
	}
	var paths []string
	for _, dir := range dirs {
		err := filepath.WalkDir(filepath.Join(corpusDir, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if isBicepSource(path) {
				paths = append(paths, path)
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	sort.Strings(paths)
	return paths
}

func isBicepSource(path string) bool {
	if strings.HasSuffix(path, ".diagnostics.bicep") {
		return false
	}
	return strings.HasSuffix(path, ".bicep") || strings.HasSuffix(path, ".bicepparam")
}

func readFile(tb testing.TB, path string) *source.File {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return source.NewFile(path, b)
}

// TestCorpusValid parses every Bicep file the Bicep compiler accepts and
// expects no error, and a tree whose every node lies within the file.
func TestCorpusValid(t *testing.T) {
	paths := corpusFiles(t, validDirs...)
	params := 0
	for _, path := range paths {
		f := readFile(t, path)
		mode := ModeFor(path)
		if mode == BicepParam {
			params++
		}
		file, errs := ParseFile(f, mode)
		if len(errs) > 0 {
			t.Errorf("%s", errs)
			continue
		}
		checkSpans(t, path, file, len(f.Content))
	}
	t.Logf("parsed %d files (%d .bicepparam) with no error", len(paths), params)
	if len(paths) < 600 {
		t.Errorf("found only %d corpus files; expected over 600", len(paths))
	}
}

// checkSpans checks that every node of the tree starts no later than it
// ends and lies inside its parent and the file.
func checkSpans(t *testing.T, path string, file *ast.File, size int) {
	t.Helper()
	var stack []ast.Node
	bad := 0
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		pos, end := n.Pos(), n.End()
		ok := 0 <= pos && pos <= end && int(end) <= size
		if len(stack) > 0 {
			parent := stack[len(stack)-1]
			ok = ok && parent.Pos() <= pos && end <= parent.End()
		}
		if !ok && bad < 3 {
			t.Errorf("%s: %T spans [%d,%d), outside its parent or the file", path, n, pos, end)
			bad++
		}
		stack = append(stack, n)
		return true
	})
}

// diagnostic is an error written in a baseline's main.diagnostics.bicep.
type diagnostic struct {
	line int // 1-based line in main.bicep
	code string
	msg  string
}

var annotation = regexp.MustCompile(`^//@\[(\d+):\d+\) \[(BCP\d+) \(Error\)\] (.*)$`)

// baselineErrors reads the errors of an invalid baseline case. The
// diagnostics file repeats main.bicep with an annotation line
// "//@[start:end) [BCPnnn (Error)] message" after each source line that
// holds an error; start is the column (from 0) on that source line. Lines
// are split on the file's own line ending (CRLF for the _CRLF cases), so a
// lone "\n" inside a CRLF file stays within one line, and the offset is
// mapped through main.bicep to a real line number.
func baselineErrors(tb testing.TB, main *source.File, diagPath string) []diagnostic {
	tb.Helper()
	diag, err := os.ReadFile(diagPath)
	if err != nil {
		tb.Fatal(err)
	}
	sep := []byte("\n")
	if bytes.Contains(diag, []byte("\r\n")) {
		sep = []byte("\r\n")
	}
	mainLines := lineStarts(main.Content, sep)
	var out []diagnostic
	source := -1 // index of the last source line seen
	for _, line := range bytes.Split(diag, sep) {
		m := annotation.FindSubmatch(line)
		if m == nil {
			if !bytes.HasPrefix(line, []byte("//@[")) {
				source++
			}
			continue
		}
		col, _ := strconv.Atoi(string(m[1]))
		off := len(main.Content)
		if source >= 0 && source < len(mainLines) {
			off = min(mainLines[source]+col, len(main.Content))
		}
		out = append(out, diagnostic{line: main.Pos(off).Line, code: string(m[2]), msg: string(m[3])})
	}
	return out
}

// lineStarts returns the offsets where the lines of content split on sep
// start.
func lineStarts(content, sep []byte) []int {
	starts := []int{0}
	for i := 0; ; {
		j := bytes.Index(content[i:], sep)
		if j < 0 {
			return starts
		}
		i += j + len(sep)
		starts = append(starts, i)
	}
}

// syntaxCodes are the Bicep diagnostics its lexer and parser report; the
// others come from later checks (names, types, files) that a parser
// cannot make.
var syntaxCodes = map[string]bool{}

func init() {
	for _, n := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
		22, 23, 24, 64, 68, 87, 96, 97, 103, 117, 118, 123, 132, 140, 162, 167, 226, 236,
		153, 238, 243, 249, 266, 279, 292, 325} {
		syntaxCodes["BCP"+strconv.Itoa(1000 + n)[1:]] = true
	}
}

// TestCorpusInvalid parses the invalid baseline cases. Each case whose
// diagnostics include a syntax error must give an error, and the first
// error should be on the line of the first syntax error Bicep reports.
func TestCorpusInvalid(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("shared corpus not found at %s: %v", corpusDir, err)
	}
	cases, _ := filepath.Glob(filepath.Join(corpusDir, "bicep-baselines-invalid", "*", "main.diagnostics.bicep"))
	var withSyntax, matchSyntax, matchFirst, semanticOnly int
	for _, diagPath := range cases {
		dir := filepath.Dir(diagPath)
		name := filepath.Base(dir)
		f := readFile(t, filepath.Join(dir, "main.bicep"))
		_, errs := ParseFile(f, Bicep)
		want := baselineErrors(t, f, diagPath)
		firstSyntax := -1
		for _, d := range want {
			if syntaxCodes[d.code] {
				firstSyntax = d.line
				break
			}
		}
		if firstSyntax < 0 {
			semanticOnly++
			t.Logf("%s: no syntax error in the baseline (first: %s line %d); parser errors: %d",
				name, want[0].code, want[0].line, len(errs))
			continue
		}
		withSyntax++
		if len(errs) == 0 {
			t.Errorf("%s: no error; Bicep reports a syntax error on line %d", name, firstSyntax)
			continue
		}
		got := errs[0].Loc.Start.Line
		if got == firstSyntax {
			matchSyntax++
		} else {
			t.Logf("%s: first error on line %d (%s), Bicep's first syntax error is on line %d",
				name, got, errs[0].Msg, firstSyntax)
		}
		if got == want[0].line {
			matchFirst++
		}
	}
	t.Logf("%d cases: %d with syntax errors, first error on the line of Bicep's first syntax error in %d/%d; "+
		"on the line of Bicep's first error of any kind in %d/%d; %d cases have only semantic errors",
		len(cases), withSyntax, matchSyntax, withSyntax, matchFirst, withSyntax, semanticOnly)
	if len(cases) == 0 {
		t.Error("no invalid baseline cases found")
	}
}
