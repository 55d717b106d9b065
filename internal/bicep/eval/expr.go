package eval

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/apimlint/apimlint/internal/bicep/ast"
	"github.com/apimlint/apimlint/internal/bicep/token"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// eval evaluates an expression; the result is never nil.
func (s *scope) eval(x ast.Expr, l *locals) *value.Value {
	switch x := x.(type) {
	case nil:
		return value.NewNull(source.Location{File: s.file.Path})
	case *ast.Ident:
		return s.ident(x, l)
	case *ast.IntLit:
		return value.NewNumber(float64(x.Value), s.loc(x))
	case *ast.BoolLit:
		return value.NewBool(x.Value, s.loc(x))
	case *ast.NullLit:
		return value.NewNull(s.loc(x))
	case *ast.StringLit:
		return s.str(x, l)
	case *ast.ArrayLit:
		return s.array(x, l)
	case *ast.ObjectLit:
		return s.object(x, l)
	case *ast.ParenExpr:
		return s.eval(x.X, l)
	case *ast.NonNullExpr:
		return s.eval(x.X, l)
	case *ast.UnaryExpr:
		return s.unary(x, l)
	case *ast.BinaryExpr:
		return s.binary(x, l)
	case *ast.CondExpr:
		c := s.eval(x.Cond, l)
		if b, ok := c.BoolValue(); ok {
			if b {
				return s.eval(x.Then, l)
			}
			return s.eval(x.Else, l)
		}
		if c.Kind != value.Unknown {
			return s.warn(x.Cond, "the condition of ?: is %s, not a boolean", kindName(c))
		}
		s.eval(x.Then, l)
		s.eval(x.Else, l)
		return s.unknown(x)
	case *ast.MemberExpr:
		return s.member(x, l)
	case *ast.IndexExpr:
		return s.index(x, l)
	case *ast.ResourceAccessExpr:
		if in := s.resolveResource(x, l); in != nil {
			return s.resourceRef(in, x, "")
		}
		return s.unknown(x)
	case *ast.CallExpr:
		return s.call(x, l)
	case *ast.ForExpr:
		return s.forExpr(x, l)
	}
	// Lambdas outside a function argument, bad expressions, types.
	return s.unknown(x)
}

func kindName(v *value.Value) string {
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
	return "unknown"
}

// ident looks a name up: loop variables and function parameters, then the
// file's parameters, variables, resources, modules and imports.
func (s *scope) ident(x *ast.Ident, l *locals) *value.Value {
	if v, ok := l.lookup(x.Name); ok {
		return v
	}
	if _, ok := s.params[x.Name]; ok {
		return s.param(x.Name)
	}
	if _, ok := s.vars[x.Name]; ok {
		return s.variable(x.Name)
	}
	if _, ok := s.resources[x.Name]; ok {
		if in := s.resolveResource(x, l); in != nil {
			return s.resourceRef(in, x, "")
		}
		return s.unknown(x)
	}
	if im, ok := s.imports[x.Name]; ok {
		if sc := s.importedScope(im); sc != nil {
			if _, ok := sc.vars[im.name]; ok {
				return sc.variable(im.name)
			}
		}
		return s.unknown(x)
	}
	if x.Name == "" {
		return s.unknown(x)
	}
	if _, ok := s.modules[x.Name]; ok {
		return s.unknown(x)
	}
	if _, ok := s.funcs[x.Name]; ok {
		return s.unknown(x)
	}
	if _, ok := s.namespaces[x.Name]; ok {
		return s.unknown(x)
	}
	if isNamespace(x.Name) || s.extensions[x.Name] {
		return s.unknown(x)
	}
	if in := s.nestedNamed(x.Name); in != nil {
		return s.resourceRef(in, x, "")
	}
	return s.warn(x, "%s is not declared", x.Name)
}

// isNamespace reports whether name is a built-in namespace (sys, az) or a
// common extension alias, which may prefix names.
func isNamespace(name string) bool {
	switch name {
	case "sys", "az", "microsoftGraph", "microsoftGraphV1", "microsoftGraphBeta", "graph", "kubernetes":
		return true
	}
	return false
}

