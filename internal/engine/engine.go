// Package engine owns OPA: it compiles apimlint's built-in Rego rules and the
// user's own, evaluates them once over the whole estate, and turns what they
// report into findings.
//
// Rules run in a sandbox: the built-ins that reach the network or the host
// (http.send, net.lookup_ip_addr, opa.runtime, and the JSON Schema built-ins,
// which read the files a "$ref" names) are removed from the capabilities, so
// a rule that uses one fails to compile with a message naming it; evaluation
// stops at a timeout; print() writes to the writer the caller gives (stderr
// in the CLI).
package engine

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/topdown/print"

	"github.com/apimlint/apimlint/internal/finding"
	"github.com/apimlint/apimlint/rules"
)

// RulesRoot is the package under which every rule, built-in or the user's,
// defines its report set: data.apimlint.rules["rule-id"].report.
const RulesRoot = "apimlint.rules"

// DefaultTimeout bounds one evaluation of all rules.
const DefaultTimeout = 30 * time.Second

// Options configure an engine.
type Options struct {
	// RuleDirs are folders of the user's own rules (*.rego, recursively).
	RuleDirs []string
	// Dir is the folder relative RuleDirs start from; messages show rule
	// files relative to it. "" means the working directory.
	Dir string
	// Timeout bounds an evaluation; zero means DefaultTimeout.
	Timeout time.Duration
	// Print receives the output of print() calls; nil discards it.
	Print io.Writer
	// Config is what rules read as data.apimlint.config: the rule settings
	// of .apimlint.yaml, such as rules[id].params.
	Config map[string]any
}

// Engine evaluates a compiled rule set.
type Engine struct {
	rules    []finding.Rule
	byID     map[string]finding.Rule
	compiler *ast.Compiler
	query    rego.PreparedEvalQuery
	timeout  time.Duration
	print    io.Writer
	store    *estateStore
	reports  []*ast.Term // the keys under data.apimlint.rules that define a report
	each     []ruleQuery // one query per report, prepared when first needed
	compiled bool        // the rules came from rules/compiled.bin

	// cr is set on an engine of the built-in rules decoded from
	// rules/compiled.bin, which has no compiler of its own: each estate
	// is checked by the compiler of the rules that can report on it, with
	// comprehension indices from indexFrom entries on (a variant, made
	// once for each such set). When one cannot be made, the rules are
	// compiled from source (fallback).
	cr       *compiledRules
	mods     []Module
	opts     Options
	variants sync.Map // variantKey → *variant
	fallback variant
}

// variant is an engine made when first needed.
type variant struct {
	once sync.Once
	e    *Engine
	err  error
}

// variantKey names a variant: the modules left out, and whether it has
// comprehension indices.
type variantKey struct {
	skipped string
	indexed bool
}

// indexFrom is the size of an estate (see estateTxn.size) from which
// comprehensions are worth indexing. Building the indices is most of the
// compiler's work at start-up; a comprehension over a few entries costs
// less than they do.
const indexFrom = 64

// ruleQuery is the query of one report, for evaluating rules side by side.
type ruleQuery struct {
	once  sync.Once
	query rego.PreparedEvalQuery
	err   error
}

// Module is one Rego source file.
type Module struct {
	Path   string
	Source string
	Custom bool
}

// New compiles the built-in rules and the user's rules and prepares the query.
func New(ctx context.Context, opts Options) (*Engine, error) {
	mods, err := BuiltinModules(false)
	if err != nil {
		return nil, err
	}
	for _, dir := range opts.RuleDirs {
		user, err := LoadModulesIn(opts.Dir, dir, false)
		if err != nil {
			return nil, err
		}
		mods = append(mods, user...)
	}
	return NewFromModules(ctx, mods, opts)
}

// NewFromModules compiles the given modules (built-in ones included by the
// caller) and prepares the query.
func NewFromModules(ctx context.Context, mods []Module, opts Options) (*Engine, error) {
	builtinOnly := !slices.ContainsFunc(mods, func(m Module) bool { return m.Custom })
	if builtinOnly {
		// The built-in rules alone, as they were compiled when they were
		// tested (TestCompiledRulesAreCurrent), unless they changed since.
		if e, err := fromCompiledRules(mods, opts); err == nil {
			return e, nil
		}
	}
	return fromSource(ctx, mods, opts, builtinOnly)
}

