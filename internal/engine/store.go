package engine

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage"
)

// The estate is served to rules on demand. Rules are written against
// input, as the docs/input.md contract says, but a compiled rule reads
// data.apimlint.input instead: every reference to input is rewritten when
// the modules are parsed (rewriteInput), "with input as" included. OPA
// reads a base document through the store at the longest constant prefix
// of a reference, so input.policies[p].elements[i], with p and i bound,
// converts one element of one policy; iterating input.policies converts
// them all. What no rule reaches is never converted: on a large estate
// that is most of it, since the built-in rules start from the index.

// inputPath is where the estate lives in data.
var inputPath = storage.Path{"apimlint", "input"}

// inputRef is data.apimlint.input.
var inputRef = ast.MustParseRef("data.apimlint.input")

// rewriteInput makes every reference to input in m a reference to
// data.apimlint.input, keeping the location of what it replaces.
func rewriteInput(m *ast.Module) error {
	if p := m.Package.Path; len(p) >= len(inputRef) && p[:len(inputRef)].Equal(inputRef) {
		return lineError{m.Package.Location, fmt.Sprintf("package %s: data.apimlint.input is where rules "+
			"read the estate; give the package another name", p)}
	}
	if err := shadowsInput(m); err != nil {
		return err
	}
	if _, err := ast.Transform(inputRewriter{}, m); err != nil {
		return err
	}
	// ast.Transform skips what it does not know (some declarations, once):
	// an input left would read nothing.
	left := false
	ast.WalkVars(m, func(v ast.Var) bool {
		left = left || v.Equal(ast.InputRootDocument.Value)
		return left
	})
	if left {
		return lineError{m.Package.Location, "a reference to input was not redirected to the estate (please report)"}
	}
	return nil
}

// lineError is a problem at a line of a rule module.
type lineError struct {
	loc *ast.Location
	msg string
}

func (e lineError) Error() string {
	if e.loc == nil {
		return e.msg
	}
	return fmt.Sprintf("%d: %s", e.loc.Row, e.msg)
}

// shadowsInput refuses what OPA refuses before input could be rewritten:
// a rule, a function argument or a variable named input.
func shadowsInput(m *ast.Module) error {
	isInput := func(t *ast.Term) bool { return t != nil && t.Value.Compare(ast.InputRootDocument.Value) == 0 }
	var err error
	fail := func(loc *ast.Location, what string) {
		if err == nil {
			err = lineError{loc, what + " must not shadow input (use a different name)"}
		}
	}
	for _, r := range m.Rules {
		if len(r.Head.Reference) > 0 && isInput(r.Head.Reference[0]) {
			fail(r.Location, "rules")
		}
		for _, a := range r.Head.Args {
			ast.WalkTerms(a, func(t *ast.Term) bool {
				if isInput(t) {
					fail(t.Location, "args")
				}
				return false
			})
		}
	}
	ast.WalkExprs(m, func(x *ast.Expr) bool {
		if x.IsAssignment() && len(x.Operands()) == 2 {
			ast.WalkTerms(x.Operand(0), func(t *ast.Term) bool {
				if isInput(t) {
					fail(t.Location, "variables")
				}
				return false
			})
		}
		return false
	})
	return err
}

type inputRewriter struct{}

func (r inputRewriter) Transform(x any) (any, error) {
	switch v := x.(type) {
	case *ast.Expr:
		// Nor into the with modifiers of one: some x in y with input as z.
		if _, ok := v.Terms.(*ast.SomeDecl); ok {
			for _, w := range v.With {
				for _, t := range []*ast.Term{w.Target, w.Value} {
					y, err := ast.Transform(r, t.Value)
					if err != nil {
						return nil, err
					}
					t.Value = y.(ast.Value)
				}
			}
		}
	case *ast.SomeDecl:
		// ast.Transform does not descend into some declarations: some x in input.y.
		for _, sym := range v.Symbols {
			y, err := ast.Transform(r, sym.Value)
			if err != nil {
				return nil, err
			}
			sym.Value = y.(ast.Value)
		}
	case ast.Ref:
		if len(v) > 0 && v[0].Value.Compare(ast.InputRootDocument.Value) == 0 {
			return redirect(v[0].Location, v[1:]), nil
		}
	case ast.Var:
		// A bare input (x := input); its term keeps its location.
		if v.Equal(ast.InputRootDocument.Value) {
			return redirect(nil, nil), nil
		}
	}
	return x, nil
}

// redirect returns data.apimlint.input followed by rest, its new terms
// at loc.
func redirect(loc *ast.Location, rest ast.Ref) ast.Ref {
	out := make(ast.Ref, 0, len(inputRef)+len(rest))
	for _, t := range inputRef {
		c := *t
		c.Location = loc
		out = append(out, &c)
	}
	return append(out, rest...)
}

