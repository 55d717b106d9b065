package arm

import (
	"fmt"
	"strings"

	"github.com/apimlint/apimlint/internal/armexpr"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

var sprintf = fmt.Sprintf

// template is one template being read: the file's own, or a nested
// deployment's inline template.
type template struct {
	r   *reader
	doc *value.Value

	params   map[string]*param // by lower-case name
	vars     map[string]*variable
	declared []declared // resources, for reference()
}

type param struct {
	name     string
	decl     *value.Value
	supplied *value.Value // the value given from outside, evaluated
	val      *value.Value
	busy     bool
}

type variable struct {
	raw  *value.Value
	copy *value.Value // a copy variable's entry {name, count, input}
	val  *value.Value
	busy bool
}

// declared is a resource a template declares, as reference() may name it.
type declared struct {
	symbol string
	typ    string
	name   string // the full name when known
}

// newTemplate prepares a template; supplied maps parameter names to values
// already evaluated (from a parameter file or an outer deployment).
func (r *reader) newTemplate(doc *value.Value, supplied *value.Value, _ *template) *template {
	t := &template{r: r, doc: doc, params: map[string]*param{}, vars: map[string]*variable{}}
	if ps := doc.Get("parameters"); ps != nil {
		if ps.Kind != value.Object {
			r.errorf(ps.Loc, "parameters must be an object, found %s", ps.Kind)
		}
		for _, m := range ps.Members {
			t.params[strings.ToLower(m.Key)] = &param{name: m.Key, decl: m.Value}
		}
	}
	if supplied != nil {
		for _, m := range supplied.Members {
			if p := t.params[strings.ToLower(m.Key)]; p != nil {
				p.supplied = m.Value
			}
		}
	}
	if vs := doc.Get("variables"); vs != nil {
		if vs.Kind != value.Object {
			r.errorf(vs.Loc, "variables must be an object, found %s", vs.Kind)
		}
		for _, m := range vs.Members {
			if strings.EqualFold(m.Key, "copy") && m.Value.Kind == value.Array {
				t.copyVariables(m.Value)
				continue
			}
			t.vars[strings.ToLower(m.Key)] = &variable{raw: m.Value}
		}
	}
	t.declare(doc.Get("resources"), "", "", 0)
	return t
}

// copyVariables registers the entries of a variables.copy array.
func (t *template) copyVariables(list *value.Value) {
	for _, e := range list.Elems {
		name, ok := e.Get("name").StringValue()
		if !ok || e.Get("input") == nil {
			t.r.errorf(e.Loc, "a copy variable needs a name and an input")
			continue
		}
		t.vars[strings.ToLower(name)] = &variable{copy: e}
	}
}

// declare records the resources a template declares, for reference().
func (t *template) declare(res *value.Value, parentType, parentName string, depth int) {
	if res == nil || depth > MaxNesting {
		return
	}
	each := func(symbol string, d *value.Value) {
		typ, _ := d.Get("type").StringValue()
		typ, _, _ = strings.Cut(typ, "@")
		name, _ := d.Get("name").StringValue()
		if armexpr.IsExpression(name) {
			v, _ := armexpr.EvalString(d.Get("name"), t.env())
			name, _ = v.StringValue()
		}
		if parentType != "" && typ != "" && !strings.Contains(typ, "/") {
			typ = parentType + "/" + typ
			if parentName != "" && name != "" {
				name = parentName + "/" + name
			} else {
				name = ""
			}
		}
		t.declared = append(t.declared, declared{symbol: symbol, typ: typ, name: name})
		t.declare(d.Get("resources"), typ, name, depth+1)
	}
	switch res.Kind {
	case value.Array:
		for _, d := range res.Elems {
			each("", d)
		}
	case value.Object:
		for _, m := range res.Members {
			each(m.Key, m.Value)
		}
	}
}

// env is the evaluation environment of a template, inside zero or more copy
// loops.
type env struct {
	t     *template
	loops []loop
}

// loop is one iteration of a copy loop; known is false for the one
// representative read when the count is unknown. property marks the loop of
// a copy entry (a property or variable copy), which copyIndex() names
// explicitly: without a name, copyIndex() is the resource's loop.
type loop struct {
	name     string
	index    int
	known    bool
	property bool
}

func (t *template) env() *env { return &env{t: t} }

// in returns the environment inside one more loop iteration.
func (e *env) in(l loop) *env {
	loops := make([]loop, len(e.loops), len(e.loops)+1)
	copy(loops, e.loops)
	return &env{t: e.t, loops: append(loops, l)}
}

// Parameter returns a parameter's value: supplied, else its default, else
// null for a nullable one, else unknown.
func (e *env) Parameter(name string) (*value.Value, bool) {
	p := e.t.params[strings.ToLower(name)]
	if p == nil {
		return nil, false
	}
	if p.val != nil {
		return p.val, true
	}
	expr := "parameters('" + p.name + "')"
	if p.busy {
		return value.NewUnknown(expr, p.decl.Loc), true
	}
	if !e.t.r.enter(p.decl.Loc) {
		return value.NewUnknown(expr, p.decl.Loc), true
	}
	defer e.t.r.leave()
	p.busy = true
	defer func() { p.busy = false }()
	switch {
	case p.supplied != nil:
		p.val = p.supplied
	case p.decl.Get("defaultValue") != nil:
		p.val = e.t.eval(p.decl.Get("defaultValue"), e.t.env())
	case isTrue(p.decl.Get("nullable")):
		// languageVersion 2.0: a nullable parameter left out is null.
		p.val = value.NewNull(p.decl.Loc)
	default:
		p.val = value.NewUnknown(expr, p.decl.Loc)
	}
	return p.val, true
}

// enter counts one more variable or parameter being evaluated, the one
// declared at loc; past MaxReferenceDepth it reports the chain and returns
// false.
func (r *reader) enter(loc source.Location) bool {
	if r.refs >= MaxReferenceDepth {
		r.errorf(loc, "variables and parameters refer to each other more than %d deep; "+
			"the value is not evaluated", MaxReferenceDepth)
		return false
	}
	r.refs++
	return true
}

func (r *reader) leave() { r.refs-- }

// Variable returns a variable's evaluated value.
func (e *env) Variable(name string) (*value.Value, bool) {
	v := e.t.vars[strings.ToLower(name)]
	if v == nil {
		return nil, false
	}
	if v.val != nil {
		return v.val, true
	}
	if v.busy {
		loc := v.raw
		if loc == nil {
			loc = v.copy
		}
		return value.NewUnknown("variables('"+name+"')", loc.Loc), true
	}
	loc := v.raw
	if loc == nil {
		loc = v.copy
	}
	if !e.t.r.enter(loc.Loc) {
		return value.NewUnknown("variables('"+name+"')", loc.Loc), true
	}
	defer e.t.r.leave()
	v.busy = true
	defer func() { v.busy = false }()
	if v.copy != nil {
		v.val = e.t.copyArray(v.copy, e.t.env())
	} else {
		v.val = e.t.eval(v.raw, e.t.env())
	}
	return v.val, true
}

// CopyIndex returns the index of the named loop, or without a name that of
// the innermost resource loop: property and variable copies are left to
// copyIndex('name'), as ARM does and as Bicep compiles an outer loop's index
// inside an inner for expression.
func (e *env) CopyIndex(name string) (int, bool) {
	for i := len(e.loops) - 1; i >= 0; i-- {
		l := e.loops[i]
		if name == "" && !l.property || name != "" && strings.EqualFold(l.name, name) {
			return l.index, l.known
		}
	}
	return 0, false
}

// Scope is unknown: a template does not say where it is deployed.
func (e *env) Scope() armexpr.Scope { return armexpr.Scope{} }

// Resource finds a resource the template declares by symbolic name, full
// name, or last name segment.
func (e *env) Resource(typ, name string) (value.Ref, bool) {
	for _, d := range e.t.declared {
		if typ != "" && !strings.EqualFold(typ, d.typ) {
			continue
		}
		last := d.name
		if i := strings.LastIndex(last, "/"); i >= 0 {
			last = last[i+1:]
		}
		if d.symbol != "" && d.symbol == name || d.name != "" && (strings.EqualFold(d.name, name) ||
			strings.EqualFold(last, name)) {
			sym := d.symbol
			if sym == "" {
				sym = d.name
			}
			return value.Ref{Symbol: sym, Type: d.typ, Name: last}, true
		}
	}
	return value.Ref{}, false
}

// SuppliedParameters turns a parameters object ({name: {value: v}} or
// {name: {reference: ...}}, a Key Vault reference, which is unknown) into
// name -> value.
func SuppliedParameters(ps *value.Value) *value.Value {
	out := &value.Value{Kind: value.Object}
	if ps == nil || ps.Kind != value.Object {
		return out
	}
	out.Loc = ps.Loc
	for _, m := range ps.Members {
		var v *value.Value
		switch {
		case m.Value.Get("value") != nil:
			v = m.Value.Get("value")
		case m.Value.Get("reference") != nil:
			v = value.NewUnknown("reference to a Key Vault secret", m.Value.Loc)
		default:
			continue
		}
		out.Members = append(out.Members, value.Member{Key: m.Key, KeyLoc: m.KeyLoc, Value: v})
	}
	return out
}

func isTrue(v *value.Value) bool {
	b, ok := v.BoolValue()
	return ok && b
}
