// Package ruletest runs the Rego unit tests of apimlint's rules and of the
// user's own, with OPA's tester, in the same sandbox as a check.
//
// Tests may call apimlint.estate(files), a built-in that exists only here: it
// builds the input document from an object of file paths to contents, through
// the same readers and linker as a real check, so a test states its input as
// the policy XML, Bicep or JSON a user writes:
//
//	test_reports_ignore_error if {
//		inp := apimlint.estate({"policy.xml": `<policies>...</policies>`})
//		report == {...} with input as inp
//	}
package ruletest

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/apimlint/apimlint/internal/engine"
	"github.com/apimlint/apimlint/internal/lint"
)

// EstateBuiltin is the name of the test-only built-in.
const EstateBuiltin = "apimlint.estate"

var estateDecl = &rego.Function{
	Name: EstateBuiltin,
	Decl: types.NewFunction(
		types.Args(types.Named("files", types.NewObject(nil, types.NewDynamicProperty(types.S, types.S)))),
		types.Named("input", types.A),
	),
	Description: "Builds the rule input from an object of file paths to contents.",
}

// Options control Run.
type Options struct {
	// Filter selects tests by a regular expression over their names.
	Filter string
	// Timeout bounds each test; zero means 10 seconds.
	Timeout time.Duration
	// Trace records the evaluation of failing tests, so Report can show the
	// failing expression and its variables.
	Trace bool
}

// Run compiles the modules (rules and their tests) and runs every test.
func Run(ctx context.Context, mods []engine.Module, opts Options) ([]*tester.Result, error) {
	caps := Capabilities()
	parsed := make(map[string]*ast.Module, len(mods))
	for _, m := range mods {
		pm, err := ast.ParseModuleWithOpts(m.Path, m.Source, ast.ParserOptions{
			ProcessAnnotation: true, RegoVersion: ast.RegoV1, Capabilities: caps,
		})
		if err != nil {
			return nil, fmt.Errorf("parse rules: %w", err)
		}
		parsed[m.Path] = pm
	}
	if opts.Timeout == 0 {
		opts.Timeout = 10 * time.Second
	}
	c := ast.NewCompiler().WithCapabilities(caps).WithEnablePrintStatements(true)
	r := tester.NewRunner().
		SetCompiler(c).
		AddCustomBuiltins([]*tester.Builtin{{Decl: builtinDecl(), Func: rego.Function1(estateDecl, estate)}}).
		CapturePrintOutput(true).
		RaiseBuiltinErrors(true).
		SetTimeout(opts.Timeout).
		EnableTracing(opts.Trace).
		Filter(opts.Filter)
	ch, err := r.Run(ctx, parsed)
	if err != nil {
		// The channel is nil when Run fails: never range over it then.
		return nil, fmt.Errorf("compile rule tests: %w", err)
	}
	var results []*tester.Result
	for res := range ch {
		results = append(results, res)
	}
	sort.Slice(results, func(i, j int) bool {
		if results[i].Package != results[j].Package {
			return results[i].Package < results[j].Package
		}
		return results[i].Name < results[j].Name
	})
	return results, nil
}

// Report prints results the way opa test does; verbose lists passing tests
// too. It returns whether every test passed.
func Report(w io.Writer, results []*tester.Result, verbose bool) (bool, error) {
	ch := make(chan *tester.Result, len(results))
	ok := true
	for _, r := range results {
		ch <- r
		ok = ok && r.Pass()
	}
	close(ch)
	rep := tester.PrettyReporter{Output: w, Verbose: verbose, FailureLine: true, LocalVars: true}
	return ok, rep.Report(ch)
}

// Capabilities are the engine's, plus the test-only built-in.
func Capabilities() *ast.Capabilities {
	caps := engine.Capabilities()
	caps.Builtins = append(caps.Builtins, builtinDecl())
	return caps
}

func builtinDecl() *ast.Builtin {
	return &ast.Builtin{Name: EstateBuiltin, Decl: estateDecl.Decl, Description: estateDecl.Description}
}

// estate writes the files into a temporary folder and builds the input
// document from it, exactly as apimlint check would.
func estate(_ rego.BuiltinContext, files *ast.Term) (*ast.Term, error) {
	obj, ok := files.Value.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("%s: want an object of paths to contents", EstateBuiltin)
	}
	dir, err := os.MkdirTemp("", "apimlint-test-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	err = obj.Iter(func(k, v *ast.Term) error {
		name, ok1 := k.Value.(ast.String)
		content, ok2 := v.Value.(ast.String)
		if !ok1 || !ok2 {
			return fmt.Errorf("%s: paths and contents must be strings", EstateBuiltin)
		}
		p := filepath.FromSlash(string(name))
		if filepath.IsAbs(p) || strings.HasPrefix(filepath.Clean(p), "..") {
			return fmt.Errorf("%s: path %q must stay inside the test folder", EstateBuiltin, name)
		}
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		return os.WriteFile(full, []byte(content), 0o644)
	})
	if err != nil {
		return nil, err
	}
	est, _, err := lint.Build(lint.Options{Paths: []string{"."}, Dir: dir, Workers: 1})
	if err != nil {
		return nil, err
	}
	v, err := lint.Input(est)
	if err != nil {
		return nil, err
	}
	return ast.NewTerm(v), nil
}
