package armexpr

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// Env supplies what an expression refers to. Embed NoEnv in an
// implementation to get "unknown" answers for the methods it does not need.
type Env interface {
	// Parameter returns the value of a declared parameter, already
	// evaluated (an unknown value when it has no default and no supplied
	// value), or false when no such parameter is declared. Names compare
	// without case, as in ARM.
	Parameter(name string) (*value.Value, bool)

	// Variable returns the evaluated value of a declared variable, or false
	// when no such variable is declared.
	Variable(name string) (*value.Value, bool)

	// CopyIndex returns the current iteration of the named copy loop, or of
	// the innermost one when loop is empty; false outside any such loop.
	CopyIndex(loop string) (int, bool)

	// Scope tells where the template is deployed, as far as it is known.
	Scope() Scope

	// Resource identifies the resource a reference() call points at: by
	// full type and name when its target is a resource ID, by name or
	// symbolic name alone (typ is empty) otherwise. It returns false when
	// the template declares no such resource.
	Resource(typ, name string) (value.Ref, bool)
}

// Scope is what is known of the deployment's target. A nil field is unknown.
type Scope struct {
	SubscriptionID *value.Value
	ResourceGroup  *value.Value // the resource group's name
	TenantID       *value.Value
}

// NoEnv is an environment in which nothing is declared and nothing is known.
type NoEnv struct{}

// Parameter reports that no parameter is declared.
func (NoEnv) Parameter(string) (*value.Value, bool) { return nil, false }

// Variable reports that no variable is declared.
func (NoEnv) Variable(string) (*value.Value, bool) { return nil, false }

// CopyIndex reports that no copy loop is running.
func (NoEnv) CopyIndex(string) (int, bool) { return 0, false }

// Scope reports an unknown deployment target.
func (NoEnv) Scope() Scope { return Scope{} }

// Resource reports that no resource is declared.
func (NoEnv) Resource(string, string) (value.Ref, bool) { return value.Ref{}, false }

// Eval evaluates a parsed expression. Errors do not stop evaluation: the
// part at fault becomes an unknown value, and the result is never nil.
func Eval(e *Expression, env Env) (*value.Value, []Error) {
	if env == nil {
		env = NoEnv{}
	}
	ev := &evaluator{e: e, env: env}
	v := ev.eval(e.Root)
	return v, ev.errs
}

// EvalString evaluates v when it is an expression string, turns an escaped
// literal ("[[...]") into its text, and returns any other value unchanged.
func EvalString(v *value.Value, env Env) (*value.Value, []Error) {
	if v == nil || v.Kind != value.String {
		return v, nil
	}
	if IsEscaped(v.Str) {
		t := v.AsText().Slice(1, len(v.Str))
		t.Fallback = v.Loc
		return value.NewText(t, v.Loc), nil
	}
	if !IsExpression(v.Str) {
		return v, nil
	}
	e, err := Parse(v)
	if err != nil {
		u := value.NewUnknown(v.Str, v.Loc)
		return u, []Error{*err}
	}
	return Eval(e, env)
}

// EvalTree evaluates every expression string in v, which is not changed:
// the result shares the parts that hold no expression. Object keys are not
// evaluated.
func EvalTree(v *value.Value, env Env) (*value.Value, []Error) {
	var errs []Error
	out := evalTree(v, env, &errs)
	return out, errs
}

func evalTree(v *value.Value, env Env, errs *[]Error) *value.Value {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case value.String:
		out, es := EvalString(v, env)
		*errs = append(*errs, es...)
		return out
	case value.Array:
		var elems []*value.Value // allocated at the first change
		for i, e := range v.Elems {
			ne := evalTree(e, env, errs)
			if ne != e && elems == nil {
				elems = make([]*value.Value, len(v.Elems))
				copy(elems, v.Elems[:i])
			}
			if elems != nil {
				elems[i] = ne
			}
		}
		if elems == nil {
			return v
		}
		c := *v
		c.Elems = elems
		return &c
	case value.Object:
		var members []value.Member
		for i, m := range v.Members {
			nv := evalTree(m.Value, env, errs)
			if nv != m.Value && members == nil {
				members = make([]value.Member, len(v.Members))
				copy(members, v.Members[:i])
			}
			if members != nil {
				members[i] = value.Member{Key: m.Key, KeyLoc: m.KeyLoc, Value: nv}
			}
		}
		if members == nil {
			return v
		}
		c := *v
		c.Members = members
		return &c
	}
	return v
}

