package engine

import (
	"context"
	"errors"

	"github.com/apimlint/apimlint/internal/finding"
)

// EvalLeanAndIndexed evaluates input twice: with e's compiler, without
// comprehension indices when e came from rules/compiled.bin, and with the
// engine that has them.
func EvalLeanAndIndexed(ctx context.Context, e *Engine, input any) (lean, indexed []finding.Finding, err error) {
	if e.indexed == nil {
		return nil, nil, errNotLean
	}
	full, err := e.withIndices()
	if err != nil {
		return nil, nil, err
	}
	for i, x := range []*Engine{e, full} {
		txn, err := e.store.begin(ctx, input)
		if err != nil {
			return nil, nil, err
		}
		fs, err := x.eval(ctx, txn)
		e.store.end(ctx, txn)
		if err != nil {
			return nil, nil, err
		}
		if i == 0 {
			lean = fs
		} else {
			indexed = fs
		}
	}
	return lean, indexed, nil
}

var errNotLean = errors.New("the engine has comprehension indices already")

// MadeIndexed reports whether e made its engine with comprehension indices.
func MadeIndexed(e *Engine) bool { return e.full.e != nil }
