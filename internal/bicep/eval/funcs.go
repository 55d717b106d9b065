package eval

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/apimlint/apimlint/internal/armexpr"
	"github.com/apimlint/apimlint/internal/bicep/ast"
	"github.com/apimlint/apimlint/internal/jsonpos"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// call evaluates a function call: a user-defined function, a Bicep
// function, a function Bicep shares with ARM (evaluated by armexpr), or a
// method of a resource such as listKeys().
func (s *scope) call(x *ast.CallExpr, l *locals) *value.Value {
	var name string
	switch fn := x.Fun.(type) {
	case *ast.Ident:
		name = fn.Name
		if d, ok := s.funcs[name]; ok {
			return s.callUser(s, d, x, l)
		}
		if im, ok := s.imports[name]; ok {
			if sc := s.importedScope(im); sc != nil {
				if d, ok := sc.funcs[im.name]; ok {
					return s.callUser(sc, d, x, l)
				}
			}
			return s.unknownCall(x, l)
		}
	case *ast.MemberExpr:
		if fn.Name == nil {
			return s.unknown(x)
		}
		name = fn.Name.Name
		if in := s.resolveResource(fn.X, l); in != nil {
			// storage.listKeys(), vault.getSecret('x'): only the deployment
			// knows.
			u := s.unknownCall(x, l)
			u.Ref = s.ref(in, name+"()")
			return u
		}
		id, ok := fn.X.(*ast.Ident)
		if !ok {
			return s.unknownCall(x, l)
		}
		if ns, ok := s.namespaces[id.Name]; ok {
			if sc := s.importedScope(ns); sc != nil {
				if d, ok := sc.funcs[name]; ok {
					return s.callUser(sc, d, x, l)
				}
			}
			return s.unknownCall(x, l)
		}
		if id.Name != "sys" && id.Name != "az" {
			return s.unknownCall(x, l)
		}
	default:
		return s.unknownCall(x, l)
	}
	return s.builtin(strings.ToLower(name), x, l)
}

// unknownCall evaluates the arguments, for their problems and the files
// they load, and stands for the call.
func (s *scope) unknownCall(x *ast.CallExpr, l *locals) *value.Value {
	for _, a := range x.Args {
		if _, ok := a.(*ast.LambdaExpr); !ok {
			s.eval(a, l)
		}
	}
	return s.unknown(x)
}

// callUser calls a user-defined function declared in sc. Its body sees
// only its parameters (and the functions and imports of its file).
func (s *scope) callUser(sc *scope, d *ast.FuncDecl, x *ast.CallExpr, l *locals) *value.Value {
	if len(x.Args) != len(d.Params) {
		return s.warn(x, "%s takes %d arguments, got %d", d.Name.Name, len(d.Params), len(x.Args))
	}
	if s.ev.calls >= maxCallDepth {
		return s.warn(x, "functions nest more than %d calls deep", maxCallDepth)
	}
	var fl *locals
	for i, p := range d.Params {
		if p.Name != nil {
			fl = fl.with(p.Name.Name, s.eval(x.Args[i], l))
		}
	}
	if !s.spend(1, x) {
		return s.unknown(x)
	}
	s.ev.calls++
	defer func() { s.ev.calls-- }()
	v := sc.eval(d.Body, fl)
	if v.Kind == value.Unknown && sc != s {
		u := *v
		u.Expr, u.Loc = s.src(x), s.loc(x)
		return &u
	}
	return v
}

