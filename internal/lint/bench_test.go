package lint

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/apimlint/apimlint/internal/bench/gen"
	"github.com/apimlint/apimlint/internal/engine"
)

// -bench.large adds the 12,000-file estate of scripts/bench to the benchmarks
// (slow: a few seconds per iteration; meant for profiling).
var benchLarge = flag.Bool("bench.large", false, "also benchmark the 12,000-file estate")

func benchSizes() []struct {
	name string
	apis int
} {
	sizes := []struct {
		name string
		apis int
	}{{"small", 10}, {"medium", 200}}
	if *benchLarge {
		sizes = append(sizes, struct {
			name string
			apis int
		}{"large", gen.Large.APIs})
	}
	return sizes
}

// BenchmarkCheck runs the whole pipeline, rules compiled included, over
// synthetic APIOps estates of 10 APIs (60 policies) and 200 APIs (1,200).
func BenchmarkCheck(b *testing.B) {
	for _, size := range benchSizes() {
		b.Run(size.name, func(b *testing.B) {
			dir := b.TempDir()
			opts := gen.Large
			opts.APIs = size.apis
			if _, err := gen.APIOps(dir, opts); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Check(context.Background(), Options{Dir: dir}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEval evaluates the rules over an estate already built: the cost
// of the rules, and of converting the parts of the estate they read.
func BenchmarkEval(b *testing.B) {
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range benchSizes() {
		b.Run(size.name, func(b *testing.B) {
			dir := b.TempDir()
			opts := gen.Large
			opts.APIs = size.apis
			if _, err := gen.APIOps(dir, opts); err != nil {
				b.Fatal(err)
			}
			est, _, err := Build(Options{Dir: dir})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := eng.Eval(ctx, est); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBuild reads, parses and links an estate.
func BenchmarkBuild(b *testing.B) {
	for _, size := range benchSizes() {
		b.Run(size.name, func(b *testing.B) {
			dir := b.TempDir()
			opts := gen.Large
			opts.APIs = size.apis
			if _, err := gen.APIOps(dir, opts); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := Build(Options{Dir: dir}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCompile is the start-up cost: decoding the built-in rules,
// compiling those that can report on a check of one policy file, and
// checking it.
func BenchmarkCompile(b *testing.B) {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "policy.xml"), []byte(onePolicy), 0o644); err != nil {
		b.Fatal(err)
	}
	est, _, err := Build(Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		e, err := engine.New(context.Background(), engine.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.Eval(context.Background(), est); err != nil {
			b.Fatal(err)
		}
	}
}

const onePolicy = `<policies>
	<inbound>
		<base />
		<set-header name="X-Request-Id" exists-action="skip">
			<value>@(context.RequestId.ToString())</value>
		</set-header>
	</inbound>
	<backend><base /></backend>
	<outbound><base /></outbound>
	<on-error><base /></on-error>
</policies>
`
