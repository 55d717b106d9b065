package engine

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ast/location"
	"github.com/open-policy-agent/opa/v1/version"

	"github.com/apimlint/apimlint/internal/finding"
)

// The built-in rules ship compiled. A check that runs them alone decodes
// the modules as OPA's compiler left them (references resolved, local
// variables and comprehensions rewritten, bodies ordered for safety) and
// runs only the compiler stages that build its lookup structures, which
// are not part of the modules. That takes a fifth of a compilation from
// source, the cost a check of one file pays for the rules.
//
// OPA has no format for compiled modules: its JSON form of the AST does
// not read back (TestOPAJSONDoesNotCarryModules), so the form below is
// apimlint's own. It is made by TestCompiledRulesAreCurrent (-update, run
// by go generate ./rules), which fails whenever the rules, OPA or the
// engine would compile to something else. The file carries a digest of the
// rule sources, the OPA version and the format, and a hash of its body:
// when the rules change and the file is not remade, or the file is
// damaged, the engine compiles from source. A change to the engine's own
// compilation (the sandbox, the rewriting of input) is caught by the test
// alone.

// compiledFormat is the version of the encoding below; a change to it is a
// change of the digest, so a stale file is never decoded.
const compiledFormat = "apimlint-compiled-rego-4"

// stateStages are the compiler stages a compiled rule set still runs: they
// build the compiler's own structures (the module and rule trees, the rule
// and comprehension indices, the generator of fresh local variables for
// queries) and change no module. The dependency graph is left out: only
// type checking reads it, of rules, which are checked already, and of
// with modifiers in queries, which apimlint's queries do not have.
var stateStages = []ast.StageID{
	ast.StageInitLocalVarGen,
	ast.StageSetModuleTree,
	ast.StageSetRuleTree,
	ast.StageBuildRuleIndices,
	ast.StageBuildComprehensionIndices,
}

// compiledRules is a decoded compiled rule set: the modules every check
// compiles, decoded at once, and those a check may leave out (see
// guards.go), each decoded when first needed.
type compiledRules struct {
	modules   map[string]*ast.Module
	guarded   map[string]*guardedModule
	rewritten map[ast.Var]ast.Var
	rules     []finding.Rule
}

// guardedModule is a module that an estate may not need, and its guards.
type guardedModule struct {
	guards [][]guard
	block  *reader // nil once decoded

	once   sync.Once
	module *ast.Module
	err    error
}

// decode returns the module, decoding it the first time.
func (g *guardedModule) decode() (*ast.Module, error) {
	g.once.Do(func() {
		g.module, g.err = g.block.decodeModule()
		g.block = nil
	})
	return g.module, g.err
}