// str evaluates a string, joining interpolated values with their maps.
func (s *scope) str(x *ast.StringLit, l *locals) *value.Value {
	loc := s.loc(x)
	if len(x.Exprs) == 0 {
		b := source.NewTextBuilder(loc)
		for i := range x.Segments {
			s.appendSegment(b, &x.Segments[i])
		}
		return value.NewText(b.Text(), loc)
	}
	var parts []*value.Value
	unknown := false
	cur := source.NewTextBuilder(loc)
	empty := true
	flush := func() {
		if !empty {
			parts = append(parts, value.NewText(cur.Text(), loc))
		}
		cur, empty = source.NewTextBuilder(loc), true
	}
	for i := range x.Segments {
		if x.Segments[i].Value != "" {
			s.appendSegment(cur, &x.Segments[i])
			empty = false
		}
		if i >= len(x.Exprs) {
			continue
		}
		v := s.eval(x.Exprs[i], l)
		switch v.Kind {
		case value.String:
			if v.Str != "" {
				cur.AppendText(v.AsText())
				empty = false
			}
		case value.Unknown:
			unknown = true
			flush()
			if len(v.Parts) > 0 {
				parts = append(parts, v.Parts...)
			} else {
				parts = append(parts, v)
			}
		default:
			if t := interpolated(v); t != "" {
				cur.Unmapped(t, s.loc(x.Exprs[i]))
				empty = false
			}
		}
	}
	if !unknown {
		t := cur.Text()
		if !s.spend(len(t.Value), x) {
			return s.unknown(x)
		}
		return value.NewText(t, loc)
	}
	flush()
	u := value.NewUnknown(s.src(x), loc)
	u.Parts = mergeParts(parts)
	return u
}

func (s *scope) appendSegment(b *source.TextBuilder, seg *ast.StringSegment) {
	if int(seg.Start) < 0 || int(seg.End) > len(s.file.Content) || seg.Start > seg.End {
		b.Unmapped(seg.Value, s.file.Location(0, 0))
		return
	}
	seg.AppendTo(b, s.file)
}

// mergeParts joins neighbouring known strings.
func mergeParts(parts []*value.Value) []*value.Value {
	var out []*value.Value
	for _, p := range parts {
		if n := len(out); n > 0 && p.Kind == value.String && out[n-1].Kind == value.String {
			prev := out[n-1]
			out[n-1] = value.NewText(source.Concat(prev.AsText(), p.AsText()), prev.Loc)
			continue
		}
		out = append(out, p)
	}
	return out
}

// interpolated is how a known non-string value reads inside a string, as
// ARM's format() writes it.
func interpolated(v *value.Value) string {
	switch v.Kind {
	case value.Null:
		return ""
	case value.Bool:
		if v.Bool {
			return "True"
		}
		return "False"
	case value.Number:
		return strconv.FormatFloat(v.Num, 'f', -1, 64)
	case value.String:
		return v.Str
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return ""
	}
	return string(b)
}

func (s *scope) array(x *ast.ArrayLit, l *locals) *value.Value {
	out := &value.Value{Kind: value.Array, Loc: s.loc(x)}
	for _, item := range x.Items {
		if sp, ok := item.(*ast.SpreadExpr); ok {
			v := s.eval(sp.X, l)
			switch v.Kind {
			case value.Array:
				out.Elems = append(out.Elems, v.Elems...)
			case value.Unknown:
				return s.unknown(x)
			default:
				s.warn(sp.X, "only an array can be spread into an array, not %s", kindName(v))
			}
			continue
		}
		out.Elems = append(out.Elems, s.eval(item, l))
	}
	if !s.spend(len(out.Elems), x) {
		return s.unknown(x)
	}
	return out
}

