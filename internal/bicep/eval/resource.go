package eval

import (
	"strings"

	"github.com/apimlint/apimlint/internal/bicep/ast"
	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// resSym is a resource declaration: top-level, or nested in one instance
// of its parent.
type resSym struct {
	decl   *ast.ResourceDecl
	symbol string   // as rules see it: "child" or "parent::child"
	parent *resInst // for a nested declaration
	loop   bool
	state  int
	insts  []*resInst
}

// resInst is one resource a declaration makes (one per loop item).
type resInst struct {
	sym      *resSym
	r        *estate.Resource
	fullType string
	body     *ast.ObjectLit
	locals   *locals
	children map[string]*resSym
	finished bool
}

// graphType reports whether a type belongs to the Microsoft Graph
// extension, whose resources are named by uniqueName, not name.
func graphType(t string) bool {
	return strings.HasPrefix(strings.ToLower(t), "microsoft.graph/")
}

// resourceInstances makes the resources of a declaration on first use:
// their type, name, parent and condition. Bodies wait for finish, so that
// resources may refer to each other's names in any order.
func (s *scope) resourceInstances(sym *resSym) []*resInst {
	if sym == nil {
		return nil
	}
	switch sym.state {
	case done:
		return sym.insts
	case running:
		s.warn(sym.decl.Name, "resource %s depends on itself", sym.symbol)
		return nil
	}
	if !s.enter(sym.decl.Name) {
		return nil
	}
	defer s.leave()
	sym.state = running
	defer func() { sym.state = done }()

	var l *locals
	if sym.parent != nil {
		l = sym.parent.locals
	}
	d := sym.decl
	switch body := d.Body.(type) {
	case *ast.ObjectLit:
		s.addResource(sym, body, l, nil)
	case *ast.IfExpr:
		if ob, ok := body.Body.(*ast.ObjectLit); ok {
			s.addResource(sym, ob, l, s.eval(body.Cond, l))
		}
	case *ast.ForExpr:
		sym.loop = true
		s.forEach(body, l, func(ob *ast.ObjectLit, it *locals, cond *value.Value) {
			s.addResource(sym, ob, it, cond)
		})
	}
	return sym.insts
}

// forEach calls add for each item of a resource or module loop, or once
// with unknown loop variables when the range is unknown.
func (s *scope) forEach(x *ast.ForExpr, l *locals, add func(*ast.ObjectLit, *locals, *value.Value)) {
	items, ok := s.loopItems(x, l)
	if !ok {
		items = []*locals{s.representative(x, l)}
	}
	for _, it := range items {
		switch body := x.Body.(type) {
		case *ast.ObjectLit:
			add(body, it, nil)
		case *ast.IfExpr:
			if ob, ok := body.Body.(*ast.ObjectLit); ok {
				add(ob, it, s.eval(body.Cond, it))
			}
		}
	}
}

// budget counts an instance; false when the evaluation made too many.
func (s *scope) budget(n ast.Node) bool {
	s.ev.instances++
	if s.ev.instances > MaxInstances {
		if s.ev.instances == MaxInstances+1 {
			s.warn(n, "more than %d resources and modules; the rest are not evaluated", MaxInstances)
		}
		return false
	}
	return true
}

func (s *scope) addResource(sym *resSym, body *ast.ObjectLit, l *locals, cond *value.Value) {
	d := sym.decl
	if !s.budget(d.Name) {
		return
	}
	if cond == nil {
		cond = s.cond // the module instance's condition
	}
	typ, version := "", ""
	if d.Type != nil {
		t, _ := d.Type.Value()
		typ, version, _ = strings.Cut(t, "@")
		if ns, rest, ok := strings.Cut(typ, ":"); ok && !strings.Contains(ns, "/") {
			typ = rest // 'az:Microsoft.Web/sites@2022-03-01'
		}
	}
	var parent *estate.Resource
	if sym.parent != nil {
		parent = sym.parent.r
		if !strings.Contains(typ, "/") || !strings.HasPrefix(strings.ToLower(typ),
			strings.ToLower(sym.parent.fullType)+"/") {
			typ = sym.parent.fullType + "/" + typ
		}
		if version == "" {
			version = sym.parent.r.APIVersion
		}
	}
	if p := body.Property("parent"); p != nil {
		if pin := s.resolveResource(p.Value, l); pin != nil {
			parent = pin.r
		} else if !s.namesResource(p.Value) {
			s.warn(p.Value, "parent must name a resource declared in this file")
		}
	}
	start := int(d.Keyword)
	_, end := s.span(d)
	loc := s.file.Location(max(0, min(start, end)), end)
	r := &estate.Resource{Type: typ, APIVersion: version, Parent: parent, Symbol: sym.symbol,
		Existing: d.Existing.IsValid(), Condition: cond, Loc: loc, Origin: estate.OriginBicep,
		Module: s.chain}
	in := &resInst{sym: sym, r: r, fullType: typ, body: body, locals: l}
	s.ev.muted(cond, func() { r.Name = s.resourceName(in) })
	sym.insts = append(sym.insts, in)
	s.instances = append(s.instances, in)

	for _, m := range body.Members {
		if nd, ok := m.(*ast.ResourceDecl); ok && named(nd.Name) {
			if in.children == nil {
				in.children = map[string]*resSym{}
			}
			child := &resSym{decl: nd, symbol: sym.symbol + "::" + nd.Name.Name, parent: in}
			in.children[nd.Name.Name] = child
			s.nested[nd.Name.Name] = append(s.nested[nd.Name.Name], child)
		}
	}
}

// resourceName evaluates a resource's name: its name property, or for a
// Graph resource its uniqueName (else displayName).
func (s *scope) resourceName(in *resInst) *value.Value {
	keys := []string{"name"}
	if graphType(in.fullType) {
		keys = []string{"name", "uniqueName", "displayName"}
	}
	for _, k := range keys {
		if p := in.body.Property(k); p != nil {
			return s.eval(p.Value, in.locals)
		}
	}
	return value.NewUnknown(in.sym.symbol+".name", s.loc(in.sym.decl.Name))
}

// finish evaluates a resource's body and makes its nested resources. A
// resource whose condition is known to be false is not deployed: it is left
// out of the estate, as the ARM reader leaves it out of a compiled template.
func (s *scope) finish(in *resInst) {
	if in.finished {
		return
	}
	in.finished = true
	if b, ok := in.r.Condition.BoolValue(); ok && !b {
		return
	}
	var body *value.Value
	s.ev.muted(in.r.Condition, func() { body = s.eval(in.body, in.locals) })
	kept := body.Members[:0:0]
	for _, m := range body.Members {
		switch m.Key {
		case "parent", "dependsOn", "scope":
			continue
		}
		kept = append(kept, m)
	}
	body.Members = kept
	in.r.Body = body
	s.ev.res.Resources = append(s.ev.res.Resources, in.r)
	s.ev.muted(in.r.Condition, func() {
		for _, m := range in.body.Members {
			if nd, ok := m.(*ast.ResourceDecl); ok && named(nd.Name) {
				for _, c := range s.resourceInstances(in.children[nd.Name.Name]) {
					s.finish(c)
				}
			}
		}
	})
}

// nestedNamed finds a nested resource by its bare name, as its siblings
// and its parent's body may name it.
func (s *scope) nestedNamed(name string) *resInst {
	if syms := s.nested[name]; len(syms) == 1 {
		if insts := s.resourceInstances(syms[0]); len(insts) == 1 {
			return insts[0]
		}
	}
	return nil
}

// resolveResource returns the resource instance an expression names:
// symbol, symbol[i] for a loop, parent::child; nil when x names none.
func (s *scope) resolveResource(x ast.Expr, l *locals) *resInst {
	switch x := x.(type) {
	case *ast.Ident:
		if _, local := l.lookup(x.Name); local {
			return nil
		}
		sym, ok := s.resources[x.Name]
		if !ok {
			return nil
		}
		insts := s.resourceInstances(sym)
		if len(insts) == 1 && !sym.loop {
			return insts[0]
		}
		return nil
	case *ast.IndexExpr:
		id, ok := x.X.(*ast.Ident)
		if !ok {
			return nil
		}
		if _, local := l.lookup(id.Name); local {
			return nil
		}
		sym, ok := s.resources[id.Name]
		if !ok {
			return nil
		}
		insts := s.resourceInstances(sym)
		if k, ok := intOf(s.eval(x.Index, l)); ok && k >= 0 && k < len(insts) {
			return insts[k]
		}
		if len(insts) > 0 {
			// The representative of an unknown range, or an index the
			// evaluation cannot tell: the first instance stands for all.
			return insts[0]
		}
		return nil
	case *ast.ResourceAccessExpr:
		p := s.resolveResource(x.X, l)
		if p == nil || x.Name == nil {
			return nil
		}
		insts := s.resourceInstances(p.children[x.Name.Name])
		if len(insts) == 1 {
			return insts[0]
		}
		return nil
	case *ast.ParenExpr:
		return s.resolveResource(x.X, l)
	case *ast.NonNullExpr:
		return s.resolveResource(x.X, l)
	}
	return nil
}

// namesResource reports whether x is written as a reference to a declared
// resource, even one with no instance (a loop over an empty list).
func (s *scope) namesResource(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident:
		_, ok := s.resources[x.Name]
		return ok
	case *ast.IndexExpr:
		return s.namesResource(x.X)
	case *ast.ResourceAccessExpr:
		return s.namesResource(x.X)
	case *ast.ParenExpr:
		return s.namesResource(x.X)
	case *ast.NonNullExpr:
		return s.namesResource(x.X)
	}
	return false
}