// skipped returns the names, in order, of the modules that report nothing
// on an estate, given what is empty in it.
func (cr *compiledRules) skipped(empty func(guard) bool) []string {
	var out []string
	for name, g := range cr.guarded {
		if guardsHold(g.guards, empty) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// without returns every module but the skipped ones, decoding those not
// decoded yet on every CPU.
func (cr *compiledRules) without(skipped []string) (map[string]*ast.Module, error) {
	var need []string
	for name := range cr.guarded {
		if !slices.Contains(skipped, name) {
			need = append(need, name)
		}
	}
	slices.Sort(need)
	errs := make([]error, len(need))
	parallel(len(need), runtime.GOMAXPROCS(0), func(i int) { _, errs[i] = cr.guarded[need[i]].decode() })
	out := maps.Clone(cr.modules)
	for i, name := range need {
		if errs[i] != nil {
			return nil, fmt.Errorf("%w: %s: %v", errCompiled, name, errs[i])
		}
		out[name] = cr.guarded[name].module
	}
	return out, nil
}

// sourceDigest identifies a set of rule sources for one OPA version and
// one version of the encoding.
func sourceDigest(mods []Module) digest {
	h := xxhash.New()
	for _, s := range []string{compiledFormat, version.Version} {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	sorted := slices.Clone(mods)
	slices.SortFunc(sorted, func(a, b Module) int { return strings.Compare(a.Path, b.Path) })
	for _, m := range sorted {
		fmt.Fprintf(h, "%d:%s%d:%s", len(m.Path), m.Path, len(m.Source), m.Source)
	}
	var d digest
	binary.BigEndian.PutUint64(d[:], h.Sum64())
	return d
}

// digest identifies the rule sources, and seals the body, of a compiled
// rule set: xxhash64, as the file is part of the binary and only mistakes
// (rules changed and not compiled again, a damaged file) are to be told;
// a cryptographic hash of it cost a check of one file 0.3 ms.
type digest [digestSize]byte

// digestSize is the size of a digest.
const digestSize = 8

// digestOf is the digest of b.
func digestOf(b []byte) digest {
	var d digest
	binary.BigEndian.PutUint64(d[:], xxhash.Sum64(b))
	return d
}

// sourcesOf maps each module's path to its text.
func sourcesOf(mods []Module) map[string]string {
	out := make(map[string]string, len(mods))
	for _, m := range mods {
		out[m.Path] = m.Source
	}
	return out
}

// Value tags of the encoding.
const (
	tagNull byte = iota + 1
	tagFalse
	tagTrue
	tagNumber
	tagString
	tagVar
	tagRef
	tagArray
	tagObject
	tagSet
	tagArrayCompr
	tagObjectCompr
	tagSetCompr
	tagCall
)

// Expression forms of the encoding.
const (
	exprTerm byte = iota + 1
	exprCall
	exprSome
	exprEvery
)

// encodeCompiled writes compiled modules, the compiler's rewritten
// variables and the rules' descriptions. Each module is a block of its
// own, with its own tables of strings and locations, so that blocks decode
// side by side. sources are the modules' texts: a location's text that is
// a slice of its file is written as its length.
func encodeCompiled(srcDigest digest, c *ast.Compiler, rules []finding.Rule, sources map[string]string) ([]byte, error) {
	w := newWriter(sources)
	w.uint(len(rules))
	for _, r := range rules {
		for _, s := range []string{r.ID, r.Title, r.Description, r.Remediation, r.DocURL, r.File} {
			w.string(s)
		}
		w.uint(int(r.Severity))
		w.bool(r.Custom)
	}
	vars := make([]ast.Var, 0, len(c.RewrittenVars))
	for v := range c.RewrittenVars {
		vars = append(vars, v)
	}
	slices.Sort(vars)
	w.uint(len(vars))
	for _, v := range vars {
		w.string(string(v))
		w.string(string(c.RewrittenVars[v]))
	}
	names := make([]string, 0, len(c.Modules))
	for name := range c.Modules {
		names = append(names, name)
	}
	slices.Sort(names)
	w.uint(len(names))
	others := referencedPackages(c.Modules)
	for _, name := range names {
		w.string(name)
		guards := reportGuards(c.Modules[name], others)
		w.uint(len(guards))
		for _, body := range guards {
			w.uint(len(body))
			for _, g := range body {
				w.uint(len(g))
				for _, k := range g {
					w.string(k)
				}
			}
		}
		mw := newWriter(sources)
		mw.module(c.Modules[name])
		if mw.err != nil {
			return nil, fmt.Errorf("%s: %w", name, mw.err)
		}
		// The sizes of the block's slabs, then the block.
		for _, n := range mw.counts {
			w.uint(n)
		}
		w.bytes(mw.buf)
	}
	if w.err != nil {
		return nil, w.err
	}
	sum := digestOf(w.buf)
	return slices.Concat(srcDigest[:], sum[:], w.buf), nil
}

// What a block allocates in slabs, counted by the writer.
const (
	countTerms = iota
	countTermPtrs
	countExprs
	countLocations
	countTabs
	countStrings
	countKinds
)

type writer struct {
	buf       []byte
	strings   map[string]int
	locations map[*location.Location]int
	sources   map[string]string
	counts    [countKinds]int
	err       error
}

func newWriter(sources map[string]string) *writer {
	return &writer{strings: map[string]int{}, locations: map[*location.Location]int{}, sources: sources}
}

func (w *writer) fail(format string, args ...any) {
	if w.err == nil {
		w.err = fmt.Errorf(format, args...)
	}
}

func (w *writer) uint(n int) { w.buf = binary.AppendUvarint(w.buf, uint64(n)) }

func (w *writer) bool(b bool) {
	if b {
		w.buf = append(w.buf, 1)
	} else {
		w.buf = append(w.buf, 0)
	}
}

func (w *writer) bytes(b []byte) {
	w.uint(len(b))
	w.buf = append(w.buf, b...)
}

// string writes s once: later writes refer to the first by number.
func (w *writer) string(s string) {
	if i, ok := w.strings[s]; ok {
		w.uint(i + 1)
		return
	}
	w.strings[s] = len(w.strings)
	w.counts[countStrings]++
	w.uint(0)
	w.bytes([]byte(s))
}

// location writes loc once: later writes refer to the first, and the
// decoded terms share one location as the compiled ones do.
func (w *writer) location(loc *location.Location) {
	if loc == nil {
		w.uint(0)
		return
	}
	if i, ok := w.locations[loc]; ok {
		w.uint(i + 2)
		return
	}
	w.locations[loc] = len(w.locations)
	w.counts[countLocations]++
	w.uint(1)
	w.string(loc.File)
	w.uint(loc.Row)
	w.uint(loc.Col)
	w.uint(loc.Offset)
	src, ok := w.sources[loc.File]
	switch {
	case loc.Text == nil:
		w.uint(0)
	case ok && loc.Offset+len(loc.Text) <= len(src) && src[loc.Offset:loc.Offset+len(loc.Text)] == string(loc.Text):
		w.uint(1)
		w.uint(len(loc.Text))
	default:
		w.uint(2)
		w.bytes(loc.Text)
	}
	w.counts[countTabs] += len(loc.Tabs)
	w.uint(len(loc.Tabs))
	for _, t := range loc.Tabs {
		w.uint(t)
	}
}

func (w *writer) module(m *ast.Module) {
	if m.Package == nil {
		w.fail("module without a package")
		return
	}
	w.terms(m.Package.Path)
	w.location(m.Package.Location)
	w.uint(len(m.Imports))
	for _, imp := range m.Imports {
		w.term(imp.Path)
		w.string(string(imp.Alias))
		w.location(imp.Location)
		w.location(imp.AliasLocation)
	}
	w.uint(len(m.Rules))
	for _, r := range m.Rules {
		w.rule(r)
	}
}

func (w *writer) rule(r *ast.Rule) {
	w.bool(r.Default)
	h := r.Head
	w.string(string(h.Name))
	w.terms(h.Reference)
	w.terms(h.Args)
	w.optTerm(h.Key)
	w.optTerm(h.Value)
	w.bool(h.Assign)
	w.location(h.Location)
	w.body(r.Body)
	w.location(r.Location)
	w.bool(r.Else != nil)
	if r.Else != nil {
		w.rule(r.Else)
	}
}

func (w *writer) body(b ast.Body) {
	w.uint(len(b))
	for _, e := range b {
		w.expr(e)
	}
}

func (w *writer) expr(e *ast.Expr) {
	w.counts[countExprs]++
	w.uint(e.Index)
	w.bool(e.Negated)
	w.bool(e.Generated)
	w.location(e.Location)
	if len(e.With) > 0 {
		// topdown tells a with that replaces a function by the type
		// environment, which only type checking fills, and the compiled
		// rules are not type checked: such a with would be ignored.
		w.fail("%v: a built-in rule uses with, which the compiled rules cannot carry; use it in tests only", e.Location)
	}
	switch t := e.Terms.(type) {
	case *ast.Term:
		w.buf = append(w.buf, exprTerm)
		w.term(t)
	case []*ast.Term:
		w.buf = append(w.buf, exprCall)
		w.terms(t)
	case *ast.SomeDecl:
		w.buf = append(w.buf, exprSome)
		w.terms(t.Symbols)
		w.location(t.Location)
	case *ast.Every:
		w.buf = append(w.buf, exprEvery)
		w.optTerm(t.Key)
		w.optTerm(t.Value)
		w.term(t.Domain)
		w.body(t.Body)
		w.location(t.Location)
	default:
		w.fail("expression of type %T", e.Terms)
	}
}

// terms writes a list of terms that decodes into the slab of term lists.
func (w *writer) terms(ts []*ast.Term) {
	w.counts[countTermPtrs] += len(ts)
	w.uint(len(ts))
	for _, t := range ts {
		w.term(t)
	}
}

func (w *writer) optTerm(t *ast.Term) {
	w.bool(t != nil)
	if t != nil {
		w.term(t)
	}
}

func (w *writer) term(t *ast.Term) {
	if t == nil {
		w.fail("missing term")
		return
	}
	w.counts[countTerms]++
	w.location(t.Location)
	switch v := t.Value.(type) {
	case ast.Null:
		w.buf = append(w.buf, tagNull)
	case ast.Boolean:
		if v {
			w.buf = append(w.buf, tagTrue)
		} else {
			w.buf = append(w.buf, tagFalse)
		}
	case ast.Number:
		w.buf = append(w.buf, tagNumber)
		w.string(string(v))
	case ast.String:
		w.buf = append(w.buf, tagString)
		w.string(string(v))
	case ast.Var:
		w.buf = append(w.buf, tagVar)
		w.string(string(v))
	case ast.Ref:
		w.buf = append(w.buf, tagRef)
		w.terms(v)
	case *ast.Array:
		w.buf = append(w.buf, tagArray)
		w.uint(v.Len())
		v.Foreach(w.term)
	case ast.Object:
		w.buf = append(w.buf, tagObject)
		w.uint(v.Len())
		v.Foreach(func(k, x *ast.Term) {
			w.term(k)
			w.term(x)
		})
	case ast.Set:
		w.buf = append(w.buf, tagSet)
		w.uint(v.Len())
		v.Foreach(w.term)
	case *ast.ArrayComprehension:
		w.buf = append(w.buf, tagArrayCompr)
		w.term(v.Term)
		w.body(v.Body)
	case *ast.ObjectComprehension:
		w.buf = append(w.buf, tagObjectCompr)
		w.term(v.Key)
		w.term(v.Value)
		w.body(v.Body)
	case *ast.SetComprehension:
		w.buf = append(w.buf, tagSetCompr)
		w.term(v.Term)
		w.body(v.Body)
	case ast.Call:
		w.buf = append(w.buf, tagCall)
		w.terms(v)
	default:
		w.fail("term of type %T", t.Value)
	}
}

// errCompiled is the error of a compiled rule set that does not decode.
var errCompiled = errors.New("compiled rules do not decode")

// maxDepth bounds the nesting of decoded terms and bodies.
const maxDepth = 512

// decodeCompiled reads what encodeCompiled wrote for digest, its module
// blocks on every CPU; sources are the modules' texts that locations slice.
func decodeCompiled(b []byte, srcDigest digest, sources map[string]string) (*compiledRules, error) {
	if len(b) < 2*digestSize || !bytes.Equal(b[:digestSize], srcDigest[:]) {
		return nil, fmt.Errorf("%w: made from other sources", errCompiled)
	}
	body := b[2*digestSize:]
	if sum := digestOf(body); !bytes.Equal(sum[:], b[digestSize:2*digestSize]) {
		return nil, fmt.Errorf("%w: damaged", errCompiled)
	}
	r := &reader{buf: body}
	out := &compiledRules{modules: map[string]*ast.Module{}, rewritten: map[ast.Var]ast.Var{}}
	for n := r.count(); n > 0 && r.err == nil; n-- {
		var rule finding.Rule
		for _, s := range []*string{&rule.ID, &rule.Title, &rule.Description, &rule.Remediation, &rule.DocURL, &rule.File} {
			*s = r.string()
		}
		rule.Severity = finding.Severity(r.uint())
		rule.Custom = r.bool()
		out.rules = append(out.rules, rule)
	}
	for n := r.count(); n > 0 && r.err == nil; n-- {
		v := ast.Var(r.string())
		out.rewritten[v] = ast.Var(r.string())
	}
	var names []string
	var blocks []*reader
	out.guarded = map[string]*guardedModule{}
	for n := r.count(); n > 0 && r.err == nil; n-- {
		name := r.string()
		guards := r.guards()
		var counts [countKinds]int
		for i := range counts {
			counts[i] = r.uint()
		}
		block := r.bytes()
		// Every counted item takes a byte of the block or more: no count
		// beyond it allocates.
		if slices.ContainsFunc(counts[:], func(n int) bool { return n > len(block) }) {
			r.fail("%s: more items than the block has bytes", name)
			break
		}
		if _, dup := out.guarded[name]; dup || slices.Contains(names, name) {
			r.fail("%s: twice", name)
			break
		}
		br := newReader(block, counts, sources)
		if len(guards) > 0 {
			out.guarded[name] = &guardedModule{guards: guards, block: br}
			continue
		}
		names = append(names, name)
		blocks = append(blocks, br)
	}
	if r.err == nil && len(r.buf) > 0 {
		r.fail("%d bytes after the last module", len(r.buf))
	}
	if r.err != nil {
		return nil, fmt.Errorf("%w: %v", errCompiled, r.err)
	}
	// The largest blocks first, so that no CPU is left with a large one
	// at the end.
	order := make([]int, len(blocks))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return len(blocks[b].buf) - len(blocks[a].buf) })
	mods := make([]*ast.Module, len(blocks))
	errs := make([]error, len(blocks))
	parallel(len(blocks), runtime.GOMAXPROCS(0), func(k int) {
		i := order[k]
		mods[i], errs[i] = blocks[i].decodeModule()
	})
	for i := range blocks {
		if errs[i] != nil {
			return nil, fmt.Errorf("%w: %s: %v", errCompiled, names[i], errs[i])
		}
		out.modules[names[i]] = mods[i]
	}
	return out, nil
}

// decodeModule decodes the block's module, all of the block.
func (r *reader) decodeModule() (*ast.Module, error) {
	m := r.module()
	if r.err == nil && len(r.buf) > 0 {
		r.fail("%d bytes after the module", len(r.buf))
	}
	return m, r.err
}

// guards reads what encodeCompiled wrote of a module's guards: per body of
// its report, the paths it needs non-empty.
func (r *reader) guards() [][]guard {
	var out [][]guard
	for b := r.count(); b > 0 && r.err == nil; b-- {
		body := make([]guard, 0, r.count())
		for g := cap(body); g > 0 && r.err == nil; g-- {
			path := make(guard, 0, r.count())
			for k := cap(path); k > 0 && r.err == nil; k-- {
				path = append(path, r.string())
			}
			body = append(body, path)
		}
		out = append(out, body)
	}
	return out
}

// reader decodes one block. Terms, expressions, locations and lists of
// terms come from slabs of the sizes the block gives; a block that wants
// more than it said is refused.
type reader struct {
	buf       []byte
	strings   []string
	values    [2][]ast.Value // the String and the Var of each string, boxed once (asString, asVar)
	locations []*location.Location
	sources   map[string]string
	block     string // the block as a string, which the table's strings slice
	textFile  string // the source of the locations' texts, as bytes
	text      []byte

	slabTerms []ast.Term
	slabPtrs  []*ast.Term
	slabExprs []ast.Expr
	slabLocs  []location.Location
	slabTabs  []int

	depth int
	err   error
}

func newReader(b []byte, counts [countKinds]int, sources map[string]string) *reader {
	return &reader{buf: b, block: string(b), sources: sources,
		slabTerms: make([]ast.Term, counts[countTerms]),
		slabPtrs:  make([]*ast.Term, counts[countTermPtrs]),
		slabExprs: make([]ast.Expr, counts[countExprs]),
		slabLocs:  make([]location.Location, counts[countLocations]),
		slabTabs:  make([]int, counts[countTabs]),
		strings:   make([]string, 0, counts[countStrings]),
		locations: make([]*location.Location, 0, counts[countLocations]),
		values:    [2][]ast.Value{make([]ast.Value, counts[countStrings]), make([]ast.Value, counts[countStrings])},
	}
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, args...)
	}
	r.buf = nil
}