// builtin evaluates a function of Bicep's sys namespace (or az's).
func (s *scope) builtin(name string, x *ast.CallExpr, l *locals) *value.Value {
	switch name {
	case "loadtextcontent":
		return s.loadText(x, l)
	case "loadjsoncontent":
		return s.loadJSON(x, l)
	case "loadfileasbase64":
		return s.loadBase64(x, l)
	case "readenvironmentvariable":
		return s.readEnv(x, l)
	case "any":
		if len(x.Args) == 1 {
			return s.eval(x.Args[0], l)
		}
	case "nameof":
		if len(x.Args) == 1 {
			if n, ok := nameOf(x.Args[0], s, l); ok {
				return value.NewString(n, s.loc(x))
			}
		}
	case "coalesce":
		return s.coalesce(x, l)
	case "map", "filter", "reduce", "sort", "toobject", "mapvalues", "groupby":
		return s.lambdaCall(name, x, l)
	case "flatten":
		return s.flatten(x, l)
	case "shallowmerge":
		return s.shallowMerge(x, l)
	case "getsecret", "loadyamlcontent", "loaddirectoryfileinfo":
		return s.unknownCall(x, l)
	}

	args := make([]*value.Value, len(x.Args))
	spans := make([]armexpr.Span, len(x.Args))
	for i, a := range x.Args {
		if _, ok := a.(*ast.LambdaExpr); ok {
			return s.unknownCall(x, l)
		}
		args[i] = s.eval(a, l)
		start, end := s.span(a)
		spans[i] = armexpr.Span{Start: start, End: end}
	}
	if name == "reference" && !s.spend(len(s.instances), x) {
		return s.unknown(x) // armEnv.Resource looks through every instance
	}
	start, end := s.span(x)
	v, errs, ok := armexpr.Apply(name, args, s.file, armexpr.Span{Start: start, End: end}, spans, armEnv{s})
	if !ok {
		// resourceGroup(), subscription(), uniqueString(), guid(), utcNow(),
		// newGuid(), list*(), and functions this package does not know.
		return s.unknown(x)
	}
	if name == "json" && len(errs) > 0 {
		// ARM's json() accepts more than JSON ('.5'): unknown, not wrong.
		return s.unknown(x)
	}
	for _, e := range errs {
		s.ev.diag(SyntaxRule, "warning", e.Loc, e.Msg)
	}
	if !s.spend(size(v), x) {
		return s.unknown(x)
	}
	return v
}

// armEnv answers armexpr's questions from a Bicep scope: reference() on a
// resource the file declares.
type armEnv struct {
	s *scope
}

func (armEnv) Parameter(string) (*value.Value, bool) { return nil, false }
func (armEnv) Variable(string) (*value.Value, bool)  { return nil, false }
func (armEnv) CopyIndex(string) (int, bool)          { return 0, false }
func (armEnv) Scope() armexpr.Scope                  { return armexpr.Scope{} }

func (e armEnv) Resource(typ, name string) (value.Ref, bool) {
	for _, in := range e.s.instances {
		if typ != "" && !strings.EqualFold(in.fullType, typ) {
			continue
		}
		if n, ok := fullName(in.r); ok && strings.EqualFold(n, name) {
			return *e.s.ref(in, ""), true
		}
	}
	return value.Ref{}, false
}

// pathArg evaluates the path argument of a load function and resolves it;
// ok is false after a problem, reported.
func (s *scope) pathArg(x *ast.CallExpr, l *locals, name string) (string, bool) {
	if len(x.Args) == 0 {
		s.warn(x, "%s needs a file path", name)
		return "", false
	}
	v := s.eval(x.Args[0], l)
	p, ok := v.StringValue()
	if !ok {
		if v.Kind != value.Unknown {
			s.warn(x.Args[0], "%s needs a file path, not %s", name, kindName(v))
		}
		return "", false
	}
	return resolve(s.file.Path, p), true
}

// readLoaded reads a file for a load function, reporting a refusal at the
// path argument.
func (s *scope) readLoaded(x *ast.CallExpr, p string) (*source.File, bool) {
	f, err := s.ev.read(p)
	if err != nil {
		s.ev.diag(UnreadableRule, "", s.loc(x.Args[0]), fmt.Sprintf("could not read %s: %v", p, err))
		return nil, false
	}
	s.ev.markLoaded(f.Path)
	return f, true
}

// loadText is loadTextContent(path, [encoding]): the file's text, mapped to
// the file so that findings in it land on its own lines.
func (s *scope) loadText(x *ast.CallExpr, l *locals) *value.Value {
	for _, a := range x.Args[min(1, len(x.Args)):] {
		s.eval(a, l)
	}
	p, ok := s.pathArg(x, l, "loadTextContent")
	if !ok {
		return s.unknown(x)
	}
	f, ok := s.readLoaded(x, p)
	if !ok {
		return s.unknown(x)
	}
	t := source.FileText(f)
	if strings.HasPrefix(t.Value, "\ufeff") {
		t = t.Slice(len("\ufeff"), len(t.Value))
	}
	return value.NewText(t, s.loc(x))
}