// fromCompiledRules makes the engine of the built-in rules from
// rules/compiled.bin; Eval compiles what an estate needs (see variant).
// A file that does not decode is an error: the caller then compiles from
// source.
func fromCompiledRules(mods []Module, opts Options) (e *Engine, err error) {
	defer func() {
		if r := recover(); r != nil {
			e, err = nil, fmt.Errorf("%w: %v", errCompiled, r)
		}
	}()
	cr, err := decodeCompiled(rules.Compiled, sourceDigest(mods), sourcesOf(mods))
	if err != nil {
		return nil, err
	}
	e = baseEngine(cr.rules, opts, nil)
	e.compiled, e.cr, e.mods, e.opts = true, cr, mods, opts
	return e, nil
}

// forEstate returns the engine that checks the estate of txn: e itself,
// unless e's rules are decoded ones, which are compiled for the estate.
func (e *Engine) forEstate(txn *estateTxn) (*Engine, error) {
	if e.cr == nil {
		return e, nil
	}
	skipped := e.cr.skipped(txn.empty)
	key := variantKey{strings.Join(skipped, "\n"), txn.size() >= indexFrom}
	v, _ := e.variants.LoadOrStore(key, &variant{})
	vv := v.(*variant)
	vv.once.Do(func() {
		vv.e, vv.err = e.compileVariant(skipped, key.indexed)
		if vv.err != nil {
			e.fallback.once.Do(func() {
				// Not the run's context: a cancelled run must not be kept.
				e.fallback.e, e.fallback.err = fromSourceWith(context.Background(), e.mods, e.opts, true, e.store)
			})
			vv.e, vv.err = e.fallback.e, e.fallback.err
		}
	})
	return vv.e, vv.err
}

// compileVariant makes the engine of the decoded rules but the skipped
// modules, reading e's store. A panic inside OPA is an error.
func (e *Engine) compileVariant(skipped []string, indexed bool) (v *Engine, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("%w: %v", errCompiled, r)
		}
	}()
	mods, err := e.cr.without(skipped)
	if err != nil {
		return nil, err
	}
	// Not the run's context: a cancelled run must not be kept.
	if v, err = newEngine(context.Background(), fromCompiled(mods, e.cr.rewritten, e.print != nil, indexed), e.rules, e.opts, e.store); err != nil {
		return nil, err
	}
	v.compiled = true
	return v, nil
}

// fromSource parses and compiles the modules; builtinOnly skips the
// stages that only check.
func fromSource(ctx context.Context, mods []Module, opts Options, builtinOnly bool) (*Engine, error) {
	return fromSourceWith(ctx, mods, opts, builtinOnly, nil)
}

// fromSourceWith is fromSource reading store (nil: a new one).
func fromSourceWith(ctx context.Context, mods []Module, opts Options, builtinOnly bool, store *estateStore) (*Engine, error) {
	parsed, err := parseModules(mods)
	if err != nil {
		return nil, err
	}
	custom := map[string]bool{}
	for _, m := range mods {
		if seen, dup := custom[m.Path]; dup && seen != m.Custom {
			return nil, fmt.Errorf("rules: %s has the name of a built-in rules file, which it would replace; "+
				"rename it or its folder", m.Path)
		}
		custom[m.Path] = m.Custom
	}
	if err := checkBuiltinIDs(mods, parsed); err != nil {
		return nil, err
	}
	c := newCompiler(opts.Print != nil)
	if builtinOnly {
		// The built-in rules alone: the stages that only check, and change
		// nothing, passed when the rules were tested (TestBuiltinRulesCompileStrictly),
		// so a check of one file does not pay for them again.
		c = c.WithSkipStages(checkOnlyStages...)
	}
	if c.Compile(parsed); c.Failed() {
		explainSandbox(c.Errors)
		return nil, fmt.Errorf("compile rules: %w", c.Errors)
	}
	rs, err := readRules(c, parsed, custom)
	if err != nil {
		return nil, err
	}
	return newEngine(ctx, c, rs, opts, store)
}