func (r *reader) uint() int {
	if len(r.buf) > 0 && r.buf[0] < 0x80 {
		n := r.buf[0]
		r.buf = r.buf[1:]
		return int(n)
	}
	n, k := binary.Uvarint(r.buf)
	if k <= 0 || n > math.MaxInt32 {
		r.fail("bad number")
		return 0
	}
	r.buf = r.buf[k:]
	return int(n)
}

// count reads the length of a list that follows, each of whose items takes
// a byte or more of what is left.
func (r *reader) count() int {
	n := r.uint()
	if n > len(r.buf) {
		r.fail("list of %d items in %d bytes", n, len(r.buf))
		return 0
	}
	return n
}

func (r *reader) byte() byte {
	if len(r.buf) == 0 {
		r.fail("unexpected end")
		return 0
	}
	c := r.buf[0]
	r.buf = r.buf[1:]
	return c
}

func (r *reader) bool() bool { return r.byte() == 1 }

func (r *reader) bytes() []byte {
	n := r.count()
	b := r.buf[:n:n]
	r.buf = r.buf[n:]
	return b
}

// stringIndex reads a string and returns its number in the table.
func (r *reader) stringIndex() int {
	i := r.uint()
	if i == 0 {
		b := r.bytes()
		var s string
		if r.block != "" {
			// b is in the block: the string is a slice of the block's.
			at := len(r.block) - len(r.buf) - len(b)
			s = r.block[at : at+len(b)]
		} else {
			s = string(b)
		}
		r.strings = append(r.strings, s)
		return len(r.strings) - 1
	}
	if i > len(r.strings) {
		r.fail("string %d of %d", i, len(r.strings))
		return -1
	}
	return i - 1
}

