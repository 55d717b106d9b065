package parser

import (
	"github.com/apimlint/apimlint/internal/bicep/ast"
	"github.com/apimlint/apimlint/internal/bicep/token"
)

// parseFile parses declarations up to the end of the file, each ending at
// a line break.
func (p *parser) parseFile(file *ast.File) {
	for p.tok.Kind != token.EOF {
		if p.tok.Kind == token.NEWLINE {
			p.next()
			continue
		}
		p.nodes.decls = append(p.nodes.decls, p.parseDecl())
		p.expectLineEnd()
	}
}

// expectLineEnd ends a declaration: a line break or the end of the file
// must follow. Anything else is reported and skipped.
func (p *parser) expectLineEnd() {
	switch p.tok.Kind {
	case token.EOF:
	case token.NEWLINE:
		p.next()
	default:
		p.errorExpected("newline")
		p.skipTo(token.NEWLINE)
		if p.tok.Kind == token.NEWLINE {
			p.next()
		}
	}
}

// parseDecl parses one declaration with its decorators.
func (p *parser) parseDecl() ast.Decl {
	decorators := p.parseDecorators()
	if p.tok.Kind == token.IDENT {
		var d ast.Decl
		if p.mode == BicepParam {
			d = p.parseParamsKeywordDecl(decorators)
		} else {
			d = p.parseKeywordDecl(decorators)
		}
		if d != nil {
			return d
		}
	}
	return p.parseBadDecl(decorators)
}

// parseKeywordDecl parses a .bicep declaration starting at its keyword, or
// returns nil for an identifier that is no keyword.
func (p *parser) parseKeywordDecl(decorators []*ast.Decorator) ast.Decl {
	switch string(p.src[p.tok.Pos:p.tok.End]) {
	case token.KwTargetScope:
		return p.parseTargetScope(decorators)
	case token.KwMetadata:
		return p.parseMetadata(decorators)
	case token.KwParam:
		return p.parseParam(decorators)
	case token.KwVar:
		return p.parseVar(decorators)
	case token.KwOutput:
		return p.parseOutput(decorators)
	case token.KwType:
		return p.parseTypeDecl(decorators)
	case token.KwFunc:
		return p.parseFunc(decorators)
	case token.KwResource:
		return p.parseResource(decorators)
	case token.KwModule:
		return p.parseModule(decorators)
	case token.KwTest:
		return p.parseTest(decorators)
	case token.KwAssert:
		return p.parseAssert(decorators)
	case token.KwImport:
		return p.parseImport(decorators)
	case token.KwExtension, token.KwProvider:
		return p.parseExtension(decorators)
	}
	return nil
}

// parseParamsKeywordDecl parses a .bicepparam declaration starting at its
// keyword, or returns nil for an identifier that is no keyword there.
func (p *parser) parseParamsKeywordDecl(decorators []*ast.Decorator) ast.Decl {
	switch string(p.src[p.tok.Pos:p.tok.End]) {
	case token.KwUsing:
		return p.parseUsing(decorators)
	case token.KwExtends:
		return p.parseExtends(decorators)
	case token.KwParam:
		return p.parseParamAssign(decorators)
	case token.KwVar:
		return p.parseVar(decorators)
	case token.KwType:
		return p.parseTypeDecl(decorators)
	case token.KwImport:
		return p.parseImport(decorators)
	case token.KwExtension:
		return p.parseExtension(decorators)
	case token.KwExtensionConfig:
		return p.parseExtensionConfig(decorators)
	}
	return nil
}

// parseBadDecl reports a line that starts no declaration and skips it.
// Decorators followed by no declaration are reported at the decorators,
// as Bicep does, and the line after them is left to the caller.
func (p *parser) parseBadDecl(decorators []*ast.Decorator) ast.Decl {
	if len(decorators) > 0 {
		from, to := p.danglingDecorators(decorators, "declaration")
		return &ast.BadDecl{Decorators: decorators, From: from, To: to}
	}
	p.errorExpected("declaration")
	from := p.tok.Pos
	to := p.skipTo(token.NEWLINE)
	return &ast.BadDecl{From: from, To: to}
}

