package policies

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/source"
)

// casesDir holds the hand-made acceptance cases shared by all packages.
const casesDir = "../../shared/cases"

// readCase returns a file of an acceptance case, or skips the test.
func readCase(t *testing.T, rel string) (string, []byte) {
	t.Helper()
	path := filepath.Join(casesDir, rel)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("acceptance case not found: %v", err)
	}
	return path, b
}

// textOf maps s as the whole content of a file named path.
func textOf(path, s string) *source.Text {
	return source.FileText(source.NewFile(path, []byte(s)))
}

// jsonStringText decodes the JSON string literal whose opening quote is at
// offset q of f, keeping the map back to f. It handles the escapes ARM
// files use; tests only.
func jsonStringText(t *testing.T, f *source.File, q int) *source.Text {
	t.Helper()
	b := source.NewTextBuilder(f.Location(q, q))
	src := string(f.Content)
	for i := q + 1; i < len(src); {
		switch c := src[i]; c {
		case '"':
			return b.Text()
		case '\\':
			n := 2
			var s string
			switch src[i+1] {
			case 'n':
				s = "\n"
			case 'r':
				s = "\r"
			case 't':
				s = "\t"
			case 'u':
				v, err := strconv.ParseUint(src[i+2:i+6], 16, 32)
				if err != nil {
					t.Fatal(err)
				}
				s, n = string(rune(v)), 6
			default:
				s = src[i+1 : i+2]
			}
			b.Escaped(s, f, i, n)
			i += n
		default:
			j := i
			for j < len(src) && src[j] != '"' && src[j] != '\\' {
				j++
			}
			b.Verbatim(src[i:j], f, i)
			i = j
		}
	}
	t.Fatal("unterminated JSON string")
	return nil
}

// jsonValueText finds the first "key": "..." in f and decodes its string.
func jsonValueText(t *testing.T, f *source.File, key string) *source.Text {
	t.Helper()
	k := strings.Index(string(f.Content), `"`+key+`": "`)
	if k < 0 {
		t.Fatalf("no %q in %s", key, f.Path)
	}
	return jsonStringText(t, f, k+len(key)+4)
}