func (s *scope) object(x *ast.ObjectLit, l *locals) *value.Value {
	out := &value.Value{Kind: value.Object, Loc: s.loc(x)}
	for _, m := range x.Members {
		switch m := m.(type) {
		case *ast.Property:
			key, ok := s.key(m, l)
			if !ok {
				continue
			}
			out.Set(key, s.eval(m.Value, l))
			for i := range out.Members {
				if out.Members[i].Key == key {
					out.Members[i].KeyLoc = s.loc(m.Key)
				}
			}
		case *ast.SpreadExpr:
			v := s.eval(m.X, l)
			switch v.Kind {
			case value.Object:
				for _, mm := range v.Members {
					out.Set(mm.Key, mm.Value)
				}
			case value.Unknown, value.Null:
				// An unknown spread adds properties no one can know.
			default:
				s.warn(m.X, "only an object can be spread into an object, not %s", kindName(v))
			}
		}
	}
	return out
}

// key returns a property's key. An interpolated key whose value is unknown
// is kept as written ('${uami.id}'), which readers treat as unknown.
func (s *scope) key(p *ast.Property, l *locals) (string, bool) {
	switch k := p.Key.(type) {
	case *ast.Ident:
		return k.Name, k.Name != ""
	case *ast.StringLit:
		if v, ok := k.Value(); ok {
			return v, true
		}
		v := s.eval(k, l)
		if str, ok := v.StringValue(); ok {
			return str, true
		}
		raw := s.src(k)
		return strings.TrimSuffix(strings.TrimPrefix(raw, "'"), "'"), true
	}
	return "", false
}

func (s *scope) unary(x *ast.UnaryExpr, l *locals) *value.Value {
	v := s.eval(x.X, l)
	if v.Kind == value.Unknown {
		return s.unknown(x)
	}
	switch x.Op {
	case token.NOT:
		if b, ok := v.BoolValue(); ok {
			return value.NewBool(!b, s.loc(x))
		}
		return s.warn(x, "! needs a boolean, not %s", kindName(v))
	case token.SUB:
		if v.Kind == value.Number {
			return value.NewNumber(-v.Num, s.loc(x))
		}
		return s.warn(x, "- needs a number, not %s", kindName(v))
	}
	return s.unknown(x)
}

func (s *scope) binary(x *ast.BinaryExpr, l *locals) *value.Value {
	loc := s.loc(x)
	switch x.Op {
	case token.LAND, token.LOR:
		return s.logical(x, l)
	case token.COALESCE:
		a := s.eval(x.X, l)
		switch a.Kind {
		case value.Null:
			return s.eval(x.Y, l)
		case value.Unknown:
			s.eval(x.Y, l)
			return s.unknown(x)
		}
		return a
	}
	a, b := s.eval(x.X, l), s.eval(x.Y, l)
	if a.Kind == value.Unknown || b.Kind == value.Unknown {
		return s.unknown(x)
	}
	switch x.Op {
	case token.EQL:
		return value.NewBool(equal(a, b, false), loc)
	case token.NEQ:
		return value.NewBool(!equal(a, b, false), loc)
	case token.EQLI:
		return value.NewBool(equal(a, b, true), loc)
	case token.NEQI:
		return value.NewBool(!equal(a, b, true), loc)
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
		c, ok := compare(a, b)
		if !ok {
			return s.warn(x, "cannot compare %s with %s", kindName(a), kindName(b))
		}
		var r bool
		switch x.Op {
		case token.LSS:
			r = c < 0
		case token.LEQ:
			r = c <= 0
		case token.GTR:
			r = c > 0
		default:
			r = c >= 0
		}
		return value.NewBool(r, loc)
	case token.ADD, token.SUB, token.MUL, token.QUO, token.REM:
		if a.Kind != value.Number || b.Kind != value.Number {
			return s.warn(x, "arithmetic needs numbers, not %s and %s", kindName(a), kindName(b))
		}
		var r float64
		switch x.Op {
		case token.ADD:
			r = a.Num + b.Num
		case token.SUB:
			r = a.Num - b.Num
		case token.MUL:
			r = a.Num * b.Num
		case token.QUO, token.REM:
			if b.Num == 0 {
				return s.warn(x, "division by zero")
			}
			if x.Op == token.QUO {
				r = math.Trunc(a.Num / b.Num)
			} else {
				r = math.Mod(a.Num, b.Num)
			}
		}
		return value.NewNumber(r, loc)
	}
	return s.unknown(x)
}

