package engine

import (
	"reflect"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage"
)

// A rule that starts from a collection the estate lacks reports nothing:
// the rules about Easy Auth on an estate of policies alone, or every rule
// about backends on a lone policy file. A check leaves such rules out of
// the compiler, which then decodes, indexes and evaluates less; on a check
// of one file that is a third of the rules.
//
// Which rules may be left out is read off the compiled modules: a body
// fails when one of its expressions, not negated and without a with
// modifier, refers below a path of the input that is empty or missing,
// such as data.apimlint.input.sites[x] when there are no sites, since a
// reference below nothing is undefined, and so is any expression holding
// it. Comprehensions, every and the bodies of functions called are not
// looked into: they may hold on nothing. A rule's module may be left out
// when each body of its report has such a guard that is empty; never when
// another module refers to it, or when its report has a default value or
// an else.

// guard is a path below data.apimlint.input.
type guard []string

// reportGuards returns the guards of each body of the report of a rule's
// module, or nil when the module must always be compiled. others holds
// the packages other modules refer to.
func reportGuards(m *ast.Module, others map[string]bool) [][]guard {
	path := m.Package.Path
	if len(path) != 4 || !path.HasPrefix(ast.MustParseRef("data."+RulesRoot)) || others[path.String()] || others["*"] {
		return nil
	}
	if _, ok := path[3].Value.(ast.String); !ok {
		return nil
	}
	var out [][]guard
	for _, r := range m.Rules {
		ref := r.Head.Ref()
		if len(ref) == 0 || !ref[0].Equal(ast.VarTerm("report")) {
			continue
		}
		if len(ref) != 1 || r.Default || r.Else != nil || len(r.Head.Args) > 0 {
			return nil
		}
		g := bodyGuards(r.Body)
		if len(g) == 0 {
			return nil
		}
		out = append(out, g)
	}
	return out
}

// bodyGuards returns the paths below the input that a body needs to hold
// something.
func bodyGuards(body ast.Body) []guard {
	var out []guard
	for _, e := range body {
		if e.Negated || len(e.With) > 0 {
			continue
		}
		if _, ok := e.Terms.(*ast.Every); ok {
			continue
		}
		ast.NewGenericVisitor(func(x any) bool {
			switch x := x.(type) {
			case *ast.ArrayComprehension, *ast.SetComprehension, *ast.ObjectComprehension, *ast.Every:
				return true
			case ast.Ref:
				if g := refGuard(x); g != nil && !slices.ContainsFunc(out, func(o guard) bool { return slices.Equal(o, g) }) {
					out = append(out, g)
				}
			}
			return false
		}).Walk(e)
	}
	return out
}

// refGuard returns the path below the input that a reference needs to hold
// something to be defined: the path of its leading constant keys when more
// follows, else of all but the last; nil for a reference that is not below
// the input, or that reads the input whole.
func refGuard(ref ast.Ref) guard {
	if len(ref) <= len(inputRef) || !ref[:len(inputRef)].Equal(inputRef) {
		return nil
	}
	var keys guard
	rest := ref[len(inputRef):]
	for _, t := range rest {
		s, ok := t.Value.(ast.String)
		if !ok {
			break
		}
		keys = append(keys, string(s))
	}
	if len(keys) == len(rest) {
		keys = keys[:len(keys)-1]
	}
	if len(keys) == 0 {
		return nil
	}
	return keys
}

// referencedPackages returns the packages of rules that a module other than
// their own refers to.
func referencedPackages(mods map[string]*ast.Module) map[string]bool {
	root := ast.MustParseRef("data." + RulesRoot)
	out := map[string]bool{}
	for _, m := range mods {
		own := m.Package.Path.String()
		ast.WalkRefs(m, func(r ast.Ref) bool {
			if len(r) > len(root) && r.HasPrefix(root) {
				if _, ok := r[len(root)].Value.(ast.String); ok {
					if p := r[:len(root)+1].String(); p != own {
						out[p] = true
					}
				} else {
					// data.apimlint.rules[x]: any of them.
					out["*"] = true
				}
			}
			return false
		})
	}
	return out
}

// guardsHold reports whether a module with these guards reports nothing on
// an estate: every body has a guard that is empty there.
func guardsHold(guards [][]guard, empty func(guard) bool) bool {
	if len(guards) == 0 {
		return false
	}
	for _, body := range guards {
		if !slices.ContainsFunc(body, empty) {
			return false
		}
	}
	return true
}

// empty reports whether the estate holds nothing at path: it is missing,
// null, or an empty collection. A value of another kind is not empty.
func (t *estateTxn) empty(path guard) bool {
	if t.value != nil {
		switch v := find(t.value, storage.Path(path)).(type) {
		case nil, ast.Null:
			return true
		case ast.Object:
			return v.Len() == 0
		case *ast.Array:
			return v.Len() == 0
		case ast.Set:
			return v.Len() == 0
		}
		return false
	}
	if !t.root.IsValid() {
		return true
	}
	v, ok := lookup(t.root, storage.Path(path))
	if !ok {
		return true
	}
	v = deref(v)
	if !v.IsValid() {
		return true
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	case reflect.Map, reflect.Slice, reflect.Array:
		return v.Len() == 0
	}
	return false
}