// ref is the symbolic reference to a property path of a resource.
func (s *scope) ref(in *resInst, p string) *value.Ref {
	name, _ := fullName(in.r)
	return &value.Ref{Symbol: in.sym.symbol, Type: in.fullType, Name: name, Path: p}
}

// fullName joins a resource's name segments when all are known.
func fullName(r *estate.Resource) (string, bool) {
	segs := r.Segments()
	names := make([]string, len(segs))
	for i, sg := range segs {
		if !sg.Known {
			return "", false
		}
		names[i] = sg.Name
	}
	return strings.Join(names, "/"), true
}

// resourceRef stands for a whole resource used as a value (in dependsOn,
// or passed to a module).
func (s *scope) resourceRef(in *resInst, n ast.Node, p string) *value.Value {
	u := s.unknown(n)
	u.Ref = s.ref(in, p)
	return u
}

// resourceProperty reads x.name of a resource: name, type and apiVersion
// are known as far as the name is, id is built as ARM builds it, and
// everything else exists only after deployment.
func (s *scope) resourceProperty(in *resInst, name string, n ast.Node) *value.Value {
	switch name {
	case "name":
		return in.r.Name
	case "type":
		return value.NewString(in.fullType, s.loc(n))
	case "apiVersion":
		return value.NewString(in.r.APIVersion, s.loc(n))
	case "id":
		if !graphType(in.fullType) {
			return s.resourceID(in, n)
		}
	case "uniqueName":
		if graphType(in.fullType) {
			return in.r.Name
		}
	}
	return s.resourceRef(in, n, name)
}