// logical evaluates && and ||; a known side can decide the result even when
// the other is unknown.
func (s *scope) logical(x *ast.BinaryExpr, l *locals) *value.Value {
	and := x.Op == token.LAND
	a := s.eval(x.X, l)
	if ab, ok := a.BoolValue(); ok && ab != and {
		return value.NewBool(ab, s.loc(x))
	}
	b := s.eval(x.Y, l)
	bb, bok := b.BoolValue()
	if bok && bb != and {
		return value.NewBool(bb, s.loc(x))
	}
	ab, aok := a.BoolValue()
	switch {
	case aok && bok:
		if and {
			return value.NewBool(ab && bb, s.loc(x))
		}
		return value.NewBool(ab || bb, s.loc(x))
	case a.Kind != value.Unknown && !aok:
		return s.warn(x.X, "%s needs booleans, not %s", opName(and), kindName(a))
	case b.Kind != value.Unknown && !bok:
		return s.warn(x.Y, "%s needs booleans, not %s", opName(and), kindName(b))
	}
	return s.unknown(x)
}

func opName(and bool) string {
	if and {
		return "&&"
	}
	return "||"
}

// equal compares known values deeply.
func equal(a, b *value.Value, fold bool) bool {
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case value.Null:
		return true
	case value.Bool:
		return a.Bool == b.Bool
	case value.Number:
		return a.Num == b.Num
	case value.String:
		if fold {
			return strings.EqualFold(a.Str, b.Str)
		}
		return a.Str == b.Str
	case value.Array:
		if len(a.Elems) != len(b.Elems) {
			return false
		}
		for i := range a.Elems {
			if !equal(a.Elems[i], b.Elems[i], fold) {
				return false
			}
		}
		return true
	case value.Object:
		if len(a.Members) != len(b.Members) {
			return false
		}
		for _, m := range a.Members {
			o := b.Get(m.Key)
			if o == nil || !equal(m.Value, o, fold) {
				return false
			}
		}
		return true
	}
	return false
}

func compare(a, b *value.Value) (int, bool) {
	switch {
	case a.Kind == value.Number && b.Kind == value.Number:
		switch {
		case a.Num < b.Num:
			return -1, true
		case a.Num > b.Num:
			return 1, true
		}
		return 0, true
	case a.Kind == value.String && b.Kind == value.String:
		return strings.Compare(a.Str, b.Str), true
	}
	return 0, false
}

// member evaluates x.name and x.?name.
func (s *scope) member(x *ast.MemberExpr, l *locals) *value.Value {
	if x.Name == nil {
		return s.unknown(x)
	}
	name := x.Name.Name
	if in := s.resolveResource(x.X, l); in != nil {
		return s.resourceProperty(in, name, x)
	}
	if mi, ok := s.resolveModule(x.X, l); ok {
		if mi == nil {
			return s.unknown(x)
		}
		return s.moduleProperty(mi, name, x)
	}
	if id, ok := x.X.(*ast.Ident); ok {
		if _, local := l.lookup(id.Name); !local {
			if ns, ok := s.namespaces[id.Name]; ok {
				if sc := s.importedScope(ns); sc != nil {
					if _, ok := sc.vars[name]; ok {
						return sc.variable(name)
					}
				}
				return s.unknown(x)
			}
		}
	}
	return s.access(s.eval(x.X, l), name, x.Safe, x)
}

// access reads the property name of v.
func (s *scope) access(v *value.Value, name string, safe bool, n ast.Node) *value.Value {
	switch v.Kind {
	case value.Object:
		if m := v.Get(name); m != nil {
			return m
		}
		if safe {
			return value.NewNull(s.loc(n))
		}
		return s.unknown(n)
	case value.Unknown:
		u := s.unknown(n)
		if v.Ref != nil {
			ref := *v.Ref
			ref.Path = joinPath(ref.Path, name)
			u.Ref = &ref
		}
		return u
	case value.Null:
		if safe {
			return value.NewNull(s.loc(n))
		}
	}
	return s.unknown(n)
}

