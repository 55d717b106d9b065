// Package eval evaluates Bicep and .bicepparam files into the resources of
// the estate model, the same model the ARM reader produces.
//
// Evaluation is partial: what only a deployment knows (reference(),
// resourceGroup(), a parameter with no default and no value, a resource's
// principalId) becomes an unknown value that remembers the expression it
// stands for, and runtime properties of resources declared in the estate,
// such as apim.identity.principalId, become symbolic references (value.Ref)
// that the linker can follow. Known strings keep a map to where each of
// their characters was written, through interpolation, replace() and
// loadTextContent(), so that findings inside a loaded policy file land on
// its own lines.
//
// The evaluator follows modules (with the parameters passed to them),
// loops, conditions, the three spellings of child resources, existing
// resources, user-defined functions, imported variables and the load*
// functions. Files it refers to are read through Options.Files, which
// decides what may be read (apimlint refuses files outside the checked
// folder). Problems become positioned diagnostics; nothing panics.
package eval

import (
	"fmt"
	"path"
	"strings"
	"sync"

	"github.com/apimlint/apimlint/internal/bicep/ast"
	"github.com/apimlint/apimlint/internal/bicep/parser"
	"github.com/apimlint/apimlint/internal/bicep/scanner"
	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// Rules that report what the evaluator finds.
const (
	// SyntaxRule reports Bicep that cannot be parsed (errors), expressions
	// that cannot be evaluated (warnings) and parts of a file that are not
	// read, such as registry modules (notes).
	SyntaxRule = "bicep-syntax"
	// UnreadableRule reports a file a Bicep file refers to that cannot or
	// may not be read: missing, outside the checked folder, too large.
	UnreadableRule = "input-unreadable"
)

// Limits that keep evaluation of any input finite.
const (
	// MaxModuleDepth bounds how deeply modules may nest.
	MaxModuleDepth = 32
	// MaxInstances bounds the resources and modules one evaluation makes,
	// loops included.
	MaxInstances = 20000
	// maxCallDepth bounds nested user-defined function calls and lambdas.
	maxCallDepth = 64
	// MaxWork bounds the loop items, function calls, array elements and
	// string bytes one evaluation makes, so that no input (nested loops,
	// strings doubled variable after variable) can exhaust time or memory.
	MaxWork = 1 << 22
	// MaxChain bounds how many declarations may wait on each other (a
	// variable defined by a variable defined by ...), which the Go stack
	// must hold.
	MaxChain = 5000
)

// Files reads the files a Bicep file refers to: modules, the targets of
// load functions, the template of a .bicepparam file, imports.
type Files interface {
	// Read returns the file at path, slash-separated and in the form
	// findings show (relative to the same folder as the file that refers
	// to it), or an error saying why it may not or cannot be read.
	Read(path string) (*source.File, error)
}

// Options control an evaluation.
type Options struct {
	// Files reads referred files; nil refuses them all.
	Files Files
	// Env holds the environment variables readEnvironmentVariable() sees;
	// any other variable is unknown.
	Env map[string]string
	// Cache, when set, shares parsed files between evaluations.
	Cache *Cache
	// Params are values for the parameters of a Bicep file (not of a
	// .bicepparam file), as an ARM parameter file gives them; a parameter
	// without one takes its default.
	Params map[string]*value.Value
}

// Result is what an evaluation produced.
type Result struct {
	Resources   []*estate.Resource
	Diagnostics []estate.Diagnostic
	// Loaded lists the files whose content the evaluated file embeds:
	// modules, loaded text and JSON, the template of a .bicepparam file.
	Loaded []string
}

// Cache holds parsed Bicep files, safe for concurrent use.
type Cache struct {
	mu    sync.Mutex
	files map[string]*parsed
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{files: map[string]*parsed{}} }

type parsed struct {
	file *source.File
	tree *ast.File
	errs scanner.ErrorList
	err  error // the file could not be read
}

func (c *Cache) get(p string, read func() *parsed) *parsed {
	if c == nil {
		return read()
	}
	c.mu.Lock()
	pf, ok := c.files[p]
	c.mu.Unlock()
	if ok {
		return pf
	}
	pf = read()
	c.mu.Lock()
	c.files[p] = pf
	c.mu.Unlock()
	return pf
}

// File evaluates a .bicep file, or a .bicepparam file together with the
// template its using declaration names.
func File(f *source.File, opts Options) (res *Result) {
	ev := &evaluator{opts: opts, res: &Result{}, seen: map[diagKey]bool{}, loaded: map[string]bool{},
		reported: map[string]bool{}, funcsChecked: map[string]bool{}}
	defer func() {
		if r := recover(); r != nil {
			// A bug in the evaluator must not lose the file's other findings.
			ev.diag(SyntaxRule, "error", f.Location(0, 0),
				fmt.Sprintf("internal error while evaluating (please report): %v", r))
			res = ev.res
		}
	}()
	pf := opts.Cache.get(f.Path, func() *parsed {
		tree, errs := parser.ParseFile(f, parser.ModeFor(f.Path))
		return &parsed{file: f, tree: tree, errs: errs}
	})
	ev.reportSyntax(pf)
	if pf.tree.Params {
		ev.paramsFile(pf)
	} else {
		s := ev.newScope(pf, opts.Params, nil)
		s.run()
	}
	return ev.res
}

type diagKey struct {
	rule, msg string
	loc       source.Location
}

// evaluator is the state of one evaluation.
type evaluator struct {
	opts     Options
	res      *Result
	seen     map[diagKey]bool
	loaded   map[string]bool
	reported map[string]bool // files whose syntax errors are reported
	// funcsChecked holds the files whose user-defined functions are checked.
	funcsChecked map[string]bool
	instances    int
	calls        int
	work         int
	chain        int // declarations being evaluated, one inside another
	// mute > 0 while evaluating what a false condition keeps from being
	// deployed: its placeholder values may not make sense, so its warnings
	// are left out.
	mute int
}

// diag records a diagnostic once.
func (ev *evaluator) diag(rule, severity string, loc source.Location, msg string) {
	if ev.mute > 0 && severity == "warning" {
		return
	}
	k := diagKey{rule, msg, loc}
	if ev.seen[k] {
		return
	}
	ev.seen[k] = true
	ev.res.Diagnostics = append(ev.res.Diagnostics, estate.Diagnostic{Rule: rule, Message: msg, Loc: loc,
		Severity: severity})
}

// muted runs f with warnings muted when cond is known to be false.
func (ev *evaluator) muted(cond *value.Value, f func()) {
	if b, ok := cond.BoolValue(); ok && !b {
		ev.mute++
		defer func() { ev.mute-- }()
	}
	f()
}

func (ev *evaluator) reportSyntax(pf *parsed) {
	if pf.file == nil || ev.reported[pf.file.Path] {
		return
	}
	ev.reported[pf.file.Path] = true
	for _, e := range pf.errs {
		ev.diag(SyntaxRule, "", e.Loc, e.Msg)
	}
}

// load reads and parses a referred Bicep file.
func (ev *evaluator) load(p string) *parsed {
	return ev.opts.Cache.get(p, func() *parsed {
		f, err := ev.read(p)
		if err != nil {
			return &parsed{err: err}
		}
		tree, errs := parser.ParseFile(f, parser.ModeFor(p))
		return &parsed{file: f, tree: tree, errs: errs}
	})
}

func (ev *evaluator) read(p string) (*source.File, error) {
	if ev.opts.Files == nil {
		return nil, fmt.Errorf("reading %s is not allowed here", p)
	}
	return ev.opts.Files.Read(p)
}

// markLoaded records a file the evaluated file embeds, under the path of
// the file read (which Files may give in a canonical form), so that the
// input of that file is read through this one.
func (ev *evaluator) markLoaded(p string) {
	if !ev.loaded[p] {
		ev.loaded[p] = true
		ev.res.Loaded = append(ev.res.Loaded, p)
	}
}

// resolve returns the path of rel, written in the file at from, in the
// same form as from.
func resolve(from, rel string) string {
	rel = strings.ReplaceAll(rel, "\\", "/")
	if path.IsAbs(rel) {
		return path.Clean(rel)
	}
	return path.Join(path.Dir(from), rel)
}

// paramsFile evaluates a .bicepparam file: its parameter values, then the
// template it is for.
func (ev *evaluator) paramsFile(pf *parsed) {
	ps := ev.newScope(pf, nil, nil)
	var using *ast.UsingDecl
	for _, d := range pf.tree.Decls {
		if u, ok := d.(*ast.UsingDecl); ok && using == nil {
			using = u
		}
	}
	ps.run()
	if using == nil || using.Path == nil {
		return
	}
	target, ok := using.Path.Value()
	if !ok || isRegistryRef(target) {
		ev.diag(SyntaxRule, "note", ps.loc(using.Path),
			fmt.Sprintf("the template %s is not a local file; its resources are not checked", ps.src(using.Path)))
		return
	}
	p := resolve(pf.file.Path, target)
	tpf := ev.load(p)
	if tpf.err != nil {
		ev.diag(UnreadableRule, "", ps.loc(using.Path), fmt.Sprintf("could not read %s: %v", p, tpf.err))
		return
	}
	if strings.EqualFold(path.Ext(p), ".json") {
		ev.diag(SyntaxRule, "note", ps.loc(using.Path),
			fmt.Sprintf("%s is an ARM template; apimlint reads it on its own, without these parameters", p))
		return
	}
	ev.markLoaded(tpf.file.Path)
	ev.reportSyntax(tpf)
	supplied := map[string]*value.Value{}
	for _, d := range pf.tree.Decls {
		if a, ok := d.(*ast.ParamAssign); ok && a.Name != nil && a.Name.Name != "" {
			supplied[a.Name.Name] = ps.param(a.Name.Name)
		}
	}
	ts := ev.newScope(tpf, supplied, nil)
	ts.run()
}
