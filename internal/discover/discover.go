// Package discover finds the files a run checks: it walks the paths the user
// gave, skips .git, what .gitignore files and the user's exclude globs rule
// out, tells each file's kind by its name, and recognises the folder layout
// of the APIOps extractor so that every policy file gets its scope.
package discover

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// Kind is what a file is read as, decided by its name.
type Kind string

// The kinds of files apimlint reads.
const (
	Policy     Kind = "policy"     // *.xml
	JSON       Kind = "json"       // *.json: templates, parameters, APIOps information, manifests
	Bicep      Kind = "bicep"      // *.bicep
	BicepParam Kind = "bicepparam" // *.bicepparam
)

// File is one file to check.
type File struct {
	// Path is the file as shown to the user: slash-separated, relative to
	// the working directory when the user gave a relative path.
	Path string
	Kind Kind
	// APIOps is set when the file sits in an APIOps extractor folder.
	APIOps *Place
	// Explicit is true when the user named the file itself.
	Explicit bool
	// Root is the folder the user gave that holds the file (for a file the
	// user named, its folder), in the same form as Path. Readers refuse to
	// follow references out of it.
	Root string
}

// Problem is a path that could not be walked or read; the run goes on.
type Problem struct {
	Path string
	Err  error
}

// Options control Walk.
type Options struct {
	// Exclude holds doublestar globs matched against file paths as shown
	// (for example "**/legacy/**"); matching files and folders are skipped.
	Exclude []string
	// Skip, when set, also skips the files and folders it holds for (the
	// configuration file's excludes, which are relative to its folder).
	Skip func(shown string) bool
	// Keep, when set, keeps only the files it holds for among those the walk
	// meets (the configuration file's includes); files and folders given as
	// paths are kept whatever it says.
	Keep func(shown string) bool
	// NoGitignore turns off .gitignore handling.
	NoGitignore bool
	// Dir is the folder relative paths start from; "" means the working
	// directory. Displayed paths are relative to it.
	Dir string
	// Found, when set, is given each file as the walk lists it, in walk
	// order, on the walk's goroutine: reading can start before the walk
	// ends. APIOps.Complete is set only once Walk returns.
	Found func(File)
}