// evaluator evaluates one expression.
type evaluator struct {
	e    *Expression
	env  Env
	errs []Error

	// ids remembers the type and name of resource IDs built in this
	// expression, for reference() on IDs with unknown parts.
	ids map[*value.Value]resourceID
}

// errorf records an error at sp and returns an unknown value for the node.
func (ev *evaluator) errorf(n Node, sp Span, format string, args ...any) *value.Value {
	ev.errs = append(ev.errs, Error{Loc: ev.e.Location(sp), Msg: fmt.Sprintf(format, args...)})
	return ev.unknown(n)
}

// unknown is the unknown value standing for node n.
func (ev *evaluator) unknown(n Node) *value.Value {
	return value.NewUnknown(ev.e.Source(n), ev.e.Loc)
}

func (ev *evaluator) eval(n Node) *value.Value {
	switch n := n.(type) {
	case *String:
		return value.NewText(n.Text, n.Text.Fallback)
	case *Number:
		return value.NewNumber(n.Value, ev.e.Location(n.Sp))
	case *Call:
		return ev.call(n)
	case *Property:
		return ev.property(n)
	case *Index:
		return ev.index(n)
	}
	return value.NewUnknown(ev.e.Src, ev.e.Loc)
}

func (ev *evaluator) call(c *Call) *value.Value {
	name := strings.ToLower(c.Name)
	f, ok := functions[name]
	if !ok {
		// Functions whose value only deployment knows, user-defined
		// functions and functions this package does not know: evaluate the
		// arguments for their errors, and stand for the call.
		for _, a := range c.Args {
			ev.eval(a)
		}
		return ev.unknown(c)
	}
	if len(c.Args) < f.min || f.max >= 0 && len(c.Args) > f.max {
		return ev.errorf(c, c.Sp, "%s takes %s, got %d", c.Name, arity(f.min, f.max), len(c.Args))
	}
	if f.lazy != nil {
		return f.lazy(ev, c)
	}
	args := make([]*value.Value, len(c.Args))
	for i, a := range c.Args {
		args[i] = ev.eval(a)
		if args[i].Kind == value.Unknown && !f.unknownArgs {
			// Still evaluate the rest for their errors.
			for _, rest := range c.Args[i+1:] {
				ev.eval(rest)
			}
			return ev.unknown(c)
		}
	}
	return f.call(ev, c, args)
}

func arity(lo, hi int) string {
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return strconv.Itoa(n) + " arguments"
	}
	switch {
	case hi < 0:
		return "at least " + plural(lo)
	case lo == hi:
		return plural(lo)
	}
	return fmt.Sprintf("%d to %d arguments", lo, hi)
}

// property evaluates x.name.
func (ev *evaluator) property(n *Property) *value.Value {
	if v, ok := ev.scopeProperty(n); ok {
		return v
	}
	x := ev.eval(n.X)
	return ev.member(n, x, n.Name, n.NameSpan)
}

