package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/apimlint/apimlint/rules"
)

var update = flag.Bool("update", false, "rewrite rules/compiled.bin from the built-in rules")

// compileBuiltins compiles the built-in rules from source as a check does
// without the compiled set, and encodes the result.
func compileBuiltins(t testing.TB, print bool) ([]byte, []Module) {
	t.Helper()
	mods, err := BuiltinModules(false)
	if err != nil {
		t.Fatal(err)
	}
	e, err := fromSource(context.Background(), mods, Options{Print: printTo(print)}, true)
	if err != nil {
		t.Fatal(err)
	}
	b, err := encodeCompiled(sourceDigest(mods), e.compiler, e.rules, sourcesOf(mods))
	if err != nil {
		t.Fatal(err)
	}
	return b, mods
}

func printTo(print bool) *bytes.Buffer {
	if print {
		return &bytes.Buffer{}
	}
	return nil
}

// TestCompiledRulesAreCurrent fails when rules/compiled.bin was not made
// from the rules beside it, by this version of OPA and of the encoding.
// `go generate ./rules` remakes it.
func TestCompiledRulesAreCurrent(t *testing.T) {
	want, _ := compileBuiltins(t, false)
	if printed, _ := compileBuiltins(t, true); !bytes.Equal(printed, want) {
		t.Fatal("the built-in rules compile differently when print() is on: a rule calls print()")
	}
	if *update {
		if err := os.WriteFile("../../rules/compiled.bin", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(rules.Compiled, want) {
		t.Fatal("rules/compiled.bin is not what the rules beside it compile to with this OPA and this engine: run go generate ./rules")
	}
}

// TestCompiledRulesRoundTrip decodes the compiled rules and encodes them
// again: every field the encoding carries comes back. Those it does not
// carry (comments, annotations) are not read after compilation; the rules'
// descriptions, which come from annotations, are carried whole.
func TestCompiledRulesRoundTrip(t *testing.T) {
	mods, err := BuiltinModules(false)
	if err != nil {
		t.Fatal(err)
	}
	cr, err := decodeCompiled(rules.Compiled, sourceDigest(mods), sourcesOf(mods))
	if err != nil {
		t.Fatalf("%v: run go generate ./rules", err)
	}
	all, err := cr.without(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := fromCompiled(all, cr.rewritten, false, true)
	if c.Failed() {
		t.Fatal(c.Errors)
	}
	again, err := encodeCompiled(sourceDigest(mods), c, cr.rules, sourcesOf(mods))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, rules.Compiled) {
		t.Fatal("decoding and encoding the compiled rules changed them")
	}
	src, err := fromSource(context.Background(), mods, Options{}, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(mods) || len(cr.rules) != len(src.rules) {
		t.Fatalf("decoded %d modules and %d rules, want %d and %d", len(all), len(cr.rules), len(mods), len(src.rules))
	}
	for name, m := range src.compiler.Modules {
		m = m.Copy()
		m.Annotations, m.Comments = nil, nil
		for _, r := range m.Rules {
			r.Annotations = nil
		}
		got := all[name]
		if got == nil || !got.Equal(m) || got.String() != m.String() {
			t.Errorf("%s: decoded module differs from the compiled source", name)
		}
	}
	for i, r := range src.rules {
		if cr.rules[i] != r {
			t.Errorf("rule %d = %+v, want %+v", i, cr.rules[i], r)
		}
	}
}

// TestNewUsesCompiledRules: a check with the built-in rules alone decodes
// them; a changed source compiles from source, and the change is seen.
func TestNewUsesCompiledRules(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !e.compiled {
		t.Fatal("New compiled the built-in rules from source, not from rules/compiled.bin: is it current (go generate ./rules)?")
	}

	mods, err := BuiltinModules(false)
	if err != nil {
		t.Fatal(err)
	}
	const title = "# title: Keep <base /> in every section"
	changed := false
	for i, m := range mods {
		if strings.HasSuffix(m.Path, "/policy_base_required.rego") && strings.Contains(m.Source, title) {
			mods[i].Source = strings.Replace(m.Source, title, "# title: Changed", 1)
			changed = true
		}
	}
	if !changed {
		t.Fatalf("%q is not in policy_base_required.rego", title)
	}
	e, err = NewFromModules(ctx, mods, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := e.Rule("policy-base-required"); e.compiled || r.Title != "Changed" {
		t.Fatalf("compiled = %v, title = %q; want the changed rule compiled from source", e.compiled, r.Title)
	}
}

// TestOPAJSONDoesNotCarryModules is why compiled rules have a format of
// their own: OPA's JSON form of a module does not read back, even before
// compilation. If it does one day, the JSON form could replace ours (it
// would still need to be fast to read: it is 2.5 MB with locations).
func TestOPAJSONDoesNotCarryModules(t *testing.T) {
	mods, err := BuiltinModules(false)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := parseModules(mods)
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, m := range parsed {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var back ast.Module
		if json.Unmarshal(b, &back) != nil {
			failed++
		}
	}
	if failed == 0 {
		t.Fatal("every built-in module reads back from OPA's JSON form: reconsider rules/compiled.bin's own format")
	}
}

// sealed returns body as a compiled rule set for digest: with the digest
// and the hash of the body, as the decoder checks them.
func sealed(d digest, body []byte) []byte {
	sum := digestOf(body)
	return slices.Concat(d[:], sum[:], body)
}

// TestCompiledRulesRefuseOthers: another digest, a damaged, truncated or
// longer file are refused, never half-read.
func TestCompiledRulesRefuseOthers(t *testing.T) {
	mods, err := BuiltinModules(false)
	if err != nil {
		t.Fatal(err)
	}
	digest, sources := sourceDigest(mods), sourcesOf(mods)
	other := digest
	other[0] ^= 1
	body := rules.Compiled[2*digestSize:]
	damaged := bytes.Clone(rules.Compiled)
	damaged[len(damaged)/2] ^= 1
	for name, b := range map[string][]byte{
		"other digest":     slices.Concat(other[:], rules.Compiled[digestSize:]),
		"damaged":          damaged,
		"truncated":        rules.Compiled[:len(rules.Compiled)-1],
		"truncated sealed": sealed(digest, body[:len(body)-1]),
		"extra byte":       sealed(digest, append(bytes.Clone(body), 0)),
		"empty":            nil,
	} {
		if _, err := decodeCompiled(b, digest, sources); !errors.Is(err, errCompiled) {
			t.Errorf("%s: err = %v, want errCompiled", name, err)
		}
	}
}

// TestCompiledRulesAllocateWithinTheirSize: the slabs a block asks for are
// bounded by its length, so a small file that claims huge counts is
// refused before it allocates them.
func TestCompiledRulesAllocateWithinTheirSize(t *testing.T) {
	w := newWriter(nil)
	w.uint(0) // rules
	w.uint(0) // rewritten variables
	// Each count is less than the file's length, but more than its block's.
	const blocks = 200
	w.uint(blocks)
	for range blocks {
		w.string("m")
		for range countKinds {
			w.uint(8000)
		}
		w.bytes(make([]byte, 64))
	}
	digest := sourceDigest(nil)
	b := sealed(digest, w.buf)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := decodeCompiled(b, digest, nil)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, errCompiled) {
		t.Fatalf("err = %v, want errCompiled", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("decoding %d bytes allocated %d MB", len(b), grew>>20)
	}
}

// TestDamagedCompiledRulesFallBack: a compiled set that decodes but is
// wrong inside (here: sealed again after a byte was changed) must never
// crash the engine: New compiles from source instead, or uses what decoded.
func TestDamagedCompiledRulesFallBack(t *testing.T) {
	mods, err := BuiltinModules(false)
	if err != nil {
		t.Fatal(err)
	}
	digest := sourceDigest(mods)
	saved := rules.Compiled
	defer func() { rules.Compiled = saved }()
	body := saved[2*digestSize:]
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 60 {
		mutant := bytes.Clone(body)
		for range 1 + i%3 {
			mutant[rng.IntN(len(mutant))] ^= byte(1 + rng.IntN(255))
		}
		rules.Compiled = sealed(digest, mutant)
		if _, err := New(context.Background(), Options{}); err != nil {
			t.Fatalf("mutant %d: %v", i, err)
		}
	}
}

// TestCompilerStagesAreKnown: every stage of this OPA is either one a
// compiled rule set runs, or one whose work is in the compiled modules. A
// stage a later OPA adds fails here until it is placed.
func TestCompilerStagesAreKnown(t *testing.T) {
	inModules := []ast.StageID{
		ast.StageResolveRefs, ast.StageCheckUnusedImports, ast.StageRewriteRuleHeadRefs,
		ast.StageCheckKeywordOverrides, ast.StageCheckDuplicateImports, ast.StageRemoveImports,
		ast.StageRewriteLocalVars, ast.StageRewriteTemplateStrings, ast.StageCheckVoidCalls,
		ast.StageRewritePrintCalls, ast.StageRewriteExprTerms, ast.StageParseMetadataBlocks,
		ast.StageSetAnnotationSet, ast.StageRewriteRegoMetadataCalls, ast.StageSetGraph,
		ast.StageRewriteComprehensionTerms, ast.StageRewriteRefsInHead, ast.StageRewriteWithValues,
		ast.StageCheckRuleConflicts, ast.StageCheckUndefinedFuncs, ast.StageCheckSafetyRuleHeads,
		ast.StageCheckSafetyRuleBodies, ast.StageRewriteEquals, ast.StageRewriteDynamicTerms,
		ast.StageRewriteTestRulesForTracing, ast.StageCheckRecursion, ast.StageCheckTypes,
		ast.StageCheckUnsafeBuiltins, ast.StageCheckDeprecatedBuiltins, ast.StageBuildRequiredCapabilities,
	}
	for _, s := range ast.AllStages() {
		if !slices.Contains(stateStages, s) && !slices.Contains(inModules, s) {
			t.Errorf("compiler stage %s is new: decide whether a compiled rule set runs it (stateStages)", s)
		}
	}
}

// FuzzDecodeCompiled: no input makes the decoder panic or loop. The
// inputs are sealed, so that they reach the decoding itself.
func FuzzDecodeCompiled(f *testing.F) {
	c := newCompiler(false)
	src := "package p\n\nx contains {\"a\": y} if {\n\tsome y in input.a\n\tnot y == [1, {2}]\n}\n"
	m, err := ast.ParseModuleWithOpts("p.rego", src, ast.ParserOptions{RegoVersion: ast.RegoV1})
	if err != nil {
		f.Fatal(err)
	}
	if c.Compile(map[string]*ast.Module{"p.rego": m}); c.Failed() {
		f.Fatal(c.Errors)
	}
	sources := map[string]string{"p.rego": src}
	digest := sourceDigest(nil)
	small, err := encodeCompiled(digest, c, nil, sources)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(small[2*digestSize:])
	f.Add(rules.Compiled[2*digestSize : 2*digestSize+512])
	f.Add([]byte{0})
	f.Fuzz(func(t *testing.T, b []byte) {
		cr, err := decodeCompiled(sealed(digest, b), digest, sources)
		if err == nil && cr == nil {
			t.Fatal("no error and no rules")
		}
	})
}

// BenchmarkNew is the start-up cost of the built-in rules before the
// estate is known: decoding the modules of the compiled set that every
// check compiles (the rest are decoded by the check that needs them),
// against parsing and compiling the sources. BenchmarkCompile in
// internal/lint adds a check of one file.
func BenchmarkNew(b *testing.B) {
	ctx := context.Background()
	mods, err := BuiltinModules(false)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("compiled", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if e, err := New(ctx, Options{}); err != nil || !e.compiled {
				b.Fatal(err, "or not compiled")
			}
		}
	})
	b.Run("source", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := fromSource(ctx, mods, Options{}, true); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestCompiledRulesThatCrashOPAFallBack: compiled modules that decode but
// make OPA's compiler panic (a call whose operator is no reference, which
// indexing comprehensions meets) are compiled from source instead.
func TestCompiledRulesThatCrashOPAFallBack(t *testing.T) {
	src := "package apimlint.lib.probe\n\nx if input.a == 1\n"
	mods := []Module{{Path: "rules/lib/probe.rego", Source: src}}
	parsed, err := ast.ParseModuleWithOpts(mods[0].Path, src, ast.ParserOptions{RegoVersion: ast.RegoV1})
	if err != nil {
		t.Fatal(err)
	}
	bad := parsed.Copy()
	bad.Rules[0].Body = ast.NewBody(ast.NewExpr([]*ast.Term{ast.NullTerm(), ast.IntNumberTerm(1)}))
	c := ast.NewCompiler()
	c.Modules = map[string]*ast.Module{mods[0].Path: bad}
	b, err := encodeCompiled(sourceDigest(mods), c, nil, sourcesOf(mods))
	if err != nil {
		t.Fatal(err)
	}
	saved := rules.Compiled
	defer func() { rules.Compiled = saved }()
	rules.Compiled = b
	e, err := NewFromModules(context.Background(), mods, Options{})
	if err != nil || !e.compiled {
		t.Fatalf("err = %v, compiled = %v; want the compiled rules decoded", err, e != nil && e.compiled)
	}
	if _, err := e.compileVariant(nil, true); !errors.Is(err, errCompiled) || !strings.Contains(err.Error(), "interface conversion") {
		t.Fatalf("compileVariant: err = %v, want the panic as errCompiled", err)
	}
	// An estate large enough for comprehension indices.
	txn, err := e.store.begin(context.Background(), map[string]any{"a": make([]int, indexFrom)})
	if err != nil {
		t.Fatal(err)
	}
	defer e.store.end(context.Background(), txn)
	v, err := e.forEstate(txn)
	if err != nil || v.compiled || v.store != e.store {
		t.Fatalf("forEstate: err = %v, compiled = %v; want the rules compiled from source, reading the same store",
			err, v != nil && v.compiled)
	}
}