func joinPath(p, name string) string {
	if p == "" {
		return name
	}
	return p + "." + name
}

// index evaluates x[i], x[?i] and x[^i].
func (s *scope) index(x *ast.IndexExpr, l *locals) *value.Value {
	if in := s.resolveResource(x, l); in != nil {
		return s.resourceRef(in, x, "")
	}
	if _, ok := s.resolveModule(x, l); ok {
		return s.unknown(x)
	}
	v := s.eval(x.X, l)
	i := s.eval(x.Index, l)
	if i.Kind == value.Unknown {
		return s.unknown(x)
	}
	switch v.Kind {
	case value.Array:
		k, ok := intOf(i)
		if !ok {
			return s.warn(x.Index, "an array index must be an integer, not %s", kindName(i))
		}
		if x.FromEnd {
			k = len(v.Elems) - k
		}
		if k < 0 || k >= len(v.Elems) {
			if x.Safe {
				return value.NewNull(s.loc(x))
			}
			// Often a placeholder default (an empty list) in a branch that
			// is not deployed: unknown rather than a false alarm.
			return s.unknown(x)
		}
		return v.Elems[k]
	case value.Object:
		key, ok := i.StringValue()
		if !ok {
			return s.warn(x.Index, "an object index must be a string, not %s", kindName(i))
		}
		return s.access(v, key, x.Safe, x)
	case value.Unknown:
		u := s.unknown(x)
		if v.Ref != nil {
			ref := *v.Ref
			if key, ok := i.StringValue(); ok {
				ref.Path = joinPath(ref.Path, key)
			} else {
				ref.Path += "[" + interpolated(i) + "]"
			}
			u.Ref = &ref
		}
		return u
	case value.Null:
		if x.Safe {
			return value.NewNull(s.loc(x))
		}
	}
	return s.unknown(x)
}

func intOf(v *value.Value) (int, bool) {
	if v.Kind != value.Number || v.Num != math.Trunc(v.Num) || math.Abs(v.Num) > 1<<31 {
		return 0, false
	}
	return int(v.Num), true
}

// forExpr evaluates [for item in range: body], filtered or not.
func (s *scope) forExpr(x *ast.ForExpr, l *locals) *value.Value {
	items, ok := s.loopItems(x, l)
	if !ok {
		return s.unknown(x)
	}
	out := &value.Value{Kind: value.Array, Loc: s.loc(x)}
	for _, it := range items {
		if !s.spend(1, x) {
			return s.unknown(x)
		}
		body := x.Body
		if ie, ok := body.(*ast.IfExpr); ok {
			c := s.eval(ie.Cond, it)
			b, known := c.BoolValue()
			if !known {
				return s.unknown(x)
			}
			if !b {
				continue
			}
			body = ie.Body
		}
		out.Elems = append(out.Elems, s.eval(body, it))
	}
	return out
}

// loopItems binds the loop variables for each item of a for-expression's
// range; ok is false when the range is unknown.
func (s *scope) loopItems(x *ast.ForExpr, l *locals) ([]*locals, bool) {
	r := s.eval(x.Range, l)
	var elems []*value.Value
	switch r.Kind {
	case value.Array:
		elems = r.Elems
	case value.Unknown:
		return nil, false
	default:
		s.warn(x.Range, "a loop needs an array, not %s", kindName(r))
		return nil, false
	}
	out := make([]*locals, 0, len(elems))
	for i, e := range elems {
		it := l
		if x.Item != nil {
			it = it.with(x.Item.Name, e)
		}
		if x.Index != nil {
			it = it.with(x.Index.Name, value.NewNumber(float64(i), s.loc(x.Index)))
		}
		out = append(out, it)
	}
	return out, true
}

// representative binds the loop variables to unknown values, for the one
// instance that stands for a loop over an unknown range.
func (s *scope) representative(x *ast.ForExpr, l *locals) *locals {
	it := l
	if x.Item != nil {
		it = it.with(x.Item.Name, s.unknown(x.Item))
	}
	if x.Index != nil {
		it = it.with(x.Index.Name, s.unknown(x.Index))
	}
	return it
}