func (r *reader) string() string {
	if i := r.stringIndex(); i >= 0 {
		return r.strings[i]
	}
	return ""
}

// The kinds of value a string is read as.
const (
	asString = iota
	asVar
)

// value reads a string as a String or a Var, boxed once and shared by every
// term that holds it: values are never changed in place.
func (r *reader) value(kind int) ast.Value {
	i := r.stringIndex()
	if i < 0 {
		return ast.Null{}
	}
	vals := r.values[kind]
	if i >= len(vals) {
		r.fail("string %d beyond the block's %d", i, len(vals))
		return ast.Null{}
	}
	if vals[i] == nil {
		if kind == asString {
			vals[i] = ast.String(r.strings[i])
		} else {
			vals[i] = ast.Var(r.strings[i])
		}
	}
	return vals[i]
}

func (r *reader) location() *location.Location {
	switch i := r.uint(); {
	case i == 0:
		return nil
	case i > 1:
		if i-2 >= len(r.locations) {
			r.fail("location %d of %d", i-2, len(r.locations))
			return nil
		}
		return r.locations[i-2]
	}
	if len(r.slabLocs) == 0 {
		r.fail("more locations than the block has")
		return nil
	}
	loc := &r.slabLocs[0]
	r.slabLocs = r.slabLocs[1:]
	r.locations = append(r.locations, loc)
	loc.File, loc.Row, loc.Col, loc.Offset = r.string(), r.uint(), r.uint(), r.uint()
	switch r.uint() {
	case 0:
	case 1:
		n := r.uint()
		if loc.File != r.textFile {
			r.textFile, r.text = loc.File, []byte(r.sources[loc.File])
		}
		src := r.text
		if n > len(src) || loc.Offset > len(src)-n {
			r.fail("text beyond %s", loc.File)
			return nil
		}
		loc.Text = src[loc.Offset : loc.Offset+n : loc.Offset+n]
	case 2:
		loc.Text = r.bytes()
	default:
		r.fail("bad location text")
	}
	if n := r.count(); n > 0 {
		if n > len(r.slabTabs) {
			r.fail("more tabs than the block has")
			return nil
		}
		loc.Tabs = r.slabTabs[:n:n]
		r.slabTabs = r.slabTabs[n:]
		for i := range loc.Tabs {
			loc.Tabs[i] = r.uint()
		}
	}
	return loc
}