// member looks up key in x for a property or index access n.
func (ev *evaluator) member(n Node, x *value.Value, key string, keySpan Span) *value.Value {
	switch x.Kind {
	case value.Unknown:
		u := ev.unknown(n)
		if x.Ref != nil {
			ref := *x.Ref
			ref.Path = joinPath(ref.Path, key)
			u.Ref = &ref
		}
		return u
	case value.Object:
		if v := x.Get(key); v != nil {
			return v
		}
		return ev.errorf(n, keySpan, "the object has no property %q%s", key, available(x))
	}
	return ev.errorf(n, keySpan, "cannot read property %q of %s", key, describeKind(x))
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// available lists an object's keys for an error message.
func available(x *value.Value) string {
	keys := x.Keys()
	if len(keys) == 0 {
		return "; it is empty"
	}
	if len(keys) > 8 {
		keys = append(keys[:8], "...")
	}
	return "; it has " + strings.Join(keys, ", ")
}

// describeKind names the type of a value for an error message.
func describeKind(v *value.Value) string {
	switch v.Kind {
	case value.Null:
		return "null"
	case value.Bool:
		return "a boolean"
	case value.Number:
		return "a number"
	case value.String:
		return "a string"
	case value.Array:
		return "an array"
	case value.Object:
		return "an object"
	}
	return "an unknown value"
}

// index evaluates x[i].
func (ev *evaluator) index(n *Index) *value.Value {
	x := ev.eval(n.X)
	i := ev.eval(n.Index)
	isp := n.Index.Span()
	if i.Kind == value.Unknown {
		if x.Kind == value.Unknown || x.Kind == value.Array || x.Kind == value.Object {
			return ev.unknown(n)
		}
	}
	switch x.Kind {
	case value.Unknown:
		switch i.Kind {
		case value.String:
			return ev.member(n, x, i.Str, isp)
		case value.Number:
			u := ev.unknown(n)
			if x.Ref != nil {
				ref := *x.Ref
				ref.Path += "[" + strconv.FormatFloat(i.Num, 'f', -1, 64) + "]"
				u.Ref = &ref
			}
			return u
		}
	case value.Array:
		if i.Kind != value.Number {
			return ev.errorf(n, isp, "an array index must be an integer, got %s", describeKind(i))
		}
		k, ok := asInt(i)
		if !ok || k < 0 || k >= int64(len(x.Elems)) {
			return ev.errorf(n, isp, "index %s is out of range for an array of length %d",
				formatNumber(i.Num), len(x.Elems))
		}
		return x.Elems[k]
	case value.Object:
		if i.Kind != value.String {
			return ev.errorf(n, isp, "an object index must be a string, got %s", describeKind(i))
		}
		return ev.member(n, x, i.Str, isp)
	}
	return ev.errorf(n, n.Sp, "cannot index %s", describeKind(x))
}

// str returns argument i as a string with its text map, or records an error.
func (ev *evaluator) str(c *Call, args []*value.Value, i int) (*source.Text, bool) {
	if args[i].Kind != value.String {
		ev.errorf(c, c.Args[i].Span(), "%s expects a string as argument %d, got %s",
			c.Name, i+1, describeKind(args[i]))
		return nil, false
	}
	return args[i].AsText(), true
}

// integer returns argument i as an integer, or records an error.
func (ev *evaluator) integer(c *Call, args []*value.Value, i int) (int64, bool) {
	n, ok := asInt(args[i])
	if !ok {
		ev.errorf(c, c.Args[i].Span(), "%s expects an integer as argument %d, got %s",
			c.Name, i+1, describeKind(args[i]))
	}
	return n, ok
}

// boolean returns argument i as a boolean, or records an error.
func (ev *evaluator) boolean(c *Call, args []*value.Value, i int) (bool, bool) {
	if args[i].Kind != value.Bool {
		ev.errorf(c, c.Args[i].Span(), "%s expects a boolean as argument %d, got %s",
			c.Name, i+1, describeKind(args[i]))
		return false, false
	}
	return args[i].Bool, true
}

// asInt returns a number that holds an integer in int64 range.
func asInt(v *value.Value) (int64, bool) {
	if v.Kind != value.Number || v.Num != float64(int64(v.Num)) || v.Num >= 1<<63 {
		return 0, false
	}
	return int64(v.Num), true
}

func formatNumber(n float64) string {
	return strconv.FormatFloat(n, 'f', -1, 64)
}

// strv, text, num and boolv make results of function calls, which are
// reported at the whole JSON string.
func (ev *evaluator) strv(s string) *value.Value { return value.NewString(s, ev.e.Loc) }

func (ev *evaluator) text(t *source.Text) *value.Value {
	return value.NewText(t, ev.e.Loc)
}

func (ev *evaluator) num(n float64) *value.Value { return value.NewNumber(n, ev.e.Loc) }

func (ev *evaluator) boolv(b bool) *value.Value { return value.NewBool(b, ev.e.Loc) }
