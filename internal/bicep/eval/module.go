package eval

import (
	"fmt"
	"path"
	"strings"

	"github.com/apimlint/apimlint/internal/bicep/ast"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// modSym is a module declaration.
type modSym struct {
	decl  *ast.ModuleDecl
	loop  bool
	state int
	insts []*modInst
}

// modInst is one instantiation of a module (one per loop item).
type modInst struct {
	sym  *modSym
	name *value.Value
	sc   *scope // nil when the module's file is not read
	ran  bool
}

// isRegistryRef reports whether a module or import path names a registry
// module (br:, br/alias:) or a template spec (ts:, ts/alias:).
func isRegistryRef(p string) bool {
	for _, prefix := range []string{"br:", "br/", "ts:", "ts/"} {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

// moduleFile reads the file a module declaration names, once per
// declaration; nil when it is not a local Bicep file or cannot be read.
func (s *scope) moduleFile(sym *modSym) *parsed {
	d := sym.decl
	if d.Path == nil {
		return nil
	}
	p, ok := d.Path.Value()
	if !ok {
		s.warn(d.Path, "a module path must be a constant string")
		return nil
	}
	if isRegistryRef(p) {
		s.ev.diag(SyntaxRule, "note", s.loc(d.Path),
			fmt.Sprintf("module %s comes from a registry; apimlint does not fetch it, so its resources are not checked", p))
		return nil
	}
	p = resolve(s.file.Path, p)
	if strings.EqualFold(path.Ext(p), ".json") {
		s.ev.diag(SyntaxRule, "note", s.loc(d.Path),
			fmt.Sprintf("module %s is an ARM template; apimlint reads it on its own, without these parameters", p))
		return nil
	}
	if len(s.chain) >= MaxModuleDepth {
		s.warn(d.Path, "modules nest more than %d deep; %s is not evaluated", MaxModuleDepth, p)
		return nil
	}
	for _, c := range s.chain {
		if c.File == p {
			s.warn(d.Path, "module %s uses itself", p)
			return nil
		}
	}
	if p == s.file.Path {
		s.warn(d.Path, "module %s uses itself", p)
		return nil
	}
	pf := s.ev.load(p)
	if pf.err != nil {
		s.ev.diag(UnreadableRule, "", s.loc(d.Path), fmt.Sprintf("could not read %s: %v", p, pf.err))
		return nil
	}
	s.ev.markLoaded(pf.file.Path)
	s.ev.reportSyntax(pf)
	return pf
}

// moduleInstances instantiates a module declaration on first use: its name
// and parameters, evaluated here, and a scope for its file.
func (s *scope) moduleInstances(sym *modSym) []*modInst {
	if sym == nil {
		return nil
	}
	switch sym.state {
	case done:
		return sym.insts
	case running:
		s.warn(sym.decl.Name, "module %s depends on itself", sym.decl.Name.Name)
		return nil
	}
	if !s.enter(sym.decl.Name) {
		return nil
	}
	defer s.leave()
	sym.state = running
	defer func() { sym.state = done }()

	pf := s.moduleFile(sym)
	add := func(body *ast.ObjectLit, l *locals, cond *value.Value) {
		if !s.budget(sym.decl.Name) {
			return
		}
		if b, ok := cond.BoolValue(); ok && !b {
			s.ev.mute++
			defer func() { s.ev.mute-- }()
		}
		mi := &modInst{sym: sym}
		if p := body.Property("name"); p != nil {
			mi.name = s.eval(p.Value, l)
		} else {
			mi.name = value.NewUnknown(sym.decl.Name.Name, s.loc(sym.decl.Name))
		}
		supplied := map[string]*value.Value{}
		if p := body.Property("params"); p != nil {
			params := s.eval(p.Value, l)
			for _, m := range params.Members {
				supplied[m.Key] = m.Value
			}
		}
		for _, m := range body.Members {
			if p, ok := m.(*ast.Property); ok {
				if k, _ := p.KeyName(); k != "name" && k != "params" && k != "dependsOn" {
					s.eval(p.Value, l)
				}
			}
		}
		if pf != nil {
			start, end := s.span(sym.decl)
			start = max(0, min(int(sym.decl.Keyword), end))
			chain := append(append([]source.Location(nil), s.chain...), s.file.Location(start, end))
			mi.sc = s.ev.newScope(pf, supplied, chain)
			if cond != nil {
				mi.sc.cond = cond
			}
		}
		sym.insts = append(sym.insts, mi)
	}
	switch body := sym.decl.Body.(type) {
	case *ast.ObjectLit:
		add(body, nil, nil)
	case *ast.IfExpr:
		if ob, ok := body.Body.(*ast.ObjectLit); ok {
			add(ob, nil, s.eval(body.Cond, nil))
		}
	case *ast.ForExpr:
		sym.loop = true
		s.forEach(body, nil, add)
	}
	return sym.insts
}

// runModule evaluates the resources of a module instance, unless its
// condition is known to be false.
func (s *scope) runModule(mi *modInst) {
	if mi.ran || mi.sc == nil {
		return
	}
	if b, ok := mi.sc.cond.BoolValue(); ok && !b {
		return
	}
	mi.ran = true
	mi.sc.run()
}

// resolveModule returns the module instance an expression names (symbol or
// symbol[i]); ok is true when x names a module, even one whose instance
// cannot be told (mi nil).
func (s *scope) resolveModule(x ast.Expr, l *locals) (mi *modInst, ok bool) {
	var id *ast.Ident
	var idx ast.Expr
	switch x := x.(type) {
	case *ast.Ident:
		id = x
	case *ast.IndexExpr:
		id, _ = x.X.(*ast.Ident)
		idx = x.Index
	case *ast.ParenExpr:
		return s.resolveModule(x.X, l)
	case *ast.NonNullExpr:
		return s.resolveModule(x.X, l)
	}
	if id == nil {
		return nil, false
	}
	if _, local := l.lookup(id.Name); local {
		return nil, false
	}
	sym, found := s.modules[id.Name]
	if !found {
		return nil, false
	}
	insts := s.moduleInstances(sym)
	if idx != nil {
		if k, ok := intOf(s.eval(idx, l)); ok && k >= 0 && k < len(insts) {
			return insts[k], true
		}
	}
	if len(insts) == 1 {
		return insts[0], true
	}
	return nil, true
}

// moduleProperty reads m.name or m.outputs of a module instance.
func (s *scope) moduleProperty(mi *modInst, name string, n ast.Node) *value.Value {
	switch name {
	case "name":
		return mi.name
	case "outputs":
		if mi.sc == nil {
			return s.unknown(n)
		}
		out := &value.Value{Kind: value.Object, Loc: s.loc(n)}
		for _, d := range mi.sc.tree.Decls {
			if o, ok := d.(*ast.OutputDecl); ok && named(o.Name) {
				out.Members = append(out.Members, value.Member{Key: o.Name.Name, KeyLoc: mi.sc.loc(o.Name),
					Value: mi.sc.output(o.Name.Name)})
			}
		}
		return out
	}
	return s.unknown(n)
}
