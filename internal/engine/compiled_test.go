package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
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
		t.Fatal("rules/compiled.bin is not the compiled form of the rules beside it: run go generate ./rules")
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
		t.Fatal(err)
	}
	c := fromCompiled(cr, false)
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
	if len(cr.modules) != len(mods) || len(cr.rules) != len(src.rules) {
		t.Fatalf("decoded %d modules and %d rules, want %d and %d", len(cr.modules), len(cr.rules), len(mods), len(src.rules))
	}
	for name, m := range src.compiler.Modules {
		m = m.Copy()
		m.Annotations, m.Comments = nil, nil
		for _, r := range m.Rules {
			r.Annotations = nil
		}
		got := cr.modules[name]
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
		t.Fatal("New compiled the built-in rules from source, not from rules/compiled.bin")
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

// TestCompiledRulesRefuseOthers: another digest, a truncated file or extra
// bytes are refused, never half-read.
func TestCompiledRulesRefuseOthers(t *testing.T) {
	mods, err := BuiltinModules(false)
	if err != nil {
		t.Fatal(err)
	}
	digest, sources := sourceDigest(mods), sourcesOf(mods)
	other := digest
	other[0] ^= 1
	for name, b := range map[string][]byte{
		"other digest": append(other[:], rules.Compiled[len(digest):]...),
		"truncated":    rules.Compiled[:len(rules.Compiled)-1],
		"extra byte":   append(bytes.Clone(rules.Compiled), 0),
		"empty":        nil,
	} {
		if _, err := decodeCompiled(b, digest, sources); !errors.Is(err, errCompiled) {
			t.Errorf("%s: err = %v, want errCompiled", name, err)
		}
	}
}

// FuzzDecodeCompiled: no input makes the decoder panic or loop.
func FuzzDecodeCompiled(f *testing.F) {
	mods, err := BuiltinModules(false)
	if err != nil {
		f.Fatal(err)
	}
	digest, sources := sourceDigest(mods), sourcesOf(mods)
	body := rules.Compiled[len(digest):]
	f.Add(body)
	f.Add(body[:len(body)/2])
	f.Add([]byte{0})
	f.Fuzz(func(t *testing.T, b []byte) {
		cr, err := decodeCompiled(append(digest[:], b...), digest, sources)
		if err == nil && cr == nil {
			t.Fatal("no error and no rules")
		}
	})
}

// BenchmarkNew is the start-up cost of the built-in rules: decoding the
// compiled set, against parsing and compiling the sources.
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
