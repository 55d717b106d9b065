package scanner

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/bicep/token"
	"github.com/apimlint/apimlint/internal/source"
)

const corpusDir = "../../../../shared/corpus"

// addCorpusSeeds adds every Bicep file of the shared corpus, when present,
// as a fuzz seed.
func addCorpusSeeds(f *testing.F) {
	_ = filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if strings.HasSuffix(path, ".bicep") || strings.HasSuffix(path, ".bicepparam") {
			if b, err := os.ReadFile(path); err == nil {
				f.Add(b)
			}
		}
		return nil
	})
}

// FuzzScan checks that scanning any input terminates, never panics and
// returns tokens in order, inside the file, each consuming input.
func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"param x string = 'a${b}c'\n",
		"var s = $$'''${x}$${y}'''\n#disable-next-line a\n",
		"'${'${x}'}' /* c */ '''\nm'''",
		"'\\u{41}\\q\n'${\n",
	} {
		f.Add([]byte(s))
	}
	addCorpusSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		checkScan(t, src)
	})
}

func checkScan(t *testing.T, src []byte) {
	var s Scanner
	s.Init(source.NewFile("f.bicep", src), func(pos, end token.Pos, msg string) {
		if pos < 0 || pos > end || int(end) > len(src) {
			t.Fatalf("error %q at [%d,%d) outside the file of %d bytes", msg, pos, end, len(src))
		}
	}, ScanComments)
	prevEnd, zeroRun := token.Pos(0), 0
	for n := 0; ; n++ {
		if n > len(src)+1 {
			t.Fatalf("more than %d tokens from %d bytes", n, len(src))
		}
		tok := s.Scan()
		if tok.Pos < prevEnd || tok.End < tok.Pos || int(tok.End) > len(src) {
			t.Fatalf("token %s at [%d,%d) after %d, file of %d bytes", tok.Kind, tok.Pos, tok.End, prevEnd, len(src))
		}
		if tok.Kind == token.EOF {
			return
		}
		if tok.Kind.IsString() && (tok.Str.Start < tok.Pos || tok.Str.End > tok.End || tok.Str.Start > tok.Str.End) {
			t.Fatalf("string content [%d,%d) outside its token [%d,%d)", tok.Str.Start, tok.Str.End, tok.Pos, tok.End)
		}
		if tok.End == tok.Pos {
			if zeroRun++; zeroRun > 1 || tok.Kind != token.STRING_TAIL {
				t.Fatalf("empty %s token at %d makes no progress", tok.Kind, tok.Pos)
			}
		} else {
			zeroRun = 0
		}
		prevEnd = tok.End
	}
}
