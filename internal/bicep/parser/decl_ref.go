package parser

import (
	"github.com/apimlint/apimlint/internal/bicep/ast"
	"github.com/apimlint/apimlint/internal/bicep/token"
)

// This file parses the declarations that refer to something outside the
// declaration: a resource type, a module or test file, imported symbols,
// extensions, and the Bicep file a .bicepparam file is for.

// parseResource parses a resource declaration, at the top level or nested
// in another resource's body.
func (p *parser) parseResource(decorators []*ast.Decorator) ast.Decl {
	p.enter()
	defer p.leave()
	d := &ast.ResourceDecl{Decorators: decorators, Keyword: p.keyword(),
		Existing: token.NoPos, Assign: token.NoPos}
	var ok bool
	if d.Name, ok = p.declName("resource name", token.STRING); !ok {
		return d
	}
	if d.Type = p.parseStringLit("resource type string"); d.Type == nil {
		return d
	}
	if p.atKeyword(token.KwExisting) {
		d.Existing = p.keyword()
	}
	if d.Assign = p.expect(token.ASSIGN); d.Assign.IsValid() {
		d.Body = p.parseDeclBody(allowComplex | allowResources)
	}
	return d
}

func (p *parser) parseModule(decorators []*ast.Decorator) ast.Decl {
	d := &ast.ModuleDecl{Decorators: decorators, Keyword: p.keyword(), Assign: token.NoPos}
	var ok bool
	if d.Name, ok = p.declName("module name", token.STRING); !ok {
		return d
	}
	if d.Path = p.parseStringLit("module path string"); d.Path == nil {
		return d
	}
	if d.Assign = p.expect(token.ASSIGN); d.Assign.IsValid() {
		d.Body = p.parseDeclBody(allowComplex)
	}
	return d
}

func (p *parser) parseTest(decorators []*ast.Decorator) ast.Decl {
	d := &ast.TestDecl{Decorators: decorators, Keyword: p.keyword(), Assign: token.NoPos}
	var ok bool
	if d.Name, ok = p.declName("test name", token.STRING); !ok {
		return d
	}
	if d.Path = p.parseStringLit("test path string"); d.Path == nil {
		return d
	}
	if d.Assign = p.expect(token.ASSIGN); d.Assign.IsValid() {
		d.Body = p.parseObjectOnly()
	}
	return d
}

// parseDeclBody parses the body of a resource or module: an object, a
// condition if (...) {...}, or a loop [for ...]. The condition may start
// on the line after "=".
func (p *parser) parseDeclBody(flags exprFlags) ast.Expr {
	if p.tok.Kind == token.NEWLINE && p.isKeyword(p.peek(1), token.KwIf) {
		p.next()
	}
	switch {
	case p.atKeyword(token.KwIf):
		return p.parseIf(flags)
	case p.tok.Kind == token.LBRACE:
		return p.parseObject(flags)
	case p.tok.Kind == token.LBRACK:
		return p.parseFor(flags, true)
	}
	p.errorExpected("'{', 'if' or '[for'")
	return p.bad()
}

// parseObjectOnly parses an object where nothing else may stand, such as
// a with clause.
func (p *parser) parseObjectOnly() ast.Expr {
	if p.tok.Kind != token.LBRACE {
		p.errorExpected("'{'")
		return p.bad()
	}
	return p.parseObject(allowComplex)
}

// parseImport parses import {a, b as c} from 'path' and
// import * as ns from 'path'. import followed by a string is the oldest
// spelling of an extension declaration.
func (p *parser) parseImport(decorators []*ast.Decorator) ast.Decl {
	if k := p.peek(1).Kind; k == token.STRING || k == token.STRING_HEAD {
		return p.parseExtension(decorators)
	}
	d := &ast.ImportDecl{Decorators: decorators, Keyword: p.keyword(),
		Lbrace: token.NoPos, Rbrace: token.NoPos, Star: token.NoPos, From: token.NoPos}
	switch p.tok.Kind {
	case token.LBRACE:
		d.Lbrace = p.tok.Pos
		p.next()
		p.parseElements(token.RBRACE, func() { d.Symbols = append(d.Symbols, p.parseImportSymbol()) })
		d.Rbrace = p.expectClosing(token.RBRACE)
	case token.MUL:
		d.Star = p.keyword()
		if !p.expectKeyword(token.KwAs).IsValid() {
			return d
		}
		if d.Alias = p.expectIdent("namespace name"); d.Alias.Name == "" {
			return d
		}
	default:
		p.errorExpected("'{' or '*'")
		return d
	}
	if d.From = p.expectKeyword(token.KwFrom); d.From.IsValid() {
		d.Path = p.parseStringLit("import path string")
	}
	return d
}