// estateStore is the store rules read: data.apimlint.config and the rest
// from an in-memory store, data.apimlint.input from the estate of the
// transaction (estateTxn), converted when first read.
type estateStore struct {
	storage.Store
}

// estateTxn is a transaction that carries an estate: a Go value converted
// on demand (see ToValue), or an OPA value already converted. It is read
// by several evaluations at once: each path is converted once, and reads
// of other paths meanwhile go on.
type estateTxn struct {
	storage.Transaction // the in-memory store's

	root   reflect.Value // nil: the estate is value
	value  ast.Value
	shared sync.Map // the Shared values converted so far

	read0 conversion // the root of the paths read
}

// conversion is the value at one path, converted once, and the paths
// below it read so far. A read walks these from the root: once its path
// was read before, it allocates nothing and takes no lock.
type conversion struct {
	path  storage.Path
	once  sync.Once
	done  atomic.Bool // the value is there
	value ast.Value   // nil: the estate has nothing there
	err   error

	below sync.Map // key → *conversion
}

// child is the conversion of the path one key below c.
func (c *conversion) child(k string) *conversion {
	if n, ok := c.below.Load(k); ok {
		return n.(*conversion)
	}
	n, _ := c.below.LoadOrStore(k, &conversion{path: append(slices.Clip(c.path), k)})
	return n.(*conversion)
}

// converted calls f with each path converted so far and its value.
func (c *conversion) converted(f func(path storage.Path, v ast.Value)) {
	if c.done.Load() {
		f(c.path, c.value)
	}
	c.below.Range(func(_, n any) bool {
		n.(*conversion).converted(f)
		return true
	})
}

// begin opens a read transaction over the estate x: an ast.Value is
// served as it is, anything else converted where rules read it.
func (s *estateStore) begin(ctx context.Context, x any) (*estateTxn, error) {
	inner, err := s.Store.NewTransaction(ctx)
	if err != nil {
		return nil, err
	}
	t := &estateTxn{Transaction: inner, read0: conversion{path: storage.Path{}}}
	if v, ok := x.(ast.Value); ok {
		t.value = v
	} else {
		t.root = reflect.ValueOf(x)
	}
	return t, nil
}

func (s *estateStore) end(ctx context.Context, t *estateTxn) {
	s.Store.Abort(ctx, t.Transaction)
}

func unwrap(txn storage.Transaction) storage.Transaction {
	if t, ok := txn.(*estateTxn); ok {
		return t.Transaction
	}
	return txn
}

func (s *estateStore) Read(ctx context.Context, txn storage.Transaction, path storage.Path) (any, error) {
	t, ok := txn.(*estateTxn)
	if !ok {
		return s.Store.Read(ctx, txn, path)
	}
	if path.HasPrefix(inputPath) {
		v, err := t.read(path[len(inputPath):])
		if err != nil {
			return nil, err
		}
		if v == nil {
			return nil, &storage.Error{Code: storage.NotFoundErr, Message: path.String() + ": document missing"}
		}
		return v, nil
	}
	doc, err := s.Store.Read(ctx, t.Transaction, path)
	if len(path) >= len(inputPath) || !inputPath.HasPrefix(path) {
		return doc, err
	}
	// data or data.apimlint whole: the estate is part of it.
	if err != nil && !storage.IsNotFound(err) {
		return nil, err
	}
	est, err := t.read(nil)
	if err != nil {
		return nil, err
	}
	if est == nil {
		return doc, nil
	}
	// The estate, nested as it is in data, below path; merged with the
	// rest of the document there (data.apimlint.config).
	var withEstate ast.Value = est
	for i := len(inputPath) - 1; i >= len(path); i-- {
		withEstate = ast.NewObject(ast.Item(ast.StringTerm(inputPath[i]), ast.NewTerm(withEstate)))
	}
	if v, err := ast.InterfaceToValue(doc); err == nil {
		if o, ok := v.(ast.Object); ok {
			if merged, ok := o.Merge(withEstate.(ast.Object)); ok {
				return merged, nil
			}
		}
	}
	return withEstate, nil
}

// read returns the estate's value at path, nil when it has none.
func (t *estateTxn) read(path storage.Path) (ast.Value, error) {
	if t.value != nil {
		return find(t.value, path), nil
	}
	if !t.root.IsValid() {
		return nil, nil
	}
	// A value converted already holds what is below it.
	c := &t.read0
	for i, k := range path {
		if c.done.Load() {
			if c.value == nil || c.err != nil {
				return c.value, c.err
			}
			return find(c.value, path[i:]), nil
		}
		c = c.child(k)
	}
	c.once.Do(func() {
		defer c.done.Store(true)
		rv, ok := lookup(t.root, c.path)
		if !ok {
			return
		}
		term, err := newConverter(true, &t.shared).term(rv)
		if err != nil {
			c.err = fmt.Errorf("rule input %s: %w", strings.Join(c.path, "."), err)
			return
		}
		c.value = term.Value
	})
	return c.value, c.err
}