// newCompiler is the compiler of every rule set, with its sandbox.
func newCompiler(print bool) *ast.Compiler {
	return ast.NewCompiler().
		WithCapabilities(Capabilities()).
		WithEnablePrintStatements(print)
}

// leanSkips are the state stages the engine of a small estate does not
// run (see indexFrom): the comprehension indices, and the generator of
// fresh variables, which serves the compiler's own stages on modules and
// the rewriting of template strings in a query. That engine prepares one
// query, which has none, while it is made: a failure there falls back to
// the sources. The engine with indices runs both.
var leanSkips = []ast.StageID{ast.StageBuildComprehensionIndices, ast.StageInitLocalVarGen}

// fromCompiled gives compiled modules to a compiler that only builds its
// lookup structures (see stateStages). Compile copies the modules it is
// given, which would cost as much as decoding them: it is given each
// module's package alone, and the first stage puts the decoded modules in
// their place.
func fromCompiled(mods map[string]*ast.Module, rewritten map[ast.Var]ast.Var, print, indexed bool) *ast.Compiler {
	stubs := make(map[string]*ast.Module, len(mods))
	for name, m := range mods {
		stubs[name] = &ast.Module{Package: m.Package}
	}
	install := ast.CompilerStageDefinition{Name: "apimlint:install-compiled", MetricName: "apimlint_install_compiled",
		Stage: func(c *ast.Compiler) *ast.Error {
			maps.Copy(c.Modules, mods)
			return nil
		}}
	skip := slices.DeleteFunc(ast.AllStages(), func(s ast.StageID) bool {
		return s == ast.StageResolveRefs || slices.Contains(stateStages, s) &&
			(indexed || !slices.Contains(leanSkips, s))
	})
	c := newCompiler(print).WithSkipStages(skip...).WithStageAfterID(ast.StageResolveRefs, install)
	c.RewrittenVars = rewritten
	c.Compile(stubs)
	return c
}

// newEngine prepares the query over compiled rules, reading store (nil:
// a new one).
func newEngine(ctx context.Context, c *ast.Compiler, rs []finding.Rule, opts Options, store *estateStore) (*Engine, error) {
	if c.Failed() {
		return nil, fmt.Errorf("compile rules: %w", c.Errors)
	}
	e := baseEngine(rs, opts, store)
	e.compiler = c
	e.reports = reportKeys(c)
	e.each = make([]ruleQuery, len(e.reports))
	var err error
	e.query, err = e.prepare(ctx, "f := data."+RulesRoot+"[_].report[_]")
	if err != nil {
		return nil, fmt.Errorf("prepare rules: %w", err)
	}
	return e, nil
}

// baseEngine is an engine of rules rs with no compiler yet, reading store
// (nil: a new one).
func baseEngine(rs []finding.Rule, opts Options, store *estateStore) *Engine {
	e := &Engine{rules: rs, byID: make(map[string]finding.Rule, len(rs)), timeout: cmp.Or(opts.Timeout, DefaultTimeout),
		print: opts.Print, store: store}
	if e.store == nil {
		e.store = &estateStore{configStore(opts.Config)}
	}
	for _, r := range rs {
		e.byID[r.ID] = r
	}
	return e
}

// prepare prepares a query over the rules, with the store and print hook
// every query of this engine has.
func (e *Engine) prepare(ctx context.Context, query string) (rego.PreparedEvalQuery, error) {
	return rego.New(
		rego.Query(query),
		rego.Compiler(e.compiler),
		rego.Store(e.store),
		rego.Capabilities(Capabilities()),
		rego.EnablePrintStatements(e.print != nil),
		rego.PrintHook(printHook{e.print}),
		rego.StrictBuiltinErrors(false),
	).PrepareForEval(ctx)
}

// parallel calls f(0) … f(n-1) on up to workers goroutines.
func parallel(n, workers int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		})
	}
	wg.Wait()
}

