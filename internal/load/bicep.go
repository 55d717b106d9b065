package load

import (
	"cmp"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/apimlint/apimlint/internal/bicep/eval"
	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/source"
)

// readBicep reads a Bicep or .bicepparam file: the resources it declares,
// through its modules and with the files it loads.
func (l *loader) readBicep(sf *source.File, f discover.File) *output {
	root := f.Root
	if root == "" {
		root = path.Dir(f.Path)
	}
	dirAbs, err := filepath.Abs(cmp.Or(l.opts.Dir, "."))
	if err != nil {
		return &output{kind: string(f.Kind), input: problemInput(f.Path, err)}
	}
	files := &bicepFiles{l: l, root: root, dirAbs: dirAbs}
	files.rootAbs = files.abs(root)
	opts := eval.Options{Files: files, Env: l.opts.Env, Cache: l.bicep}
	var diags []estate.Diagnostic
	if f.Kind == discover.Bicep {
		if set, ds, ok := l.parameterSet(f.Path); ok {
			opts.Params, diags = set.params, ds
		}
	}
	res := eval.File(sf, opts)
	return &output{kind: string(f.Kind), input: &estate.Input{Path: f.Path, Resources: res.Resources,
		Diagnostics: append(diags, res.Diagnostics...), Loaded: res.Loaded}}
}

// bicepFiles reads the files a Bicep file refers to, inside the folder the
// user asked to check and nowhere else, symlinks included.
type bicepFiles struct {
	l       *loader
	root    string // displayed form
	rootAbs string // absolute form, worked out once
	dirAbs  string // the folder displayed paths are relative to, absolute
}

// abs returns a displayed path as an absolute one, without looking up the
// working directory again.
func (b *bicepFiles) abs(p string) string {
	op := filepath.FromSlash(p)
	if filepath.IsAbs(op) {
		return filepath.Clean(op)
	}
	return filepath.Join(b.dirAbs, op)
}

// bicepReadKey names a file a Bicep file loads: what it is read as
// depends on the root it must stay within, and its name on the form the
// root is shown in (b1 and /tmp/b1 are one folder, two names).
type bicepReadKey struct{ root, rootAbs, path string }

// bicepRead is a file Bicep files load, read once for all of them: a
// template and the parameter file that deploys it load the same policy
// files, and each module instance loads its own again.
type bicepRead struct {
	once sync.Once
	file *source.File
	err  error
}

// Read reads a displayed path within the checked root, once per run.
func (b *bicepFiles) Read(p string) (*source.File, error) {
	v, _ := b.l.bicepReads.LoadOrStore(bicepReadKey{b.root, b.rootAbs, b.abs(p)}, &bicepRead{})
	r := v.(*bicepRead)
	r.once.Do(func() { r.file, r.err = b.read(p) })
	return r.file, r.err
}

func (b *bicepFiles) read(p string) (*source.File, error) {
	root := b.rootAbs
	abs := b.abs(p)
	rel, ok := discover.RelWithin(root, abs)
	if !ok {
		return nil, fmt.Errorf("it is outside the checked folder %s; not read", b.root)
	}
	// Named from the root, as the walk names it: '../est/x.xml' from a file
	// in est, checked as ".", is x.xml, one file read and reported once.
	p = path.Join(b.root, filepath.ToSlash(rel))
	fi, err := os.Lstat(abs)
	if err != nil {
		if alt := caseVariant(root, abs); alt != "" {
			return nil, fmt.Errorf("%w (there is %s: names differ in case, which only Windows ignores)",
				discover.PathReason(err), alt)
		}
		return nil, discover.PathReason(err)
	}
	realRoot, err := b.l.realDir(root)
	if err != nil {
		return nil, discover.PathReason(err)
	}
	real, err := b.l.realFile(abs, fi)
	if err != nil {
		return nil, fmt.Errorf("broken or looping symlink: %w", discover.PathReason(err))
	}
	realRel, ok := discover.RelWithin(realRoot, real)
	if !ok {
		return nil, fmt.Errorf("it is a symlink to a file outside the checked folder %s; not read", b.root)
	}
	// Not a symlink, the file is what Lstat described; else Stat it.
	var content []byte
	if fi.Mode()&os.ModeSymlink == 0 {
		content, err = b.l.readStat(abs, fi)
	} else {
		content, err = b.l.readFile(p)
	}
	if err != nil {
		return nil, err
	}
	if real != abs {
		// Reached through a symlink inside the root (a linked folder, say):
		// name the file by its real place, as the walk does, so that it is
		// one file, read once and reported under one name.
		p = path.Join(b.root, filepath.ToSlash(realRel))
	}
	return source.NewFile(p, content), nil
}

// realDir is dir, an absolute folder, with its symlinks resolved. Each
// folder is resolved once: a Bicep estate loads thousands of files from a
// few folders, and resolving each path walks all its parents.
func (l *loader) realDir(dir string) (string, error) {
	type resolved struct {
		real string
		err  error
	}
	if r, ok := l.realDirs.Load(dir); ok {
		return r.(resolved).real, r.(resolved).err
	}
	real, err := filepath.EvalSymlinks(dir)
	l.realDirs.Store(dir, resolved{real, err})
	return real, err
}

// realFile is abs, an absolute path that fi (its Lstat) describes, with its
// symlinks resolved: its folder's real path and, unless it is a symlink
// itself, its own name.
func (l *loader) realFile(abs string, fi os.FileInfo) (string, error) {
	if fi.Mode()&os.ModeSymlink != 0 {
		return filepath.EvalSymlinks(abs)
	}
	dir, err := l.realDir(filepath.Dir(abs))
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, filepath.Base(abs)), nil
}

// caseVariant returns a file that differs from abs (in root, not there)
// only in the case of its names, folders included: its name when only the
// name differs, else its path relative to root; "" when there is none.
func caseVariant(root, abs string) string {
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == "." {
		return ""
	}
	dir, parts, changed := root, []string{}, false
	names := strings.Split(rel, string(filepath.Separator))
	for _, part := range names {
		name := part
		if _, err := os.Lstat(filepath.Join(dir, part)); err != nil {
			entries, err := os.ReadDir(dir)
			if err != nil {
				return ""
			}
			name = ""
			for _, e := range entries {
				if strings.EqualFold(e.Name(), part) {
					name, changed = e.Name(), true
					break
				}
			}
			if name == "" {
				return ""
			}
		}
		parts = append(parts, name)
		dir = filepath.Join(dir, name)
	}
	if !changed {
		return ""
	}
	if path.Join(parts[:len(parts)-1]...) == path.Join(names[:len(names)-1]...) {
		return parts[len(parts)-1]
	}
	return path.Join(parts...)
}