func (r *reader) module() *ast.Module {
	m := &ast.Module{Package: &ast.Package{Path: r.terms()}}
	m.Package.Location = r.location()
	for n := r.count(); n > 0 && r.err == nil; n-- {
		imp := &ast.Import{Path: r.term(), Alias: ast.Var(r.string())}
		imp.Location = r.location()
		imp.AliasLocation = r.location()
		m.Imports = append(m.Imports, imp)
	}
	n := r.count()
	m.Rules = make([]*ast.Rule, 0, n)
	for ; n > 0 && r.err == nil; n-- {
		m.Rules = append(m.Rules, r.rule(m))
	}
	m.SetRegoVersion(ast.RegoV1)
	return m
}

func (r *reader) rule(m *ast.Module) *ast.Rule {
	if !r.enter() {
		return nil
	}
	defer r.leave()
	rule := &ast.Rule{Module: m, Default: r.bool()}
	h := &ast.Head{Name: ast.Var(r.string()), Reference: r.terms(), Args: r.terms()}
	h.Key = r.optTerm()
	h.Value = r.optTerm()
	h.Assign = r.bool()
	h.Location = r.location()
	rule.Head = h
	rule.Body = r.body()
	rule.Location = r.location()
	if r.bool() {
		rule.Else = r.rule(m)
	}
	return rule
}

