package engine

import (
	"maps"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Demand is the part of the input document that rules can read: the keys
// they name, each with what they read below it. A nil Demand, or one
// marked all, is everything below.
//
// Rules reach the input only through references that start at input, so
// the demand is read off the compiled modules: each reference names keys
// up to its first term that is not a constant string (a variable, a
// number, a call), and everything below that point is wanted. A bare
// "input" (walk(input), x := input) wants the whole document. What no rule
// names is never converted, which is most of the cost of a large estate
// whose rules leave parts of it alone (the resources, say). The rules
// cannot tell: every value they can reach is there.
type Demand struct {
	all  bool
	keys map[string]*Demand
}

// All reports whether everything below d is wanted.
func (d *Demand) All() bool { return d == nil || d.all }

// Keys returns the keys d names, sorted (nil when it wants all).
func (d *Demand) Keys() []string {
	if d.All() {
		return nil
	}
	return slices.Sorted(maps.Keys(d.keys))
}

// Child returns what d wants below key, nil when it wants nothing there.
func (d *Demand) Child(key string) (*Demand, bool) {
	if d.All() {
		return nil, true
	}
	c, ok := d.keys[key]
	return c, ok
}

func (d *Demand) child(key string) *Demand {
	if d.all {
		return d
	}
	if d.keys == nil {
		d.keys = map[string]*Demand{}
	}
	c, ok := d.keys[key]
	if !ok {
		c = &Demand{}
		d.keys[key] = c
	}
	return c
}

// markAll makes d want everything below it.
func (d *Demand) markAll() {
	d.all = true
	d.keys = nil
}

// demandOf reads the demand of compiled modules.
func demandOf(mods map[string]*ast.Module) *Demand {
	root := &Demand{}
	var visit func(t *ast.Term) bool
	visit = func(t *ast.Term) bool {
		if root.all {
			return true
		}
		switch v := t.Value.(type) {
		case ast.Var:
			if v.Equal(ast.InputRootDocument.Value) {
				root.markAll()
			}
		case ast.Ref:
			if !v[0].Equal(ast.InputRootDocument) {
				return false
			}
			addRef(root, v)
			for _, k := range v[1:] {
				ast.WalkTerms(k, visit) // input.a[input.b]
			}
			return true
		}
		return false
	}
	for _, m := range mods {
		ast.WalkTerms(m, visit)
	}
	return root
}

func addRef(root *Demand, ref ast.Ref) {
	d := root
	for _, t := range ref[1:] {
		s, ok := t.Value.(ast.String)
		if !ok {
			break
		}
		d = d.child(string(s))
		if d.all {
			return
		}
	}
	d.markAll()
}