// danglingDecorators reports decorators that what should follow but does
// not, at the last decorator as Bicep does, and returns their span. The
// parser stands at the start of a line and needs no recovery.
func (p *parser) danglingDecorators(decorators []*ast.Decorator, what string) (from, to token.Pos) {
	last := decorators[len(decorators)-1]
	p.error(last.Pos(), last.End(), "expected "+what+" after decorator, found "+p.describe(p.tok))
	p.errCount--
	return decorators[0].Pos(), last.End()
}

// parseDecorators parses the decorators before a declaration, an object
// type property or a tuple item. Each must end its line.
func (p *parser) parseDecorators() []*ast.Decorator {
	base := len(p.nodes.decorators)
	for p.tok.Kind == token.AT {
		d := p.parseDecorator()
		p.nodes.decorators = append(p.nodes.decorators, d)
		if p.tok.Kind != token.NEWLINE && p.tok.Kind != token.EOF {
			p.errorExpected("newline after decorator")
			p.skipTo(token.NEWLINE)
		}
		p.skipNewlines()
	}
	return popList(&p.nodes.progress, &p.nodes.decoratorLists, &p.nodes.decorators, base)
}

// parseDecorator parses @name, @name(args) or @ns.name(args).
func (p *parser) parseDecorator() *ast.Decorator {
	d := p.nodes.decos.new(&p.nodes.progress)
	d.At = p.tok.Pos
	p.next()
	if p.tok.Kind != token.IDENT {
		p.errorExpected("decorator name")
		d.Expr = p.bad()
		return d
	}
	d.Expr = p.parseIdent()
	if p.tok.Kind == token.LPAREN {
		d.Expr = p.parseCall(d.Expr, allowComplex)
	}
	for p.tok.Kind == token.PERIOD {
		m := p.nodes.memberExprs.new(&p.nodes.progress)
		m.X, m.Dot = d.Expr, p.tok.Pos
		p.next()
		m.Name = p.expectIdent("function or property name")
		d.Expr = m
		if m.Name.Name == "" {
			break
		}
		if p.tok.Kind == token.LPAREN {
			d.Expr = p.parseCall(m, allowComplex)
		}
	}
	return d
}

// keyword consumes the declaration keyword at the current token and
// returns its position.
func (p *parser) keyword() token.Pos {
	pos := p.tok.Pos
	p.next()
	return pos
}

// declName parses the name after a declaration keyword. When it is
// missing, the tokens up to what should follow the name (next: an "=", a
// type name or a string) are skipped, as Bicep does, and the declaration
// carries on with an empty name; ok is false when the line ends first, and
// the declaration then stops.
func (p *parser) declName(what string, next token.Token) (id *ast.Ident, ok bool) {
	if p.tok.Kind == token.IDENT {
		return p.parseIdent(), true
	}
	p.errorExpected(what)
	id = &ast.Ident{NamePos: p.tok.Pos}
	if next == token.STRING {
		p.skipTo(token.STRING, token.STRING_HEAD, token.NEWLINE)
	} else {
		p.skipTo(next, token.NEWLINE)
	}
	return id, !p.at(token.NEWLINE, token.EOF)
}

// bad returns an empty BadExpr at the current token.
func (p *parser) bad() *ast.BadExpr {
	return &ast.BadExpr{From: p.tok.Pos, To: p.tok.Pos}
}

// parseAssignedValue parses "= value".
func (p *parser) parseAssignedValue() (token.Pos, ast.Expr) {
	assign := p.expect(token.ASSIGN)
	if !assign.IsValid() {
		return assign, p.bad()
	}
	return assign, p.parseExpr(allowComplex)
}

func (p *parser) parseTargetScope(decorators []*ast.Decorator) ast.Decl {
	d := &ast.TargetScopeDecl{Decorators: decorators, Keyword: p.keyword()}
	d.Assign, d.Value = p.parseAssignedValue()
	return d
}