// checkBuiltinIDs refuses a rule of the user's that takes a built-in rule's
// ID: its package would merge with the built-in rule's, or replace it.
func checkBuiltinIDs(mods []Module, parsed map[string]*ast.Module) error {
	builtin := map[string]bool{}
	for _, m := range mods {
		if id, ok := rulePackage(parsed[m.Path].Package.Path); ok && !m.Custom {
			builtin[id] = true
		}
	}
	for _, m := range mods {
		if id, ok := rulePackage(parsed[m.Path].Package.Path); ok && m.Custom && builtin[id] &&
			!strings.HasSuffix(id, "_test") {
			return fmt.Errorf("rules: %s:%d: package apimlint.rules[%q] is a built-in rule's; give your rule "+
				"another ID (a built-in rule is switched off in .apimlint.yaml, not replaced)",
				m.Path, parsed[m.Path].Package.Location.Row, id)
		}
	}
	return nil
}

// checkOnlyStages are the compiler stages that report errors and change
// nothing; type checking is the costly one (a quarter of the compilation).
var checkOnlyStages = []ast.StageID{
	ast.StageCheckTypes,
	ast.StageCheckUnusedImports,
	ast.StageCheckDuplicateImports,
	ast.StageCheckKeywordOverrides,
	ast.StageCheckDeprecatedBuiltins,
	ast.StageCheckUnsafeBuiltins,
	ast.StageBuildRequiredCapabilities,
}

// parseModules parses the modules on every CPU.
func parseModules(mods []Module) (map[string]*ast.Module, error) {
	caps := Capabilities()
	out := make([]*ast.Module, len(mods))
	errs := make([]error, len(mods))
	parallel(len(mods), runtime.GOMAXPROCS(0), func(i int) {
		out[i], errs[i] = ast.ParseModuleWithOpts(mods[i].Path, mods[i].Source, ast.ParserOptions{
			ProcessAnnotation: true,
			RegoVersion:       ast.RegoV1,
			Capabilities:      caps,
		})
	})
	parsed := make(map[string]*ast.Module, len(mods))
	for i, m := range mods {
		if errs[i] != nil {
			return nil, fmt.Errorf("parse rules: %w", errs[i])
		}
		if err := rewriteInput(out[i]); err != nil {
			return nil, fmt.Errorf("parse rules: %s:%w", m.Path, err)
		}
		parsed[m.Path] = out[i]
	}
	return parsed, nil
}

// configStore holds the configuration rules read at data.apimlint.config.
func configStore(cfg map[string]any) storage.Store {
	if cfg == nil {
		cfg = map[string]any{}
	}
	return inmem.NewFromObject(map[string]any{"apimlint": map[string]any{"config": cfg}})
}

// Rules returns the rule descriptions, sorted by ID.
func (e *Engine) Rules() []finding.Rule { return e.rules }

// Rule returns the description of one rule.
func (e *Engine) Rule(id string) (finding.Rule, bool) {
	r, ok := e.byID[id]
	return r, ok
}

// Capabilities are OPA's current built-ins minus those that reach outside
// the process: rules may not read the network or the host.
func Capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = slices.DeleteFunc(slices.Clone(caps.Builtins), func(b *ast.Builtin) bool {
		return forbidden(b.Name)
	})
	caps.AllowNet = []string{}
	return caps
}

// forbidden lists the built-ins removed from the sandbox: those that reach
// the network, read the host's files or tell about the host. The JSON
// Schema built-ins are among them because a schema's "$ref" may name a
// file:// URL, which they read (allow_net stops only remote ones).
func forbidden(name string) bool {
	switch name {
	case "http.send", "net.lookup_ip_addr", "opa.runtime", "json.match_schema", "json.verify_schema":
		return true
	}
	return false
}

// explainSandbox says why a built-in a rule calls is undefined when the
// sandbox removed it.
func explainSandbox(errs ast.Errors) {
	for _, e := range errs {
		name, ok := strings.CutPrefix(e.Message, "undefined function ")
		if ok && forbidden(name) {
			e.Message += " (apimlint rules run without network or host access: " + name + " is switched off)"
		}
	}
}

// BuiltinModules returns the embedded rules; tests are included on request.
func BuiltinModules(tests bool) ([]Module, error) {
	var mods []Module
	err := fs.WalkDir(rules.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isRego(p, tests) {
			return err
		}
		b, err := rules.FS.ReadFile(p)
		if err != nil {
			return err
		}
		mods = append(mods, Module{Path: "rules/" + p, Source: string(b)})
		return nil
	})
	return mods, err
}