// loadJSON is loadJsonContent(path, [jsonPath], [encoding]): the parsed
// JSON, each value at its place in the file.
func (s *scope) loadJSON(x *ast.CallExpr, l *locals) *value.Value {
	p, ok := s.pathArg(x, l, "loadJsonContent")
	if !ok {
		return s.unknown(x)
	}
	f, ok := s.readLoaded(x, p)
	if !ok {
		return s.unknown(x)
	}
	v, errs := jsonpos.Parse(f)
	for _, e := range errs {
		if !e.Warning {
			s.ev.diag("json-syntax", "", e.Loc, e.Msg)
		}
	}
	if v == nil {
		return s.unknown(x)
	}
	if len(x.Args) > 1 {
		jp, ok := s.eval(x.Args[1], l).StringValue()
		if !ok {
			return s.unknown(x)
		}
		return s.jsonPath(v, jp, x)
	}
	return v
}

// jsonPath follows a simple JSONPath such as $.a.b[0]; other forms are
// unknown.
func (s *scope) jsonPath(v *value.Value, p string, x *ast.CallExpr) *value.Value {
	p = strings.TrimPrefix(strings.TrimSpace(p), "$")
	for p != "" {
		switch {
		case strings.HasPrefix(p, "."):
			p = p[1:]
			end := strings.IndexAny(p, ".[")
			if end < 0 {
				end = len(p)
			}
			v = v.Get(p[:end])
			p = p[end:]
		case strings.HasPrefix(p, "["):
			end := strings.IndexByte(p, ']')
			if end < 0 {
				return s.unknown(x)
			}
			key := strings.Trim(p[1:end], "'\"")
			if n, err := strconv.Atoi(key); err == nil {
				items := v.Items()
				if n < 0 || n >= len(items) {
					return s.unknown(x)
				}
				v = items[n]
			} else {
				v = v.Get(key)
			}
			p = p[end+1:]
		default:
			return s.unknown(x)
		}
		if v == nil {
			return s.unknown(x)
		}
	}
	return v
}

// loadBase64 is loadFileAsBase64(path).
func (s *scope) loadBase64(x *ast.CallExpr, l *locals) *value.Value {
	p, ok := s.pathArg(x, l, "loadFileAsBase64")
	if !ok {
		return s.unknown(x)
	}
	f, ok := s.readLoaded(x, p)
	if !ok {
		return s.unknown(x)
	}
	return value.NewString(base64.StdEncoding.EncodeToString(f.Content), s.loc(x))
}

// readEnv is readEnvironmentVariable(name, [default]): known only when the
// user passed the variable to apimlint.
func (s *scope) readEnv(x *ast.CallExpr, l *locals) *value.Value {
	if len(x.Args) == 0 {
		return s.unknown(x)
	}
	for _, a := range x.Args[1:] {
		s.eval(a, l)
	}
	name, ok := s.eval(x.Args[0], l).StringValue()
	if !ok {
		return s.unknown(x)
	}
	if v, ok := s.ev.opts.Env[name]; ok {
		return value.NewText(source.Literal(v, s.loc(x)), s.loc(x))
	}
	return s.unknown(x)
}

// coalesce returns the first argument that is not null.
func (s *scope) coalesce(x *ast.CallExpr, l *locals) *value.Value {
	for i, a := range x.Args {
		v := s.eval(a, l)
		switch v.Kind {
		case value.Null:
			continue
		case value.Unknown:
			for _, rest := range x.Args[i+1:] {
				s.eval(rest, l)
			}
			return s.unknown(x)
		}
		return v
	}
	return value.NewNull(s.loc(x))
}