// OSPath returns where a displayed path is on disk, given the Dir it is
// relative to.
func OSPath(dir, p string) string {
	p = filepath.FromSlash(p)
	if dir == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// Walk returns the files under paths in a stable order (by path), the
// problems met on the way, and an error only when a path the user gave does
// not exist or a glob is malformed.
func Walk(paths []string, opts Options) ([]File, []Problem, error) {
	for _, g := range opts.Exclude {
		if !doublestar.ValidatePattern(g) {
			return nil, nil, fmt.Errorf("exclude pattern %q is not a valid glob", g)
		}
	}
	w := &walker{opts: opts, seen: map[string]bool{}, layout: newLayout(opts.Dir)}
	w.cwd, _ = os.Getwd()
	for _, p := range paths {
		if err := w.walk(p); err != nil {
			return nil, nil, err
		}
	}
	slices.SortFunc(w.files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	complete := map[string]bool{} // by extractor root: many files share one
	for _, f := range w.files {
		if f.APIOps == nil {
			continue
		}
		root := f.APIOps.rootAbs
		c, ok := complete[root]
		if !ok {
			c = w.covers(root) && !w.leftOutOf(root)
			complete[root] = c
		}
		f.APIOps.Complete = c
	}
	return w.files, w.problems, nil
}

type walker struct {
	opts     Options
	walked   []string // absolute folders walked whole
	files    []File
	problems []Problem
	seen     map[string]bool // absolute paths already listed
	layout   *layout
	left     []string        // absolute paths the excludes and includes left out
	cwd      string          // the working directory, looked up once ("" when it cannot be)
	unread   map[string]bool // absolute .gitignore files already reported unreadable
	// Of the folder being walked: its displayed form, and its real absolute
	// path (symlinks resolved), worked out once.
	rootShown, realRoot string
}

// absIn is filepath.Abs with the working directory cwd looked up already:
// filepath.Abs looks it up for every relative path, two stats each time.
func absIn(cwd, p string) (string, error) {
	if filepath.IsAbs(p) || cwd == "" {
		return filepath.Abs(p)
	}
	return filepath.Join(cwd, p), nil
}

// leftOutOf reports whether the excludes or includes left out something in
// dir that apimlint reads: then an extractor folder there is not checked
// whole (its backends, named values and fragments are not all known).
func (w *walker) leftOutOf(dir string) bool {
	return slices.ContainsFunc(w.left, func(p string) bool { return Within(dir, p) })
}

// leave records a path the excludes or includes left out.
func (w *walker) leave(p string) {
	if abs, err := absIn(w.cwd, p); err == nil {
		w.left = append(w.left, abs)
	}
}

// show turns an OS path met while walking into its displayed form.
func (w *walker) show(p string) string {
	if w.opts.Dir != "" {
		if rel, ok := RelWithin(w.opts.Dir, p); ok {
			return display(rel)
		}
		// Outside Dir: absolute. A path relative to the working directory
		// would be read relative to Dir.
		if abs, err := absIn(w.cwd, p); err == nil {
			return display(abs)
		}
	}
	return display(p)
}

func (w *walker) walk(given string) error {
	root := OSPath(w.opts.Dir, given)
	st, err := os.Stat(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("no such file or folder: %s", given)
		}
		return fmt.Errorf("read %s: %w", given, err)
	}
	if !st.IsDir() {
		w.add(root, w.show(root), true, w.show(filepath.Dir(root)))
		return nil
	}
	w.rootShown = w.show(root)
	w.realRoot, _ = filepath.Abs(root)
	if r, err := filepath.EvalSymlinks(w.realRoot); err == nil {
		w.realRoot = r
	}
	if abs, err := absIn(w.cwd, root); err == nil {
		w.walked = append(w.walked, filepath.ToSlash(abs))
	}
	ign := newIgnorer(root, !w.opts.NoGitignore, w.cwd)
	// A folder given through a symlink is walked: the user named it. Links
	// met inside it are followed only to files, as symlink says.
	w.walkDir(root, ign)
	for _, pr := range ign.unread {
		if w.unread[pr.Path] {
			continue // met again through another path given
		}
		if w.unread == nil {
			w.unread = map[string]bool{}
		}
		w.unread[pr.Path] = true
		if !filepath.IsAbs(given) {
			pr.Path = Shown(w.opts.Dir, pr.Path)
		}
		pr.Path = filepath.ToSlash(pr.Path)
		w.problems = append(w.problems, pr)
	}
	return nil
}

// walkDir walks a folder in lexical order, as filepath.WalkDir does, but
// reads a folder's .gitignore only when its listing holds one: most folders
// have none, and trying to open it cost a quarter of the walk.
func (w *walker) walkDir(dir string, ign *ignorer) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		w.problems = append(w.problems, Problem{Path: w.show(dir), Err: PathReason(err)})
		return
	}
	// Like git, a .gitignore that is a symlink (or a folder) is not read.
	if slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == ".gitignore" && e.Type().IsRegular() }) {
		ign.enter(dir)
	}
	for _, d := range entries {
		p := filepath.Join(dir, d.Name())
		if d.IsDir() {
			if d.Name() == ".git" || ign.ignored(p, true) {
				continue
			}
			if w.excluded(w.show(p)) {
				w.leave(p)
				continue
			}
			w.walkDir(p, ign)
			continue
		}
		if d.Type()&fs.ModeSymlink != 0 {
			w.symlink(p)
			continue
		}
		// A file apimlint does not read (README.md, a script) needs no
		// other test.
		if KindOf(p) == "" || ign.ignored(p, false) {
			continue
		}
		shown := w.show(p)
		if w.excluded(shown) || w.opts.Keep != nil && !w.opts.Keep(shown) {
			w.leave(p)
			continue
		}
		w.add(p, shown, false, w.rootShown)
	}
}

