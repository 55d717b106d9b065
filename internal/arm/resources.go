package arm

import (
	"strings"

	"github.com/apimlint/apimlint/internal/armexpr"
	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/value"
)

const deploymentsType = "Microsoft.Resources/deployments"

// readResources reads a resources array, or a languageVersion 2.0 object
// keyed by symbolic name. parent is set for resources nested in a parent's
// own resources; cond is the condition they inherit.
func (t *template) readResources(list *value.Value, parent *estate.Resource, e *env, cond *value.Value, depth int) {
	if list == nil {
		return
	}
	if depth > MaxNesting {
		t.r.errorf(list.Loc, "resources nest more than %d levels deep; the deeper ones are not read", MaxNesting)
		return
	}
	switch list.Kind {
	case value.Array:
		for _, d := range list.Elems {
			t.resource(d, "", parent, e, cond, depth)
		}
	case value.Object:
		for _, m := range list.Members {
			t.resource(m.Value, m.Key, parent, e, cond, depth)
		}
	default:
		t.r.errorf(list.Loc, "resources must be an array or an object keyed by symbolic name, found %s", list.Kind)
	}
}

// resource reads one declaration, once per copy iteration.
func (t *template) resource(d *value.Value, symbol string, parent *estate.Resource, e *env, cond *value.Value,
	depth int) {
	if d.Kind != value.Object {
		t.r.errorf(d.Loc, "a resource must be an object, found %s", d.Kind)
		return
	}
	c := d.Get("copy")
	if c == nil {
		t.instance(d, symbol, parent, e, cond, depth)
		return
	}
	if c.Kind != value.Object {
		t.r.errorf(c.Loc, "a resource's copy must be an object with a name and a count, found %s", c.Kind)
		t.instance(d, symbol, parent, e.in(loop{}), cond, depth)
		return
	}
	name, _ := c.Get("name").StringValue()
	n, known := t.count(c.Get("count"), e)
	switch {
	case !known:
		t.instance(d, symbol, parent, e.in(loop{name: name}), cond, depth)
	case n == 0:
		// Not deployed; read once so that its problems are still seen.
		t.instance(d, symbol, parent, e.in(loop{name: name}), value.NewBool(false, c.Loc), depth)
	default:
		for i := range n {
			if t.r.full {
				return
			}
			t.instance(d, symbol, parent, e.in(loop{name: name, index: i, known: true}), cond, depth)
		}
	}
}

// instance reads one resource (one copy iteration) with its children and,
// for a nested deployment, its inline template.
func (t *template) instance(d *value.Value, symbol string, parent *estate.Resource, e *env, cond *value.Value,
	depth int) {
	if c := d.Get("condition"); c != nil {
		v, errs := armexpr.EvalString(c, e)
		t.r.exprErrors(errs)
		cond = and(cond, v)
	}
	if isFalse(cond) {
		t.r.muted++
		defer func() { t.r.muted-- }()
	}

	tv, errs := armexpr.EvalString(d.Get("type"), e)
	t.r.exprErrors(errs)
	typ, ok := tv.StringValue()
	if !ok || typ == "" {
		t.r.errorf(d.Loc, "a resource needs a type")
		return
	}
	apiVersion, _ := d.Get("apiVersion").StringValue()
	typ, ver, extension := strings.Cut(typ, "@")
	if extension {
		apiVersion = ver
	}
	if parent != nil && !strings.Contains(typ, "/") {
		typ = parent.Type + "/" + typ
	} else {
		parent = nil // a full type declares a resource of its own, even when nested
	}

	res := &estate.Resource{Type: typ, APIVersion: apiVersion, Parent: parent, Symbol: symbol, Condition: cond,
		Loc: d.Loc, Origin: estate.OriginARM}
	if ex, _ := d.Get("existing").BoolValue(); ex {
		res.Existing = true
	}
	res.Name, errs = armexpr.EvalString(d.Get("name"), e)
	t.r.exprErrors(errs)
	isDeployment := res.TypeIs(deploymentsType)
	switch {
	case extension || d.Get("import") != nil || d.Get("extension") != nil:
		// An extensibility resource (Microsoft Graph): its body is the
		// properties object, keyed by uniqueName (or name).
		res.Body = t.eval(d.Get("properties"), e)
		if res.Body == nil {
			res.Body = &value.Value{Kind: value.Object, Loc: d.Loc}
		}
		if res.Name == nil {
			res.Name = firstOf(res.Body.Get("uniqueName"), res.Body.Get("name"), res.Body.Get("appId"))
		}
	case isDeployment:
		res.Body = t.eval(withoutTemplate(d), e)
	default:
		res.Body = t.eval(withoutMembers(d, "resources", "copy"), e)
	}
	if res.Name == nil {
		if symbol == "" {
			t.r.errorf(d.Loc, "a resource needs a name")
			return
		}
		res.Name = value.NewUnknown(symbol, d.Loc)
	}
	if !t.r.add(res) {
		return
	}
	if isDeployment {
		t.nested(d, e, cond, depth)
	}
	t.readResources(d.Get("resources"), res, e, cond, depth+1)
}

// nested reads the inline template of a deployment: with its own parameters
// and variables when its expressions are evaluated in the inner scope, with
// the outer template's otherwise (the default).
func (t *template) nested(d *value.Value, e *env, cond *value.Value, depth int) {
	props := d.Get("properties")
	inner := props.Get("template")
	if inner == nil {
		return
	}
	if inner.Kind != value.Object {
		t.r.errorf(inner.Loc, "a deployment's template must be an object, found %s", inner.Kind)
		return
	}
	scope, _ := props.Path("expressionEvaluationOptions.scope").StringValue()
	if !strings.EqualFold(scope, "inner") {
		t.readResources(inner.Get("resources"), nil, e, cond, depth+1)
		return
	}
	var supplied *value.Value
	if ps := props.Get("parameters"); ps != nil {
		supplied = SuppliedParameters(t.eval(ps, e))
	}
	nt := t.r.newTemplate(inner, supplied, t)
	nt.readResources(inner.Get("resources"), nil, nt.env(), cond, depth+1)
}

// and combines an inherited condition with a resource's own.
func and(outer, own *value.Value) *value.Value {
	switch {
	case outer == nil:
		return own
	case isFalse(outer):
		return outer
	case isFalse(own):
		return own
	case outer.Kind == value.Bool:
		return own
	case own.Kind == value.Bool:
		return outer
	}
	return value.NewUnknown(outer.Expr+" && "+own.Expr, own.Loc)
}

func isFalse(v *value.Value) bool {
	b, ok := v.BoolValue()
	return ok && !b
}

func firstOf(vs ...*value.Value) *value.Value {
	for _, v := range vs {
		if v != nil {
			return v
		}
	}
	return nil
}

// withoutMembers returns a shallow copy of an object without the named
// members.
func withoutMembers(v *value.Value, keys ...string) *value.Value {
	c := *v
	c.Members = make([]value.Member, 0, len(v.Members))
	for _, m := range v.Members {
		drop := false
		for _, k := range keys {
			drop = drop || strings.EqualFold(m.Key, k)
		}
		if !drop {
			c.Members = append(c.Members, m)
		}
	}
	return &c
}

// withoutTemplate returns a deployment without its nested template, which
// is read on its own terms, and without its children.
func withoutTemplate(d *value.Value) *value.Value {
	c := withoutMembers(d, "resources", "copy")
	for i, m := range c.Members {
		if strings.EqualFold(m.Key, "properties") && m.Value.Kind == value.Object {
			c.Members[i].Value = withoutMembers(m.Value, "template")
		}
	}
	return c
}
