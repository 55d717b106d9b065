// Package value holds configuration values as the ARM and Bicep evaluators
// produce them: JSON data whose every node remembers where it was written,
// and unknown values that remember the expression they stand for.
//
// A value is unknown when it cannot be computed without deploying: a Bicep
// parameter with no default, reference(), a resource's principalId, and so on.
// Rules never report a violation that rests on an unknown value.
package value

import (
	"sort"
	"strconv"
	"strings"

	"github.com/apimlint/apimlint/internal/source"
)

// Kind is the type of a value.
type Kind uint8

// The kinds of values.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
	Unknown
)

var kindNames = [...]string{"null", "bool", "number", "string", "array", "object", "unknown"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is one evaluated configuration value.
type Value struct {
	Kind Kind

	Bool bool
	Num  float64
	Str  string

	// Text maps the characters of a string back to where they were written;
	// nil when the whole string is reported at Loc.
	Text *source.Text

	Elems   []*Value
	Members []Member

	// Expr is the source text of the expression this value came from, when it
	// came from one. For an unknown value it is what could not be evaluated.
	Expr string

	// Ref is set on an unknown value that names a runtime property of a
	// resource declared in the estate, such as apim.identity.principalId.
	Ref *Ref

	// Parts is set on an unknown string built by joining known and unknown
	// pieces (concat, format, string interpolation): the pieces in order, so
	// that a name such as "<unknown service>/echo-api/policy" can still be
	// split into its segments.
	Parts []*Value

	// Loc is where the value (or the expression producing it) was written.
	Loc source.Location
}

// Member is one property of an object value.
type Member struct {
	Key    string
	KeyLoc source.Location
	Value  *Value
}

// Ref is a symbolic reference to a property of a resource known only after
// deployment.
type Ref struct {
	// Symbol is the resource's symbolic name in Bicep (or its name in ARM).
	Symbol string
	// Type is the resource's full type, such as Microsoft.ApiManagement/service.
	Type string
	// Name is the resource's full name when known, such as contoso-apim.
	Name string
	// Path is the property path after the resource, such as identity.principalId.
	Path string
}

// String returns "symbol.path".
func (r *Ref) String() string {
	if r.Path == "" {
		return r.Symbol
	}
	return r.Symbol + "." + r.Path
}

// NewString returns a known string value.
func NewString(s string, loc source.Location) *Value {
	return &Value{Kind: String, Str: s, Loc: loc}
}

// NewText returns a known string value with a map to its origin.
func NewText(t *source.Text, loc source.Location) *Value {
	return &Value{Kind: String, Str: t.Value, Text: t, Loc: loc}
}

// NewBool returns a known boolean.
func NewBool(b bool, loc source.Location) *Value {
	return &Value{Kind: Bool, Bool: b, Loc: loc}
}

// NewNumber returns a known number.
func NewNumber(n float64, loc source.Location) *Value {
	return &Value{Kind: Number, Num: n, Loc: loc}
}

// NewNull returns null.
func NewNull(loc source.Location) *Value {
	return &Value{Kind: Null, Loc: loc}
}

// NewUnknown returns a value that cannot be known before deployment; expr is
// the source text it stands for.
func NewUnknown(expr string, loc source.Location) *Value {
	return &Value{Kind: Unknown, Expr: expr, Loc: loc}
}

// IsKnown reports whether v and everything inside it is known.
func (v *Value) IsKnown() bool {
	if v == nil {
		return false
	}
	switch v.Kind {
	case Unknown:
		return false
	case Array:
		for _, e := range v.Elems {
			if !e.IsKnown() {
				return false
			}
		}
	case Object:
		for _, m := range v.Members {
			if !m.Value.IsKnown() {
				return false
			}
		}
	}
	return true
}

// Get returns the member named key, compared without regard to case as ARM
// does, or nil. Get on nil or a non-object returns nil.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	for _, m := range v.Members {
		if m.Key == key {
			return m.Value
		}
	}
	for _, m := range v.Members {
		if strings.EqualFold(m.Key, key) {
			return m.Value
		}
	}
	return nil
}

// Path follows a dotted path of member names, such as
// "properties.globalValidation.requireAuthentication".
func (v *Value) Path(path string) *Value {
	for key := range strings.SplitSeq(path, ".") {
		v = v.Get(key)
		if v == nil {
			return nil
		}
	}
	return v
}

// Member returns the member named key (case-insensitively) with its key's
// location, or false.
func (v *Value) Member(key string) (Member, bool) {
	if v == nil || v.Kind != Object {
		return Member{}, false
	}
	for _, m := range v.Members {
		if strings.EqualFold(m.Key, key) {
			return m, true
		}
	}
	return Member{}, false
}

// Set adds or replaces the member named key.
func (v *Value) Set(key string, val *Value) {
	for i, m := range v.Members {
		if strings.EqualFold(m.Key, key) {
			v.Members[i].Value = val
			return
		}
	}
	v.Members = append(v.Members, Member{Key: key, Value: val})
}

// StringValue returns the string and true when v is a known string.
func (v *Value) StringValue() (string, bool) {
	if v == nil || v.Kind != String {
		return "", false
	}
	return v.Str, true
}

// BoolValue returns the boolean and true when v is a known boolean.
func (v *Value) BoolValue() (bool, bool) {
	if v == nil || v.Kind != Bool {
		return false, false
	}
	return v.Bool, true
}

// AsText returns the string with its origin map; a string without one is
// mapped entirely to its location.
func (v *Value) AsText() *source.Text {
	if v.Text != nil {
		return v.Text
	}
	return source.Literal(v.Str, v.Loc)
}

// Interface converts v to plain Go data (nil, bool, float64, string, []any,
// map[string]any); unknown values become map{"$unknown": expr}.
func (v *Value) Interface() any {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case Bool:
		return v.Bool
	case Number:
		return v.Num
	case String:
		return v.Str
	case Array:
		out := make([]any, len(v.Elems))
		for i, e := range v.Elems {
			out[i] = e.Interface()
		}
		return out
	case Object:
		out := make(map[string]any, len(v.Members))
		for _, m := range v.Members {
			out[m.Key] = m.Value.Interface()
		}
		return out
	case Unknown:
		u := map[string]any{"$unknown": v.Expr}
		if v.Ref != nil {
			u["$ref"] = v.Ref.String()
		}
		return u
	}
	return nil
}

// Keys returns the member names of an object in sorted order.
func (v *Value) Keys() []string {
	if v == nil || v.Kind != Object {
		return nil
	}
	keys := make([]string, len(v.Members))
	for i, m := range v.Members {
		keys[i] = m.Key
	}
	sort.Strings(keys)
	return keys
}

// Items returns the elements of an array, or nil for anything else
// (including nil).
func (v *Value) Items() []*Value {
	if v == nil || v.Kind != Array {
		return nil
	}
	return v.Elems
}