func (p *parser) parseMetadata(decorators []*ast.Decorator) ast.Decl {
	d := &ast.MetadataDecl{Decorators: decorators, Keyword: p.keyword(), Assign: token.NoPos}
	var ok bool
	if d.Name, ok = p.declName("metadata name", token.ASSIGN); !ok {
		d.Value = p.bad()
		return d
	}
	d.Assign, d.Value = p.parseAssignedValue()
	return d
}

func (p *parser) parseParam(decorators []*ast.Decorator) ast.Decl {
	d := &ast.ParamDecl{Decorators: decorators, Keyword: p.keyword(), Assign: token.NoPos}
	var ok bool
	if d.Name, ok = p.declName("parameter name", token.IDENT); !ok {
		d.Type = p.bad()
		return d
	}
	d.Type = p.parseType(false)
	switch p.tok.Kind {
	case token.NEWLINE, token.EOF:
	case token.ASSIGN:
		d.Assign = p.keyword()
		d.Default = p.parseExpr(allowComplex)
	default:
		p.errorExpected("'=' or newline")
	}
	return d
}

func (p *parser) parseParamAssign(decorators []*ast.Decorator) ast.Decl {
	d := &ast.ParamAssign{Decorators: decorators, Keyword: p.keyword(), Assign: token.NoPos}
	var ok bool
	if d.Name, ok = p.declName("parameter name", token.IDENT); !ok {
		d.Value = p.bad()
		return d
	}
	d.Assign, d.Value = p.parseAssignedValue()
	return d
}

func (p *parser) parseVar(decorators []*ast.Decorator) ast.Decl {
	d := &ast.VarDecl{Decorators: decorators, Keyword: p.keyword(), Assign: token.NoPos}
	var ok bool
	if d.Name, ok = p.declName("variable name", token.IDENT); !ok {
		d.Value = p.bad()
		return d
	}
	if !p.at(token.ASSIGN, token.NEWLINE, token.EOF) {
		d.Type = p.parseType(false)
	}
	d.Assign, d.Value = p.parseAssignedValue()
	return d
}

func (p *parser) parseOutput(decorators []*ast.Decorator) ast.Decl {
	d := &ast.OutputDecl{Decorators: decorators, Keyword: p.keyword(), Assign: token.NoPos}
	var ok bool
	if d.Name, ok = p.declName("output name", token.IDENT); !ok {
		d.Type, d.Value = p.bad(), p.bad()
		return d
	}
	d.Type = p.parseType(true)
	d.Assign, d.Value = p.parseAssignedValue()
	return d
}

func (p *parser) parseTypeDecl(decorators []*ast.Decorator) ast.Decl {
	d := &ast.TypeDecl{Decorators: decorators, Keyword: p.keyword(), Assign: token.NoPos}
	var ok bool
	if d.Name, ok = p.declName("type name", token.ASSIGN); !ok {
		d.Type = p.bad()
		return d
	}
	if d.Assign = p.expect(token.ASSIGN); !d.Assign.IsValid() {
		d.Type = p.bad()
		return d
	}
	d.Type = p.parseType(false)
	return d
}

func (p *parser) parseFunc(decorators []*ast.Decorator) ast.Decl {
	d := &ast.FuncDecl{Decorators: decorators, Keyword: p.keyword(),
		Lparen: token.NoPos, Rparen: token.NoPos, Arrow: token.NoPos}
	var ok bool
	if d.Name, ok = p.declName("function name", token.ASSIGN); !ok {
		return d
	}
	p.parseTypedLambda(d)
	return d
}

func (p *parser) parseAssert(decorators []*ast.Decorator) ast.Decl {
	d := &ast.AssertDecl{Decorators: decorators, Keyword: p.keyword(), Assign: token.NoPos}
	var ok bool
	if d.Name, ok = p.declName("assert name", token.ASSIGN); !ok {
		d.Value = p.bad()
		return d
	}
	d.Assign, d.Value = p.parseAssignedValue()
	return d
}

// parseStringLit parses a string where a declaration needs one (a resource
// type, a module path); it returns nil after reporting what was expected.
func (p *parser) parseStringLit(what string) *ast.StringLit {
	if p.tok.Kind != token.STRING && p.tok.Kind != token.STRING_HEAD {
		p.errorExpected(what)
		return nil
	}
	return p.parseString()
}