// lambdaCall evaluates map, filter, reduce, sort, toObject, mapValues and
// groupBy over a known array or object.
func (s *scope) lambdaCall(name string, x *ast.CallExpr, l *locals) *value.Value {
	if len(x.Args) < 2 {
		return s.unknownCall(x, l)
	}
	in := s.eval(x.Args[0], l)
	var lambdas []*ast.LambdaExpr
	var others []ast.Expr
	for _, a := range x.Args[1:] {
		if lam, ok := a.(*ast.LambdaExpr); ok {
			lambdas = append(lambdas, lam)
		} else {
			others = append(others, a)
		}
	}
	if len(lambdas) == 0 || s.ev.calls >= maxCallDepth {
		return s.unknownCall(x, l)
	}
	s.ev.calls++
	defer func() { s.ev.calls-- }()
	if !s.spend(size(in), x) {
		return s.unknown(x)
	}
	apply := func(lam *ast.LambdaExpr, args ...*value.Value) *value.Value {
		fl := l
		for i, p := range lam.Params {
			if i < len(args) {
				fl = fl.with(p.Name, args[i])
			}
		}
		return s.eval(lam.Body, fl)
	}
	loc := s.loc(x)
	if name == "mapvalues" {
		if in.Kind != value.Object {
			return s.unknown(x)
		}
		out := &value.Value{Kind: value.Object, Loc: loc}
		for _, m := range in.Members {
			out.Members = append(out.Members, value.Member{Key: m.Key, KeyLoc: m.KeyLoc,
				Value: apply(lambdas[0], m.Value)})
		}
		return out
	}
	if in.Kind != value.Array {
		return s.unknown(x)
	}
	switch name {
	case "map":
		out := &value.Value{Kind: value.Array, Loc: loc}
		for i, e := range in.Elems {
			out.Elems = append(out.Elems, apply(lambdas[0], e, value.NewNumber(float64(i), loc)))
		}
		return out
	case "filter":
		out := &value.Value{Kind: value.Array, Loc: loc}
		for i, e := range in.Elems {
			keep, ok := apply(lambdas[0], e, value.NewNumber(float64(i), loc)).BoolValue()
			if !ok {
				return s.unknown(x)
			}
			if keep {
				out.Elems = append(out.Elems, e)
			}
		}
		return out
	case "reduce":
		if len(others) == 0 {
			return s.unknown(x)
		}
		acc := s.eval(others[0], l)
		for i, e := range in.Elems {
			acc = apply(lambdas[0], acc, e, value.NewNumber(float64(i), loc))
		}
		return acc
	case "toobject":
		out := &value.Value{Kind: value.Object, Loc: loc}
		for _, e := range in.Elems {
			k, ok := apply(lambdas[0], e).StringValue()
			if !ok {
				return s.unknown(x)
			}
			v := e
			if len(lambdas) > 1 {
				v = apply(lambdas[1], e)
			}
			out.Set(k, v)
		}
		return out
	case "sort":
		elems := append([]*value.Value(nil), in.Elems...)
		known := true
		sort.SliceStable(elems, func(i, j int) bool {
			b, ok := apply(lambdas[0], elems[i], elems[j]).BoolValue()
			known = known && ok
			return b
		})
		if !known {
			return s.unknown(x)
		}
		return &value.Value{Kind: value.Array, Loc: loc, Elems: elems}
	}
	return s.unknown(x)
}

// flatten joins an array of arrays.
func (s *scope) flatten(x *ast.CallExpr, l *locals) *value.Value {
	if len(x.Args) != 1 {
		return s.unknownCall(x, l)
	}
	in := s.eval(x.Args[0], l)
	if in.Kind != value.Array {
		return s.unknown(x)
	}
	out := &value.Value{Kind: value.Array, Loc: s.loc(x)}
	for _, e := range in.Elems {
		if e.Kind != value.Array {
			return s.unknown(x)
		}
		out.Elems = append(out.Elems, e.Elems...)
	}
	return out
}

// shallowMerge merges an array of objects, later ones winning.
func (s *scope) shallowMerge(x *ast.CallExpr, l *locals) *value.Value {
	if len(x.Args) != 1 {
		return s.unknownCall(x, l)
	}
	in := s.eval(x.Args[0], l)
	if in.Kind != value.Array {
		return s.unknown(x)
	}
	out := &value.Value{Kind: value.Object, Loc: s.loc(x)}
	for _, e := range in.Elems {
		if e.Kind != value.Object {
			return s.unknown(x)
		}
		for _, m := range e.Members {
			out.Set(m.Key, m.Value)
		}
	}
	return out
}

// nameOf is nameof(x): the last name of a symbol or property access.
func nameOf(x ast.Expr, s *scope, l *locals) (string, bool) {
	switch x := x.(type) {
	case *ast.Ident:
		return x.Name, x.Name != ""
	case *ast.MemberExpr:
		if x.Name != nil {
			return x.Name.Name, true
		}
	case *ast.ResourceAccessExpr:
		if x.Name != nil {
			return x.Name.Name, true
		}
	case *ast.IndexExpr:
		if k, ok := s.eval(x.Index, l).StringValue(); ok {
			return k, true
		}
		return nameOf(x.X, s, l)
	case *ast.ParenExpr:
		return nameOf(x.X, s, l)
	}
	return "", false
}