// find follows path into v as lookup does into a Go value: object members
// by key, array elements by index; nil when v has nothing there.
func find(v ast.Value, path storage.Path) ast.Value {
	for _, k := range path {
		switch x := v.(type) {
		case ast.Object:
			t := x.Get(ast.StringTerm(k))
			if t == nil {
				return nil
			}
			v = t.Value
		case *ast.Array:
			i, ok := index(k, x.Len())
			if !ok {
				return nil
			}
			v = x.Elem(i).Value
		default:
			return nil
		}
	}
	return v
}

// index reads a path key as an index below n, written as OPA writes one
// ("1", not "01" or "1.0").
func index(k string, n int) (int, bool) {
	i, err := strconv.Atoi(k)
	return i, err == nil && i >= 0 && i < n && strconv.Itoa(i) == k
}

// lookup follows path into v as the conversion would lay v out: struct
// fields by their json names, map entries by key, slice elements by index.
// A field the conversion leaves out (omitempty and empty) is not there.
func lookup(v reflect.Value, path storage.Path) (reflect.Value, bool) {
	for _, k := range path {
		v = deref(v)
		if !v.IsValid() || v.Type().Implements(textMarshaler) {
			return reflect.Value{}, false
		}
		switch v.Kind() {
		case reflect.Struct:
			f, ok := fieldNamed(v.Type(), k)
			if !ok {
				return reflect.Value{}, false
			}
			if v = v.FieldByIndex(f.index); f.omitted(v) {
				return reflect.Value{}, false
			}
		case reflect.Map:
			if v.Type().Key().Kind() != reflect.String {
				return reflect.Value{}, false
			}
			v = v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key()))
			if !v.IsValid() {
				return reflect.Value{}, false
			}
		case reflect.Slice, reflect.Array:
			i, ok := index(k, v.Len())
			if v.Kind() == reflect.Slice && v.Type().Implements(keyedType) {
				i, ok = keyed(v, k)
			}
			if !ok {
				return reflect.Value{}, false
			}
			v = v.Index(i)
		default:
			return reflect.Value{}, false
		}
	}
	return v, true
}

// deref follows pointers and interfaces (nil stays: it converts to null).
func deref(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() || v.Type().Implements(textMarshaler) {
			return v
		}
		v = v.Elem()
	}
	return v
}

// fieldNamed returns the field of t the input names key.
func fieldNamed(t reflect.Type, key string) (field, bool) {
	for _, f := range structPlan(t) {
		if string(f.name.Value.(ast.String)) == key {
			return f, true
		}
	}
	return field{}, false
}

func (s *estateStore) Write(ctx context.Context, txn storage.Transaction, op storage.PatchOp, path storage.Path, value any) error {
	if _, ok := txn.(*estateTxn); ok {
		return errors.New("the rule input cannot be written")
	}
	return s.Store.Write(ctx, txn, op, path, value)
}

func (s *estateStore) Commit(ctx context.Context, txn storage.Transaction) error {
	return s.Store.Commit(ctx, unwrap(txn))
}

func (s *estateStore) Abort(ctx context.Context, txn storage.Transaction) {
	s.Store.Abort(ctx, unwrap(txn))
}

func (s *estateStore) Truncate(ctx context.Context, txn storage.Transaction, params storage.TransactionParams, it storage.Iterator) error {
	return s.Store.Truncate(ctx, unwrap(txn), params, it)
}

func (s *estateStore) Register(ctx context.Context, txn storage.Transaction, cfg storage.TriggerConfig) (storage.TriggerHandle, error) {
	return s.Store.Register(ctx, unwrap(txn), cfg)
}

func (s *estateStore) ListPolicies(ctx context.Context, txn storage.Transaction) ([]string, error) {
	return s.Store.ListPolicies(ctx, unwrap(txn))
}

func (s *estateStore) GetPolicy(ctx context.Context, txn storage.Transaction, id string) ([]byte, error) {
	return s.Store.GetPolicy(ctx, unwrap(txn), id)
}

func (s *estateStore) UpsertPolicy(ctx context.Context, txn storage.Transaction, id string, b []byte) error {
	return s.Store.UpsertPolicy(ctx, unwrap(txn), id, b)
}

func (s *estateStore) DeletePolicy(ctx context.Context, txn storage.Transaction, id string) error {
	return s.Store.DeletePolicy(ctx, unwrap(txn), id)
}
