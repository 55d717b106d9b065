package eval

import (
	"fmt"
	"path"
	"strings"

	"github.com/apimlint/apimlint/internal/bicep/ast"
	"github.com/apimlint/apimlint/internal/bicep/token"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// Evaluation states of a lazily evaluated symbol.
const (
	pending = iota
	running
	done
)

// scope is one instance of a file: the top-level file, or a module
// instantiated with its parameters. Declarations are evaluated on first
// use, in any order, as Bicep allows.
type scope struct {
	ev    *evaluator
	file  *source.File
	tree  *ast.File
	chain []source.Location // module declarations leading here, outermost first
	cond  *value.Value      // the condition of the module instance, if any

	targetScope string
	params      map[string]*paramSym
	vars        map[string]*varSym
	outputs     map[string]*varSym
	resources   map[string]*resSym
	modules     map[string]*modSym
	funcs       map[string]*ast.FuncDecl
	imports     map[string]*importSym
	namespaces  map[string]*importSym // import * as ns
	extensions  map[string]bool       // extension names and aliases

	// imported scopes by path, shared by the imports of this file.
	importScopes map[string]*scope
	instances    []*resInst // in creation order, for the final pass
	// nested holds the nested resource declarations by bare name, with the
	// parent instance of each.
	nested map[string][]*resSym
}

type paramSym struct {
	name     *ast.Ident
	def      ast.Expr // the default, or the value in a .bicepparam file
	supplied *value.Value
	state    int
	val      *value.Value
}

type varSym struct {
	name  *ast.Ident
	expr  ast.Expr
	state int
	val   *value.Value
}

// importSym is a symbol imported from another Bicep file.
type importSym struct {
	path string
	name string // the name in that file; "" for a namespace
	at   ast.Node
	sc   *scope // set on first use; nil when the file cannot be read
	read bool
}

// locals are the loop variables and lambda or function parameters in
// scope, innermost first.
type locals struct {
	name string
	val  *value.Value
	up   *locals
}

func (l *locals) lookup(name string) (*value.Value, bool) {
	for ; l != nil; l = l.up {
		if l.name == name {
			return l.val, true
		}
	}
	return nil, false
}

func (l *locals) with(name string, v *value.Value) *locals {
	return &locals{name: name, val: v, up: l}
}

// newScope indexes the declarations of a parsed file. supplied holds the
// parameter values a module declaration or a .bicepparam file passes.
func (ev *evaluator) newScope(pf *parsed, supplied map[string]*value.Value, chain []source.Location) *scope {
	s := &scope{ev: ev, file: pf.file, tree: pf.tree, chain: chain,
		params: map[string]*paramSym{}, vars: map[string]*varSym{}, outputs: map[string]*varSym{},
		resources: map[string]*resSym{}, modules: map[string]*modSym{}, funcs: map[string]*ast.FuncDecl{},
		imports: map[string]*importSym{}, namespaces: map[string]*importSym{}, importScopes: map[string]*scope{},
		extensions: map[string]bool{}, nested: map[string][]*resSym{}}
	for _, d := range pf.tree.Decls {
		switch d := d.(type) {
		case *ast.TargetScopeDecl:
			if v, ok := d.Value.(*ast.StringLit); ok {
				s.targetScope, _ = v.Value()
			}
		case *ast.ParamDecl:
			if named(d.Name) {
				p := &paramSym{name: d.Name, def: d.Default}
				if v, ok := supplied[d.Name.Name]; ok {
					p.supplied = v
				}
				s.params[d.Name.Name] = p
			}
		case *ast.ParamAssign:
			if named(d.Name) {
				s.params[d.Name.Name] = &paramSym{name: d.Name, def: d.Value}
			}
		case *ast.VarDecl:
			if named(d.Name) {
				s.vars[d.Name.Name] = &varSym{name: d.Name, expr: d.Value}
			}
		case *ast.OutputDecl:
			if named(d.Name) {
				s.outputs[d.Name.Name] = &varSym{name: d.Name, expr: d.Value}
			}
		case *ast.ResourceDecl:
			if named(d.Name) {
				s.resources[d.Name.Name] = &resSym{decl: d, symbol: d.Name.Name}
			}
		case *ast.ModuleDecl:
			if named(d.Name) {
				s.modules[d.Name.Name] = &modSym{decl: d}
			}
		case *ast.FuncDecl:
			if named(d.Name) {
				s.funcs[d.Name.Name] = d
			}
		case *ast.ImportDecl:
			s.declareImport(d)
		case *ast.ExtensionDecl:
			// extension kubernetes with {...} as k8s: the alias (or the
			// name) prefixes the extension's types and functions.
			if d.Alias != nil && named(d.Alias) {
				s.extensions[d.Alias.Name] = true
			} else if id, ok := d.Spec.(*ast.Ident); ok {
				s.extensions[id.Name] = true
			}
		}
	}
	// The check is of the file, not of this instance of it: once per file,
	// however many modules instantiate it.
	if pf.file != nil && !ev.funcsChecked[pf.file.Path] {
		ev.funcsChecked[pf.file.Path] = true
		for _, d := range pf.tree.Decls {
			if f, ok := d.(*ast.FuncDecl); ok {
				s.checkFuncBody(f)
			}
		}
	}
	return s
}

func named(id *ast.Ident) bool { return id != nil && id.Name != "" }

func (s *scope) declareImport(d *ast.ImportDecl) {
	if d.Path == nil {
		return
	}
	p, ok := d.Path.Value()
	if !ok {
		return
	}
	if isRegistryRef(p) || !strings.EqualFold(path.Ext(p), ".bicep") {
		// Registry files and ARM templates: what they export is unknown.
		p = ""
	} else {
		p = resolve(s.file.Path, p)
	}
	if d.Alias != nil && named(d.Alias) {
		s.namespaces[d.Alias.Name] = &importSym{path: p, at: d.Path}
		return
	}
	for _, sym := range d.Symbols {
		var name string
		switch n := sym.Name.(type) {
		case *ast.Ident:
			name = n.Name
		case *ast.StringLit:
			name, _ = n.Value()
		}
		alias := name
		if sym.Alias != nil && named(sym.Alias) {
			alias = sym.Alias.Name
		}
		if name != "" && alias != "" {
			s.imports[alias] = &importSym{path: p, name: name, at: d.Path}
		}
	}
}

// importedScope returns the scope of an imported file, read on first use.
func (s *scope) importedScope(im *importSym) *scope {
	if im.read || im.path == "" {
		return im.sc
	}
	im.read = true
	if sc, ok := s.importScopes[im.path]; ok {
		im.sc = sc
		return sc
	}
	if len(s.chain) >= MaxModuleDepth {
		return nil
	}
	pf := s.ev.load(im.path)
	if pf.err != nil {
		s.ev.diag(UnreadableRule, "", s.loc(im.at), fmt.Sprintf("could not read %s: %v", im.path, pf.err))
		s.importScopes[im.path] = nil
		return nil
	}
	s.ev.reportSyntax(pf)
	// Imported declarations are evaluated as if one module deeper, which
	// bounds chains of files importing each other.
	chain := append(append([]source.Location(nil), s.chain...), s.loc(im.at))
	im.sc = s.ev.newScope(pf, nil, chain)
	s.importScopes[im.path] = im.sc
	return im.sc
}

// run evaluates everything the file declares: resources and modules (with
// their bodies), and the parameters, variables and outputs, so that their
// problems are reported even when nothing uses them.
func (s *scope) run() {
	for _, d := range s.tree.Decls {
		switch d := d.(type) {
		case *ast.ParamDecl:
			if named(d.Name) {
				s.param(d.Name.Name)
			}
		case *ast.ParamAssign:
			if named(d.Name) {
				s.param(d.Name.Name)
			}
		case *ast.VarDecl:
			if named(d.Name) {
				s.variable(d.Name.Name)
			}
		case *ast.ResourceDecl:
			if named(d.Name) {
				for _, in := range s.resourceInstances(s.resources[d.Name.Name]) {
					s.finish(in)
				}
			}
		case *ast.ModuleDecl:
			if named(d.Name) {
				for _, mi := range s.moduleInstances(s.modules[d.Name.Name]) {
					s.runModule(mi)
				}
			}
		case *ast.OutputDecl:
			if named(d.Name) {
				s.output(d.Name.Name)
			}
		}
	}
}

// param returns a parameter's value: the value passed in, else its default,
// else an unknown value named after it.
func (s *scope) param(name string) *value.Value {
	p := s.params[name]
	switch p.state {
	case done:
		return p.val
	case running:
		s.cycle(p.name, "parameter")
		return value.NewUnknown(name, s.loc(p.name))
	}
	if !s.enter(p.name) {
		return value.NewUnknown(name, s.loc(p.name))
	}
	defer s.leave()
	p.state = running
	switch {
	case p.supplied != nil:
		p.val = p.supplied
	case p.def != nil:
		p.val = s.eval(p.def, nil)
	default:
		p.val = value.NewUnknown(name, s.loc(p.name))
	}
	p.state = done
	return p.val
}

// variable returns a variable's value.
func (s *scope) variable(name string) *value.Value {
	return s.lazy(s.vars[name], "variable")
}

// output returns an output's value.
func (s *scope) output(name string) *value.Value {
	return s.lazy(s.outputs[name], "output")
}

func (s *scope) lazy(v *varSym, what string) *value.Value {
	switch v.state {
	case done:
		return v.val
	case running:
		s.cycle(v.name, what)
		return value.NewUnknown(v.name.Name, s.loc(v.name))
	}
	if !s.enter(v.name) {
		return value.NewUnknown(v.name.Name, s.loc(v.name))
	}
	defer s.leave()
	v.state = running
	if v.expr == nil {
		v.val = value.NewUnknown(v.name.Name, s.loc(v.name))
	} else {
		v.val = s.eval(v.expr, nil)
	}
	v.state = done
	return v.val
}

// loc returns where a node is written.
func (s *scope) loc(n ast.Node) source.Location {
	start, end := s.span(n)
	return s.file.Location(start, end)
}

// span returns a node's byte range, kept within the file.
func (s *scope) span(n ast.Node) (int, int) {
	if n == nil {
		return 0, 0
	}
	start, end := int(n.Pos()), int(n.End())
	size := len(s.file.Content)
	start = max(0, min(start, size))
	end = max(start, min(end, size))
	return start, end
}

// src returns a node's text as written.
func (s *scope) src(n ast.Node) string {
	start, end := s.span(n)
	return string(s.file.Content[start:end])
}

// unknown stands for the value of n, named by n's text (never empty: an
// expression missing after a syntax error is named as such).
func (s *scope) unknown(n ast.Node) *value.Value {
	src := s.src(n)
	if strings.TrimSpace(src) == "" {
		src = "(missing expression)"
	}
	return value.NewUnknown(src, s.loc(n))
}

func (s *scope) warn(n ast.Node, format string, args ...any) *value.Value {
	s.ev.diag(SyntaxRule, "warning", s.loc(n), fmt.Sprintf(format, args...))
	return s.unknown(n)
}

// enter counts one more declaration being evaluated inside others; false,
// after a warning, when the chain is too long.
func (s *scope) enter(n ast.Node) bool {
	if s.ev.chain >= MaxChain {
		s.warn(n, "declarations depend on each other more than %d deep; this one is not evaluated", MaxChain)
		return false
	}
	s.ev.chain++
	return true
}

func (s *scope) leave() { s.ev.chain-- }

// spend counts n units of work; false once the evaluation has done too
// much, which is reported once.
func (s *scope) spend(n int, at ast.Node) bool {
	s.ev.work += n
	if s.ev.work <= MaxWork {
		return true
	}
	if s.ev.work-n <= MaxWork {
		s.ev.diag(SyntaxRule, "warning", s.loc(at),
			"evaluation stopped here: the file computes too much (loops, strings); the rest is unknown")
	}
	return false
}

// size is the work a value stands for: its length as a string or array.
func size(v *value.Value) int {
	switch v.Kind {
	case value.String:
		return len(v.Str)
	case value.Array:
		return len(v.Elems)
	case value.Object:
		return len(v.Members)
	}
	return 1
}

// posLoc returns the location of a token written at p with length n.
func (s *scope) posLoc(p token.Pos, n int) source.Location {
	start := max(0, min(int(p), len(s.file.Content)))
	return s.file.Location(start, min(start+n, len(s.file.Content)))
}

// cycle reports a declaration whose value needs itself (Bicep's BCP079 and
// BCP080).
func (s *scope) cycle(name *ast.Ident, what string) {
	s.ev.diag(SyntaxRule, "error", s.loc(name), fmt.Sprintf("%s %s refers to itself, "+
		"directly or through others: Bicep does not compile a cycle", what, name.Name))
}

// checkFuncBody reports calls of reference() and the list*() functions in
// a user-defined function: Bicep refuses them (BCP341), since a function's
// value must be known at the start of the deployment.
func (s *scope) checkFuncBody(d *ast.FuncDecl) {
	if d.Body == nil {
		return
	}
	ast.Inspect(d.Body, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		name := ""
		switch f := c.Fun.(type) {
		case *ast.Ident:
			if _, own := s.funcs[f.Name]; !own && s.imports[f.Name] == nil {
				name = f.Name
			}
		case *ast.MemberExpr:
			// az.reference(), sys.listKeys(): the built-in namespaces.
			if x, ok := f.X.(*ast.Ident); ok && f.Name != nil && (x.Name == "az" || x.Name == "sys") {
				name = f.Name.Name
			}
		}
		if l := strings.ToLower(name); l == "reference" || strings.HasPrefix(l, "list") {
			s.ev.diag(SyntaxRule, "error", s.loc(c), fmt.Sprintf("%s() cannot be used in a user-defined "+
				"function: its value is known only during the deployment", name))
		}
		return true
	})
}
