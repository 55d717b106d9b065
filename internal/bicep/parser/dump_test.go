package parser

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/apimlint/apimlint/internal/bicep/token"
)

// dump writes a syntax tree on one line as Type{Field:value ...}, so tests
// can compare whole trees with every position. Fields holding nil, an
// empty list, false, "" or token.NoPos are left out.
func dump(x any) string {
	var b strings.Builder
	dumpValue(&b, reflect.ValueOf(x))
	return b.String()
}

var (
	posType   = reflect.TypeOf(token.Pos(0))
	tokenType = reflect.TypeOf(token.Token(0))
)

func dumpValue(b *strings.Builder, v reflect.Value) {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		dumpValue(b, v.Elem())
	case reflect.Struct:
		dumpStruct(b, v)
	case reflect.Slice:
		b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			dumpValue(b, v.Index(i))
		}
		b.WriteByte(']')
	case reflect.String:
		fmt.Fprintf(b, "%q", v.String())
	default:
		if v.Type() == tokenType {
			b.WriteString(token.Token(v.Int()).String())
			return
		}
		fmt.Fprint(b, v.Interface())
	}
}

func dumpStruct(b *strings.Builder, v reflect.Value) {
	b.WriteString(v.Type().Name())
	b.WriteByte('{')
	first := true
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if omit(f) {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		b.WriteString(v.Type().Field(i).Name)
		b.WriteByte(':')
		dumpValue(b, f)
	}
	b.WriteByte('}')
}

func omit(f reflect.Value) bool {
	switch {
	case f.Type() == posType:
		return f.Int() == int64(token.NoPos)
	case f.Kind() == reflect.Interface || f.Kind() == reflect.Pointer:
		return f.IsNil()
	case f.Kind() == reflect.Slice:
		return f.Len() == 0
	case f.Kind() == reflect.Bool:
		return !f.Bool()
	case f.Kind() == reflect.String:
		return f.String() == ""
	}
	return false
}