func (r *reader) enter() bool {
	r.depth++
	if r.depth > maxDepth {
		r.fail("nested deeper than %d", maxDepth)
		return false
	}
	return r.err == nil
}

func (r *reader) leave() { r.depth-- }

func (r *reader) body() ast.Body {
	n := r.count()
	if n == 0 {
		return nil
	}
	b := make(ast.Body, 0, n)
	for ; n > 0 && r.err == nil; n-- {
		b = append(b, r.expr())
	}
	return b
}

func (r *reader) expr() *ast.Expr {
	if !r.enter() {
		return nil
	}
	defer r.leave()
	if len(r.slabExprs) == 0 {
		r.fail("more expressions than the block has")
		return nil
	}
	e := &r.slabExprs[0]
	r.slabExprs = r.slabExprs[1:]
	e.Index, e.Negated, e.Generated = r.uint(), r.bool(), r.bool()
	e.Location = r.location()
	switch r.byte() {
	case exprTerm:
		e.Terms = r.term()
	case exprCall:
		e.Terms = r.terms()
	case exprSome:
		d := &ast.SomeDecl{Symbols: r.terms()}
		d.Location = r.location()
		e.Terms = d
	case exprEvery:
		ev := &ast.Every{Key: r.optTerm(), Value: r.optTerm(), Domain: r.term(), Body: r.body()}
		ev.Location = r.location()
		e.Terms = ev
	default:
		r.fail("bad expression")
	}
	return e
}