// LoadModulesIn reads every .rego file under dir, a folder relative to base
// ("" for the working directory), and names each file relative to base.
func LoadModulesIn(base, dir string, tests bool) ([]Module, error) {
	full := dir
	if base != "" && !filepath.IsAbs(dir) {
		full = filepath.Join(base, dir)
	}
	mods, err := LoadModules(full, tests)
	if err != nil {
		return nil, err
	}
	absBase, err := filepath.Abs(cmp.Or(base, "."))
	if err != nil {
		return mods, nil
	}
	for i, m := range mods {
		abs, err := filepath.Abs(filepath.FromSlash(m.Path))
		if err != nil {
			continue
		}
		if rel, err := filepath.Rel(absBase, abs); err == nil && !strings.HasPrefix(rel, "..") {
			mods[i].Path = filepath.ToSlash(rel)
		}
	}
	return mods, nil
}

// LoadModules reads every .rego file under dir.
func LoadModules(dir string, tests bool) ([]Module, error) {
	var mods []Module
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !isRego(p, tests) {
			return nil
		}
		b, err := readFile(p)
		if err != nil {
			return err
		}
		mods = append(mods, Module{Path: filepath.ToSlash(p), Source: string(b), Custom: true})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read rules in %s: %w", dir, err)
	}
	if len(mods) == 0 {
		return nil, fmt.Errorf("read rules in %s: no .rego files", dir)
	}
	return mods, nil
}

func isRego(p string, tests bool) bool {
	if path.Ext(p) != ".rego" {
		return false
	}
	return tests || !strings.HasSuffix(p, "_test.rego")
}

// Eval runs every rule once over input, the estate, and returns the
// findings, each with the severity the rule gave it. The input is a Go
// value that the rules' reads convert part by part (see ToValue), or an
// OPA value.
func (e *Engine) Eval(ctx context.Context, input any) ([]finding.Finding, error) {
	txn, err := e.store.begin(ctx, input)
	if err != nil {
		return nil, err
	}
	defer e.store.end(ctx, txn)
	v, err := e.forEstate(txn)
	if err != nil {
		return nil, err
	}
	return v.eval(ctx, txn)
}

// eval runs every rule once over the estate of txn.
func (e *Engine) eval(ctx context.Context, txn *estateTxn) ([]finding.Finding, error) {
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	var rs rego.ResultSet
	var err error
	if workers := runtime.GOMAXPROCS(0); workers > 1 && len(e.reports) > 1 && txn.size() >= parallelFrom {
		rs, err = e.evalEach(ctx, txn, workers)
	} else {
		rs, err = e.query.Eval(ctx, rego.EvalTransaction(txn))
	}
	if err != nil {
		if topdown.IsCancel(err) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, e.timeoutError(txn)
		}
		return nil, fmt.Errorf("evaluate rules: %w", err)
	}
	return e.decode(rs)
}

// decode turns the results of the report queries into findings.
func (e *Engine) decode(rs rego.ResultSet) ([]finding.Finding, error) {
	out := make([]finding.Finding, 0, len(rs))
	for _, r := range rs {
		f, err := decodeFinding(r.Bindings["f"])
		if err != nil {
			return nil, err
		}
		if _, ok := e.byID[f.Rule]; !ok {
			return nil, fmt.Errorf("rule reported unknown rule id %q", f.Rule)
		}
		out = append(out, f)
	}
	return out, nil
}

// parallelFrom is the size of an input (the entries of its collections)
// from which the rules run side by side, one query per rule on every CPU.
// Below it one query for all rules costs less: it prepares no more queries,
// and shares the helpers that several rules call.
const parallelFrom = 2000

// size counts the entries of the estate's top-level collections.
func (t *estateTxn) size() int {
	if t.value != nil {
		obj, ok := t.value.(ast.Object)
		if !ok {
			return 0
		}
		n := 0
		obj.Foreach(func(_, v *ast.Term) {
			switch v := v.Value.(type) {
			case ast.Object:
				n += v.Len()
			case *ast.Array:
				n += v.Len()
			}
		})
		return n
	}
	v := deref(t.root)
	n := 0
	count := func(x reflect.Value) {
		if x = deref(x); x.Kind() == reflect.Map || x.Kind() == reflect.Slice {
			n += x.Len()
		}
	}
	switch v.Kind() {
	case reflect.Struct:
		for _, f := range structPlan(v.Type()) {
			count(v.FieldByIndex(f.index))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			count(v.MapIndex(k))
		}
	}
	return n
}

