package parser

import (
	"path/filepath"
	"testing"

	"github.com/apimlint/apimlint/internal/bicep/ast"
)

// TestTestdata parses the hand-written files under testdata, which use
// every construct, and counts what they declare.
func TestTestdata(t *testing.T) {
	tests := []struct {
		file     string
		decls    int
		comments int
	}{
		{"constructs.bicep", 42, 1},
		{"constructs.bicepparam", 10, 0},
	}
	for _, tt := range tests {
		path := filepath.Join("testdata", tt.file)
		f := readFile(t, path)
		file, errs := ParseFile(f, ModeFor(path))
		if len(errs) > 0 {
			t.Errorf("%s: %v", tt.file, errs)
		}
		if len(file.Decls) != tt.decls || len(file.Comments) != tt.comments {
			t.Errorf("%s: %d declarations, %d comments; want %d, %d",
				tt.file, len(file.Decls), len(file.Comments), tt.decls, tt.comments)
		}
		checkSpans(t, tt.file, file, len(f.Content))
		for _, d := range file.Decls {
			if _, bad := d.(*ast.BadDecl); bad {
				t.Errorf("%s: bad declaration at %d", tt.file, d.Pos())
			}
		}
	}
}