// terms reads a list of terms into the slab of lists; the list's capacity
// is its length, so that an append to it copies.
func (r *reader) terms() []*ast.Term {
	n := r.count()
	if n == 0 {
		return nil
	}
	if n > len(r.slabPtrs) {
		r.fail("more term lists than the block has")
		return nil
	}
	ts := r.slabPtrs[:n:n]
	r.slabPtrs = r.slabPtrs[n:]
	for i := range ts {
		ts[i] = r.term()
	}
	return ts
}

func (r *reader) optTerm() *ast.Term {
	if !r.bool() {
		return nil
	}
	return r.term()
}

func (r *reader) term() *ast.Term {
	if !r.enter() || len(r.slabTerms) == 0 {
		r.fail("more terms than the block has")
		return ast.NullTerm()
	}
	defer r.leave()
	t := &r.slabTerms[0]
	r.slabTerms = r.slabTerms[1:]
	t.Location = r.location()
	switch r.byte() {
	case tagNull:
		t.Value = ast.Null{}
	case tagFalse:
		t.Value = ast.Boolean(false)
	case tagTrue:
		t.Value = ast.Boolean(true)
	case tagNumber:
		t.Value = ast.Number(r.string())
	case tagString:
		t.Value = r.value(asString)
	case tagVar:
		t.Value = r.value(asVar)
	case tagRef:
		t.Value = ast.Ref(r.terms())
	case tagArray:
		t.Value = ast.NewArray(r.list()...)
	case tagObject:
		n := r.count()
		obj := ast.NewObjectWithCapacity(n)
		for ; n > 0 && r.err == nil; n-- {
			k, v := r.term(), r.term()
			if r.err == nil {
				obj.Insert(k, v)
			}
		}
		t.Value = obj
	case tagSet:
		t.Value = ast.NewSet(r.list()...)
	case tagArrayCompr:
		t.Value = &ast.ArrayComprehension{Term: r.term(), Body: r.body()}
	case tagObjectCompr:
		t.Value = &ast.ObjectComprehension{Key: r.term(), Value: r.term(), Body: r.body()}
	case tagSetCompr:
		t.Value = &ast.SetComprehension{Term: r.term(), Body: r.body()}
	case tagCall:
		t.Value = ast.Call(r.terms())
	default:
		r.fail("bad term")
	}
	if r.err != nil {
		return ast.NullTerm()
	}
	return t
}

// list reads the items of an array or a set, which keep a slice of their own.
func (r *reader) list() []*ast.Term {
	n := r.count()
	ts := make([]*ast.Term, 0, n)
	for ; n > 0 && r.err == nil; n-- {
		ts = append(ts, r.term())
	}
	return ts
}