// evalEach evaluates each report under data.apimlint.rules with its own
// query, on workers goroutines, and returns the results in the order one
// query for all would give them. A rule that fails does not
// stop the others: the error reported is the first in that order, as with
// one query, whichever finished first. print() output is kept per report
// and written in that order too. The queries share the transaction, and
// with it each part of the estate converted.
func (e *Engine) evalEach(ctx context.Context, txn *estateTxn, workers int) (rego.ResultSet, error) {
	n := len(e.reports)
	results := make([]rego.ResultSet, n)
	errs := make([]error, n)
	printed := make([]bytes.Buffer, n)
	parallel(n, workers, func(i int) {
		q, err := e.reportQuery(i)
		if err == nil {
			results[i], err = q.Eval(ctx, rego.EvalTransaction(txn), rego.EvalPrintHook(printHook{&printed[i]}))
		}
		errs[i] = err
	})
	if e.print != nil {
		for i := range printed {
			_, _ = printed[i].WriteTo(e.print)
		}
	}
	// An error of its own before one that only says the run was stopped.
	for _, err := range errs {
		if err != nil && !topdown.IsCancel(err) {
			return nil, err
		}
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	var all rego.ResultSet
	for _, r := range results {
		all = append(all, r...)
	}
	return all, nil
}

// reportKeys returns the keys under data.apimlint.rules that define a
// report, in the order a query over all of them enumerates them: every
// rule package, and anything else that defines one there.
func reportKeys(c *ast.Compiler) []*ast.Term {
	node := c.RuleTree
	for _, t := range ast.MustParseRef("data." + RulesRoot) {
		if node = node.Child(t.Value); node == nil {
			return nil
		}
	}
	var keys []*ast.Term
	for _, k := range node.Sorted {
		if node.Child(k).Child(ast.String("report")) != nil {
			keys = append(keys, ast.NewTerm(k))
		}
	}
	slices.SortFunc(keys, func(a, b *ast.Term) int { return a.Value.Compare(b.Value) })
	return keys
}

// reportQuery prepares the query of report i once.
func (e *Engine) reportQuery(i int) (rego.PreparedEvalQuery, error) {
	rq := &e.each[i]
	rq.once.Do(func() {
		// Not the run's context: a cancelled run must not be kept.
		rq.query, rq.err = e.prepare(context.Background(), fmt.Sprintf("f := data.%s[%v].report[_]", RulesRoot, e.reports[i]))
		if rq.err != nil {
			rq.err = fmt.Errorf("prepare rules %v: %w", e.reports[i], rq.err)
		}
	})
	return rq.query, rq.err
}

// timeoutError finds which rules do not finish, by running each alone with a
// short budget, so the message can name them.
func (e *Engine) timeoutError(txn *estateTxn) error {
	var slow []string
	for i, key := range e.reports {
		q, err := e.reportQuery(i)
		if err != nil {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), min(e.timeout, 2*time.Second))
		_, err = q.Eval(ctx, rego.EvalTransaction(txn), rego.EvalPrintHook(printHook{}))
		cancel()
		if err != nil && topdown.IsCancel(err) {
			name := key.String()
			if s, ok := key.Value.(ast.String); ok {
				name = string(s)
			}
			slow = append(slow, name)
		}
	}
	if len(slow) == 0 {
		return fmt.Errorf("rules did not finish within %s", e.timeout)
	}
	return fmt.Errorf("rules did not finish within %s: %s (stopped; a rule that loops or scans too much)",
		e.timeout, strings.Join(slow, ", "))
}

// printHook writes print() output to w; a nil w discards it. Rules that
// run side by side each print to their own buffer.
type printHook struct{ w io.Writer }

func (h printHook) Print(ctx print.Context, msg string) error {
	if h.w == nil {
		return nil
	}
	loc := ""
	if ctx.Location != nil {
		loc = fmt.Sprintf("%s:%d: ", ctx.Location.File, ctx.Location.Row)
	}
	_, err := fmt.Fprintf(h.w, "%s%s\n", loc, msg)
	return err
}