// parseImportSymbol parses name or name as alias in an import list.
func (p *parser) parseImportSymbol() *ast.ImportSymbol {
	s := &ast.ImportSymbol{As: token.NoPos}
	switch p.tok.Kind {
	case token.IDENT:
		s.Name = p.parseIdent()
	case token.STRING, token.STRING_HEAD:
		s.Name = p.parseString()
	default:
		p.errorExpected("symbol name")
		s.Name = p.bad()
		p.skipTo(token.NEWLINE, token.COMMA, token.RBRACE)
		return s
	}
	if p.atKeyword(token.KwAs) {
		s.As = p.keyword()
		s.Alias = p.expectIdent("alias")
	} else if _, isString := s.Name.(*ast.StringLit); isString {
		p.errorExpected("'as' and an alias after a quoted name")
	}
	return s
}

// parseExtension parses extension (or provider, or import followed by a
// string): a name or reference string, then optional with and as clauses.
func (p *parser) parseExtension(decorators []*ast.Decorator) ast.Decl {
	d := &ast.ExtensionDecl{Decorators: decorators, KeywordText: p.text(p.tok), With: token.NoPos, As: token.NoPos}
	d.Keyword = p.keyword()
	switch p.tok.Kind {
	case token.IDENT:
		d.Spec = p.parseIdent()
	case token.STRING, token.STRING_HEAD:
		d.Spec = p.parseString()
	default:
		p.errorExpected("extension name or reference string")
		d.Spec = p.bad()
		return d
	}
	if p.at(token.NEWLINE, token.EOF) {
		return d
	}
	if !p.atKeyword(token.KwAs) {
		if !p.atKeyword(token.KwWith) {
			p.errorExpected("'with', 'as' or newline")
			return d
		}
		d.With = p.keyword()
		d.Config = p.parseObjectOnly()
		if p.at(token.NEWLINE, token.EOF) {
			return d
		}
	}
	if d.As = p.expectKeyword(token.KwAs); d.As.IsValid() {
		d.Alias = p.expectIdent("extension alias")
	}
	return d
}

func (p *parser) parseExtensionConfig(decorators []*ast.Decorator) ast.Decl {
	d := &ast.ExtensionConfigDecl{Decorators: decorators, Keyword: p.keyword(), With: token.NoPos}
	var ok bool
	if d.Name, ok = p.declName("extension alias", token.IDENT); !ok {
		return d
	}
	if d.With = p.expectKeyword(token.KwWith); d.With.IsValid() {
		d.Config = p.parseObjectOnly()
	}
	return d
}

// parseUsing parses using 'path' or using none, with an optional with
// clause.
func (p *parser) parseUsing(decorators []*ast.Decorator) ast.Decl {
	d := &ast.UsingDecl{Decorators: decorators, Keyword: p.keyword(), None: token.NoPos, With: token.NoPos}
	switch {
	case p.atKeyword(token.KwNone):
		d.None = p.keyword()
	case p.tok.Kind == token.STRING || p.tok.Kind == token.STRING_HEAD:
		d.Path = p.parseString()
	default:
		p.errorExpected("file path string or 'none'")
		return d
	}
	if p.at(token.NEWLINE, token.EOF) {
		return d
	}
	if !p.atKeyword(token.KwWith) {
		p.errorExpected("'with' or newline")
		return d
	}
	d.With = p.keyword()
	d.Config = p.parseObjectOnly()
	return d
}

func (p *parser) parseExtends(decorators []*ast.Decorator) ast.Decl {
	d := &ast.ExtendsDecl{Decorators: decorators, Keyword: p.keyword()}
	d.Path = p.parseStringLit("file path string")
	return d
}