// covers reports whether a walked folder holds dir.
func (w *walker) covers(dir string) bool {
	for _, wd := range w.walked {
		if dir == wd || strings.HasPrefix(dir, strings.TrimSuffix(wd, "/")+"/") {
			return true
		}
	}
	return false
}

// symlink adds a linked file when it resolves to a regular file inside the
// walked root; links to folders are not followed (no loops), links out of
// the root are reported.
func (w *walker) symlink(p string) {
	if KindOf(p) == "" {
		return // a link apimlint would not read if it were a file (LICENSE, README.md)
	}
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		w.problems = append(w.problems, Problem{Path: w.show(p),
			Err: fmt.Errorf("broken or looping symlink: %w", PathReason(err))})
		return
	}
	// EvalSymlinks keeps a relative path relative: compare absolute ones.
	if abs, err := filepath.Abs(target); err == nil {
		target = abs
	}
	if !Within(w.realRoot, target) {
		w.problems = append(w.problems, Problem{Path: w.show(p),
			Err: errors.New("symlink points outside the checked folder; not followed")})
		return
	}
	if st, err := os.Stat(target); err == nil && !st.IsDir() {
		w.add(p, w.show(p), false, w.rootShown)
	}
}

// Within reports whether p is the folder root or lies in it; both are
// clean absolute paths.
func Within(root, p string) bool {
	_, ok := RelWithin(root, p)
	return ok
}

// RelWithin returns p relative to root when p is root or lies in it (see
// Within).
func RelWithin(root, p string) (string, bool) {
	rel, err := filepath.Rel(root, p)
	return rel, err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// Shown returns an OS path p as findings show it: relative to dir (the
// folder paths are shown from, "" for the working directory), slash-
// separated; p itself when it cannot be made relative.
func Shown(dir, p string) string {
	absBase, err1 := filepath.Abs(cmp.Or(dir, "."))
	abs, err2 := filepath.Abs(p)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(absBase, abs); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(p)
}

// PathReason is the reason of a file-system error without the OS path it
// repeats, which is not always the path the user wrote (under -C, say).
func PathReason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (w *walker) excluded(shown string) bool {
	if w.opts.Skip != nil && w.opts.Skip(shown) {
		return true
	}
	for _, g := range w.opts.Exclude {
		if ok, _ := doublestar.Match(g, shown); ok {
			return true
		}
		if ok, _ := doublestar.Match(g, strings.TrimPrefix(shown, "./")); ok {
			return true
		}
	}
	return false
}

// add lists one file found under root if its kind is known (or the user
// named it).
func (w *walker) add(p, shown string, explicit bool, rootShown string) {
	kind := KindOf(p)
	if kind == "" && !explicit {
		return
	}
	abs, err := absIn(w.cwd, p)
	if err != nil {
		abs = p
	}
	if w.seen[abs] {
		return
	}
	w.seen[abs] = true
	f := File{Path: shown, Kind: kind, Explicit: explicit, Root: rootShown}
	if kind != "" {
		f.APIOps = w.layout.place(abs)
	}
	w.files = append(w.files, f)
	if w.opts.Found != nil {
		w.opts.Found(f)
	}
}

// KindOf tells a file's kind by its name; "" for files apimlint does not read.
func KindOf(p string) Kind {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".xml":
		return Policy
	case ".json":
		return JSON
	case ".bicep":
		return Bicep
	case ".bicepparam":
		return BicepParam
	}
	return ""
}

// display turns an OS path into the form findings show.
func display(p string) string {
	p = filepath.ToSlash(filepath.Clean(p))
	return strings.TrimPrefix(p, "./")
}
