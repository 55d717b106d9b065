package engine

import (
	"encoding"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// ToValue converts Go data to an OPA value directly, without the detour
// through map[string]any that ast.InterfaceToValue needs: structs are read
// through their json tags (omitempty honoured, "-" skipped), maps must have
// string keys, pointers and interfaces are followed, nil becomes null.
//
// The estate is large (an object per element, attribute and location), so
// the conversion shares what repeats: booleans, small numbers and short
// strings such as file paths and element names are one term each; and the
// entries of a large map (the policies, the resources) are converted on
// every CPU at once.
func ToValue(x any) (ast.Value, error) {
	c := newConverter(true, &sync.Map{})
	t, err := c.term(reflect.ValueOf(x))
	if err != nil {
		return nil, err
	}
	return t.Value, nil
}

// Shared is implemented by pointer types whose values the input holds in
// several places: each is converted once and its term reused.
type Shared interface{ SharedInput() }

var sharedType = reflect.TypeFor[Shared]()

// Keyed is implemented by slice types that the input shows as an object:
// entry i under the key InputKey(i). Each key is met once.
type Keyed interface{ InputKey(i int) string }

var keyedType = reflect.TypeFor[Keyed]()

// keyed returns the index of the entry of v (a Keyed slice) under key k.
func keyed(v reflect.Value, k string) (int, bool) {
	ks := v.Interface().(Keyed)
	for i := range v.Len() {
		if ks.InputKey(i) == k {
			return i, true
		}
	}
	return 0, false
}

// converter converts values; it is used by one goroutine at a time, but
// the Shared values it meets are kept where several converters find them.
type converter struct {
	parallel bool                 // may convert a large map on several goroutines
	strings  map[string]*ast.Term // short strings met so far
	shared   *sync.Map            // Shared values met so far: pointer -> *ast.Term
}

func newConverter(parallel bool, shared *sync.Map) *converter {
	return &converter{parallel: parallel, strings: map[string]*ast.Term{}, shared: shared}
}

// parallelMap is the size from which a map is converted on several
// goroutines, and maxShared the length up to which strings are shared.
const (
	parallelMap = 256
	maxShared   = 128
)

func (c *converter) str(s string) *ast.Term {
	if len(s) > maxShared {
		return ast.StringTerm(s)
	}
	if t, ok := c.strings[s]; ok {
		return t
	}
	t := ast.StringTerm(s)
	c.strings[s] = t
	return t
}

func (c *converter) term(v reflect.Value) (*ast.Term, error) {
	if !v.IsValid() {
		return ast.InternedNullTerm, nil
	}
	if v.Type().Implements(textMarshaler) && (v.Kind() != reflect.Pointer || !v.IsNil()) {
		b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return nil, err
		}
		return c.str(string(b)), nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ast.InternedNullTerm, nil
		}
		if v.Kind() == reflect.Pointer && v.Type().Implements(sharedType) {
			key := v.Interface()
			if t, ok := c.shared.Load(key); ok {
				return t.(*ast.Term), nil
			}
			t, err := c.term(v.Elem())
			if err != nil {
				return nil, err
			}
			got, _ := c.shared.LoadOrStore(key, t)
			return got.(*ast.Term), nil
		}
		return c.term(v.Elem())
	case reflect.String:
		return c.str(v.String()), nil
	case reflect.Bool:
		return ast.InternedTerm(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return ast.InternedTerm(int(v.Int())), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return ast.UIntNumberTerm(v.Uint()), nil
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if f == float64(int64(f)) && f < 1<<53 && f > -(1<<53) {
			return ast.InternedTerm(int(f)), nil
		}
		return ast.FloatNumberTerm(f), nil
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Implements(keyedType) {
			return c.keyedTerm(v)
		}
		if v.Len() == 0 {
			return ast.InternedEmptyArray, nil
		}
		terms := make([]*ast.Term, v.Len())
		for i := range terms {
			t, err := c.term(v.Index(i))
			if err != nil {
				return nil, err
			}
			terms[i] = t
		}
		return ast.ArrayTerm(terms...), nil
	case reflect.Map:
		return c.mapTerm(v)
	case reflect.Struct:
		return c.structTerm(v)
	}
	return nil, fmt.Errorf("cannot convert %s to a rule input value", v.Type())
}

var textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()

// keyedTerm converts a Keyed slice to an object, keys in order as a map's.
func (c *converter) keyedTerm(v reflect.Value) (*ast.Term, error) {
	if v.Len() == 0 {
		return ast.InternedEmptyObject, nil
	}
	ks := v.Interface().(Keyed)
	items := make([][2]*ast.Term, v.Len())
	for i := range items {
		t, err := c.term(v.Index(i))
		if err != nil {
			return nil, err
		}
		items[i] = [2]*ast.Term{c.str(ks.InputKey(i)), t}
	}
	slices.SortFunc(items, func(a, b [2]*ast.Term) int { return a[0].Value.Compare(b[0].Value) })
	return ast.ObjectTerm(items...), nil
}

func (c *converter) mapTerm(v reflect.Value) (*ast.Term, error) {
	if v.Type().Key().Kind() != reflect.String {
		return nil, fmt.Errorf("cannot convert %s: map keys must be strings", v.Type())
	}
	if v.Len() == 0 {
		return ast.InternedEmptyObject, nil
	}
	keys := v.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	pairs := make([][2]*ast.Term, len(keys))
	workers := runtime.GOMAXPROCS(0)
	if !c.parallel || len(keys) < parallelMap || workers < 2 {
		for i, k := range keys {
			t, err := c.term(v.MapIndex(k))
			if err != nil {
				return nil, err
			}
			pairs[i] = [2]*ast.Term{c.str(k.String()), t}
		}
		return ast.ObjectTerm(pairs...), nil
	}
	// Each worker takes every workers-th entry, with its own string cache;
	// nested maps are converted on the worker's goroutine.
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			wc := newConverter(false, c.shared)
			for i := w; i < len(keys); i += workers {
				t, err := wc.term(v.MapIndex(keys[i]))
				if err != nil {
					errs[w] = err
					return
				}
				pairs[i] = [2]*ast.Term{wc.str(keys[i].String()), t}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return ast.ObjectTerm(pairs...), nil
}

// field is how one struct field appears in the input.
type field struct {
	index     []int
	name      *ast.Term
	omitEmpty bool
}

var plans sync.Map // reflect.Type -> []field

func structPlan(t reflect.Type) []field {
	if p, ok := plans.Load(t); ok {
		return p.([]field)
	}
	var fields []field
	for _, sf := range reflect.VisibleFields(t) {
		if !sf.IsExported() || sf.Anonymous {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = sf.Name
		}
		fields = append(fields, field{
			index:     sf.Index,
			name:      ast.StringTerm(name),
			omitEmpty: strings.Contains(opts, "omitempty"),
		})
	}
	plans.Store(t, fields)
	return fields
}

// omitted reports whether the input leaves the field out: omitempty, and
// zero or an empty slice or map.
func (f field) omitted(fv reflect.Value) bool {
	return f.omitEmpty && (fv.IsZero() || (fv.Kind() == reflect.Slice || fv.Kind() == reflect.Map) && fv.Len() == 0)
}

func (c *converter) structTerm(v reflect.Value) (*ast.Term, error) {
	plan := structPlan(v.Type())
	pairs := make([][2]*ast.Term, 0, len(plan))
	for _, f := range plan {
		fv := v.FieldByIndex(f.index)
		if f.omitted(fv) {
			continue
		}
		t, err := c.term(fv)
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, [2]*ast.Term{f.name, t})
	}
	return ast.ObjectTerm(pairs...), nil
}
