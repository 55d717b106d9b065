package discover

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// ignorer applies the .gitignore files of the repository that holds the
// walked folder: those of its ancestors up to the repository root, and those
// met while walking.
type ignorer struct {
	base     string // repository root (or the walked folder outside a repository)
	patterns []gitignore.Pattern
	matcher  gitignore.Matcher
	on       bool
	cwd      string // see absIn
	// unread holds the .gitignore files that could not be read, with why:
	// the walk reports them, since the files they ignore are then checked.
	unread []Problem
}

func newIgnorer(root string, on bool, cwd string) *ignorer {
	ig := &ignorer{on: on, cwd: cwd}
	if !on {
		return ig
	}
	abs, err := absIn(cwd, root)
	if err != nil {
		ig.on = false
		return ig
	}
	ig.base = abs
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			ig.base = d
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	// Ancestors between the repository root and the walked folder, the root
	// first: a nearer .gitignore wins over a farther one, as in git.
	var ancestors []string
	for d := filepath.Dir(abs); Within(ig.base, d) && d != abs; d = filepath.Dir(d) {
		ancestors = append(ancestors, d)
		if d == ig.base {
			break
		}
	}
	for _, d := range slices.Backward(ancestors) {
		// Like git, a symlinked .gitignore is not read (the walk tells from
		// a folder's listing; these folders it does not list).
		if st, err := os.Lstat(filepath.Join(d, ".gitignore")); err == nil && st.Mode().IsRegular() {
			ig.load(d)
		}
	}
	return ig
}

// enter reads the .gitignore of a folder the walk enters, which its
// listing shows to be a regular file.
func (ig *ignorer) enter(dir string) {
	if ig.on {
		if abs, err := absIn(ig.cwd, dir); err == nil {
			ig.load(abs)
		}
	}
}

// maxIgnoreLine bounds a line of a .gitignore; git has no bound, but a
// longer line is no pattern anyone wrote.
const maxIgnoreLine = 1 << 20

// load reads the .gitignore of dir, a regular file.
func (ig *ignorer) load(dir string) {
	p := filepath.Join(dir, ".gitignore")
	f, err := os.Open(p)
	if err != nil {
		ig.unread = append(ig.unread, Problem{Path: p,
			Err: fmt.Errorf("%w; the files it ignores are checked", PathReason(err))})
		return
	}
	defer f.Close()
	domain := ig.parts(dir)
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, maxIgnoreLine)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ig.patterns = append(ig.patterns, gitignore.ParsePattern(line, domain))
	}
	if err := sc.Err(); err != nil {
		why := err.Error()
		if errors.Is(err, bufio.ErrTooLong) {
			why = "a line is longer than 1 MiB"
		}
		ig.unread = append(ig.unread, Problem{Path: p,
			Err: fmt.Errorf("%s, so the files its later lines ignore are checked", why)})
	}
	ig.matcher = gitignore.NewMatcher(ig.patterns)
}

// parts splits a path below base into its components.
func (ig *ignorer) parts(p string) []string {
	rel, err := filepath.Rel(ig.base, p)
	if err != nil || rel == "." {
		return nil
	}
	return strings.Split(filepath.ToSlash(rel), "/")
}

func (ig *ignorer) ignored(p string, isDir bool) bool {
	if !ig.on || ig.matcher == nil {
		return false
	}
	abs, err := absIn(ig.cwd, p)
	if err != nil {
		return false
	}
	return ig.matcher.Match(ig.parts(abs), isDir)
}
