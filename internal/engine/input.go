package engine

import (
	"encoding"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// ToValue converts Go data to an OPA value directly, without the detour
// through map[string]any that ast.InterfaceToValue needs: structs are read
// through their json tags (omitempty honoured, "-" skipped), maps must have
// string keys, pointers and interfaces are followed, nil becomes null.
func ToValue(x any) (ast.Value, error) {
	t, err := toTerm(reflect.ValueOf(x))
	if err != nil {
		return nil, err
	}
	return t.Value, nil
}

func toTerm(v reflect.Value) (*ast.Term, error) {
	if !v.IsValid() {
		return ast.NullTerm(), nil
	}
	if v.Type().Implements(textMarshaler) && (v.Kind() != reflect.Pointer || !v.IsNil()) {
		b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return nil, err
		}
		return ast.StringTerm(string(b)), nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ast.NullTerm(), nil
		}
		return toTerm(v.Elem())
	case reflect.String:
		return ast.StringTerm(v.String()), nil
	case reflect.Bool:
		return ast.BooleanTerm(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return ast.IntNumberTerm(int(v.Int())), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return ast.UIntNumberTerm(v.Uint()), nil
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if f == float64(int64(f)) && f < 1<<53 && f > -(1<<53) {
			return ast.IntNumberTerm(int(f)), nil
		}
		return ast.FloatNumberTerm(f), nil
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return ast.ArrayTerm(), nil
		}
		terms := make([]*ast.Term, v.Len())
		for i := range terms {
			t, err := toTerm(v.Index(i))
			if err != nil {
				return nil, err
			}
			terms[i] = t
		}
		return ast.ArrayTerm(terms...), nil
	case reflect.Map:
		return mapTerm(v)
	case reflect.Struct:
		return structTerm(v)
	}
	return nil, fmt.Errorf("cannot convert %s to a rule input value", v.Type())
}

var textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()

func mapTerm(v reflect.Value) (*ast.Term, error) {
	if v.Type().Key().Kind() != reflect.String {
		return nil, fmt.Errorf("cannot convert %s: map keys must be strings", v.Type())
	}
	keys := v.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	pairs := make([][2]*ast.Term, 0, len(keys))
	for _, k := range keys {
		t, err := toTerm(v.MapIndex(k))
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, [2]*ast.Term{ast.StringTerm(k.String()), t})
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

func structTerm(v reflect.Value) (*ast.Term, error) {
	plan := structPlan(v.Type())
	pairs := make([][2]*ast.Term, 0, len(plan))
	for _, f := range plan {
		fv := v.FieldByIndex(f.index)
		if f.omitEmpty && fv.IsZero() {
			continue
		}
		if f.omitEmpty && (fv.Kind() == reflect.Slice || fv.Kind() == reflect.Map) && fv.Len() == 0 {
			continue
		}
		t, err := toTerm(fv)
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, [2]*ast.Term{f.name, t})
	}
	return ast.ObjectTerm(pairs...), nil
}