// resourceID builds a resource's ID:
// /subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}...,
// with the subscription and resource group unknown.
func (s *scope) resourceID(in *resInst, n ast.Node) *value.Value {
	loc := s.loc(n)
	lit := func(str string) *value.Value { return value.NewText(source.Literal(str, loc), loc) }
	var pieces []*value.Value
	switch strings.ToLower(s.targetScope) {
	case "subscription":
		pieces = append(pieces, lit("/subscriptions/"), value.NewUnknown("subscription().subscriptionId", loc))
	case "tenant", "managementgroup":
	default:
		pieces = append(pieces, lit("/subscriptions/"), value.NewUnknown("subscription().subscriptionId", loc),
			lit("/resourceGroups/"), value.NewUnknown("resourceGroup().name", loc))
	}
	types := strings.Split(in.fullType, "/")
	names := nameSegments(in.r)
	pieces = append(pieces, lit("/providers/"))
	if len(types) >= 2 && len(names) == len(types)-1 {
		pieces = append(pieces, lit(types[0]+"/"+types[1]+"/"))
		for i, seg := range names {
			if i > 0 {
				pieces = append(pieces, lit("/"+types[i+1]+"/"))
			}
			pieces = append(pieces, seg...)
		}
	} else {
		pieces = append(pieces, lit(in.fullType+"/"))
		for i, seg := range names {
			if i > 0 {
				pieces = append(pieces, lit("/"))
			}
			pieces = append(pieces, seg...)
		}
	}
	u := value.NewUnknown(s.src(n), loc)
	u.Parts = mergeParts(pieces)
	u.Ref = s.ref(in, "id")
	return u
}

// nameSegments splits a resource's full name (its parents' names first) at
// slashes; each segment is a list of known and unknown pieces.
func nameSegments(r *estate.Resource) [][]*value.Value {
	var segs [][]*value.Value
	if r.Parent != nil {
		segs = nameSegments(r.Parent)
	}
	v := r.Name
	var pieces []*value.Value
	switch {
	case v == nil:
		return append(segs, []*value.Value{value.NewUnknown("{?}", source.Location{})})
	case v.Kind == value.String:
		pieces = []*value.Value{v}
	case v.Kind == value.Unknown && len(v.Parts) > 0:
		pieces = v.Parts
	default:
		return append(segs, []*value.Value{v})
	}
	var cur []*value.Value
	for _, p := range pieces {
		if p.Kind != value.String {
			cur = append(cur, p)
			continue
		}
		t := p.AsText()
		start := 0
		for i := 0; i <= len(t.Value); i++ {
			if i < len(t.Value) && t.Value[i] != '/' {
				continue
			}
			if i > start {
				cur = append(cur, value.NewText(t.Slice(start, i), p.Loc))
			}
			if i < len(t.Value) {
				segs = append(segs, cur)
				cur = nil
			}
			start = i + 1
		}
	}
	return append(segs, cur)
}
