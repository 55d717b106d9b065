package engine

import (
	"context"
	"errors"
	"strings"

	"github.com/apimlint/apimlint/internal/finding"
)

// EvalVariants evaluates input with each compiler a check may use for it,
// when e's rules are decoded ones: with and without comprehension indices,
// each with the modules that cannot report on input left out and with
// every module. It also returns the modules left out.
func EvalVariants(ctx context.Context, e *Engine, input any) (byVariant map[string][]finding.Finding, skipped []string, err error) {
	if e.cr == nil {
		return nil, nil, errNotDecoded
	}
	txn, err := e.store.begin(ctx, input)
	if err != nil {
		return nil, nil, err
	}
	defer e.store.end(ctx, txn)
	skipped = e.cr.skipped(txn.empty)
	byVariant = map[string][]finding.Finding{}
	for _, skip := range [][]string{skipped, nil} {
		for _, indexed := range []bool{false, true} {
			v, err := e.compileVariant(skip, indexed)
			if err != nil {
				return nil, nil, err
			}
			fs, err := v.eval(ctx, txn)
			if err != nil {
				return nil, nil, err
			}
			name := "lean"
			if indexed {
				name = "indexed"
			}
			if skip == nil {
				name += ", every module"
			} else {
				name += ", without " + strings.Join(skip, " ")
			}
			byVariant[name] = fs
		}
	}
	return byVariant, skipped, nil
}

var errNotDecoded = errors.New("the engine's rules were compiled from source")

// MadeIndexed reports whether e made an engine with comprehension indices.
func MadeIndexed(e *Engine) bool {
	made := false
	e.variants.Range(func(k, _ any) bool {
		made = made || k.(variantKey).indexed
		return !made
	})
	return made
}
