package parser

import (
	"github.com/apimlint/apimlint/internal/bicep/ast"
	"github.com/apimlint/apimlint/internal/bicep/token"
)

// parseType parses the type of a parameter, variable, output or type
// declaration. resource 'T@v' is a resource type; in an output
// (optionalResourceType) the string may be left out.
func (p *parser) parseType(optionalResourceType bool) ast.Expr {
	if p.atKeyword(token.KwResource) && p.peek(1).Kind != token.LSS {
		r := &ast.ResourceType{Resource: p.keyword()}
		if optionalResourceType && p.tok.Kind != token.STRING && p.tok.Kind != token.STRING_HEAD {
			return r
		}
		r.Type = p.parseStringLit("resource type string")
		return r
	}
	return p.parseTypeExpr()
}

// parseTypeExpr parses a type expression: a union a | b, which may start
// with "|" and continue on the next line before a "|".
func (p *parser) parseTypeExpr() ast.Expr {
	p.enter()
	defer p.leave()
	lead := token.NoPos
	if p.afterNewline().Kind == token.PIPE {
		p.skipNewlines()
		lead = p.keyword()
	}
	x := p.parseUnaryType()
	if !lead.IsValid() && p.afterNewline().Kind != token.PIPE {
		return x
	}
	u := &ast.UnionType{Lead: lead, Members: []ast.Expr{x}}
	for p.afterNewline().Kind == token.PIPE {
		p.skipNewlines()
		p.next()
		if p.tok.Kind == token.NEWLINE {
			p.errorExpected("type")
			u.Members = append(u.Members, p.bad())
			continue
		}
		u.Members = append(u.Members, p.parseUnaryType())
	}
	return u
}

// parseUnaryType parses a type with a leading "-" or "!" (literal types
// such as -1) and trailing "?" (nullable) and "!" (non-null).
func (p *parser) parseUnaryType() ast.Expr {
	var x ast.Expr
	if p.tok.Kind == token.SUB || p.tok.Kind == token.NOT {
		op := p.tok.Kind
		pos := p.keyword()
		x = &ast.UnaryExpr{OpPos: pos, Op: op, X: p.parseMemberType()}
	} else {
		x = p.parseMemberType()
	}
	for {
		switch p.tok.Kind {
		case token.QUESTION:
			x = &ast.NullableType{X: x, Question: p.keyword()}
		case token.NOT:
			x = &ast.NonNullType{X: x, Bang: p.keyword()}
		default:
			return x
		}
	}
}

// parseMemberType parses a primary type followed by [] (array of),
// [*] (items), [i] (tuple item), .* (additional properties), .name
// (property type) and .name<args>.
func (p *parser) parseMemberType() ast.Expr {
	x := p.parsePrimaryType()
	for {
		switch p.tok.Kind {
		case token.LBRACK:
			x = p.parseTypeIndex(x)
		case token.PERIOD:
			x = p.parseTypeMember(x)
		default:
			return x
		}
	}
}

func (p *parser) parseTypeIndex(x ast.Expr) ast.Expr {
	lbrack := p.keyword()
	switch p.tok.Kind {
	case token.RBRACK:
		return &ast.ArrayType{Elem: x, Lbrack: lbrack, Rbrack: p.keyword()}
	case token.MUL:
		p.next()
		return &ast.ItemsType{X: x, Lbrack: lbrack, Rbrack: p.expectClosing(token.RBRACK)}
	}
	ix := &ast.IndexExpr{X: x, Lbrack: lbrack, Index: p.parseExpr(0)}
	ix.Rbrack = p.expectClosing(token.RBRACK)
	return ix
}

func (p *parser) parseTypeMember(x ast.Expr) ast.Expr {
	dot := p.keyword()
	if p.tok.Kind == token.MUL {
		return &ast.AdditionalPropertiesType{X: x, Star: p.keyword()}
	}
	m := &ast.MemberExpr{X: x, Dot: dot, Name: p.expectIdent("property name")}
	if p.tok.Kind == token.LSS && m.Name.Name != "" {
		return p.parseTypeArgs(m)
	}
	return m
}

// parsePrimaryType parses a literal type, a string type, an object type,
// a tuple type, a parenthesized type, a type name or name<args>.
func (p *parser) parsePrimaryType() ast.Expr {
	switch p.tok.Kind {
	case token.INT:
		return p.parseInt()
	case token.TRUE, token.FALSE:
		x := &ast.BoolLit{ValuePos: p.tok.Pos, Value: p.tok.Kind == token.TRUE}
		p.next()
		return x
	case token.NULL:
		return &ast.NullLit{ValuePos: p.keyword()}
	case token.STRING, token.STRING_HEAD:
		return p.parseString()
	case token.LBRACE:
		return p.parseObjectType()
	case token.LBRACK:
		return p.parseTupleType()
	case token.LPAREN:
		return p.parseParenType()
	case token.IDENT:
		id := p.parseIdent()
		if p.tok.Kind == token.LSS {
			return p.parseTypeArgs(id)
		}
		return id
	}
	p.errorExpected("type")
	return p.bad()
}

// parseTypeArgs parses <args> after a parameterized type's name.
func (p *parser) parseTypeArgs(name ast.Expr) ast.Expr {
	t := &ast.ParameterizedType{Name: name, Lt: p.keyword()}
	complete := p.parseArgs(token.GTR, func() {
		since := p.errCount
		t.Args = append(t.Args, p.parseTypeExpr())
		p.recoverTo(since, token.NEWLINE, token.COMMA, token.GTR)
	})
	t.Gt = p.closing(token.GTR, complete)
	return t
}

func (p *parser) parseParenType() ast.Expr {
	lparen, items, commas, rparen := p.parseParenList(false, p.parseTypeExpr)
	switch {
	case len(items) == 0:
		p.error(rparen, rparen, "expected type, found ')'")
		return &ast.ParenExpr{Lparen: lparen, X: &ast.BadExpr{From: rparen, To: rparen}, Rparen: rparen}
	case len(commas) > 0:
		p.error(commas[0], commas[0]+1, "expected ')', found ','")
	}
	return &ast.ParenExpr{Lparen: lparen, X: items[0], Rparen: rparen}
}

// parseObjectType parses { name: type ... } with decorated properties and
// the additional-properties entry *: type.
func (p *parser) parseObjectType() ast.Expr {
	o := &ast.ObjectType{Lbrace: p.keyword()}
	p.parseElements(token.RBRACE, func() {
		since := p.errCount
		o.Members = append(o.Members, p.parseObjectTypeProperty())
		p.recoverTo(since, token.NEWLINE, token.RBRACE)
	})
	o.Rbrace = p.expectClosing(token.RBRACE)
	return o
}

func (p *parser) parseObjectTypeProperty() *ast.ObjectTypeProperty {
	prop := &ast.ObjectTypeProperty{Decorators: p.parseDecorators(), Star: token.NoPos, Colon: token.NoPos}
	switch p.tok.Kind {
	case token.IDENT:
		prop.Key = p.parseIdent()
	case token.STRING, token.STRING_HEAD:
		prop.Key = p.parseString()
	case token.MUL:
		prop.Star = p.keyword()
	default:
		p.errorExpected("property name or '*'")
		prop.Key, prop.Type = p.bad(), p.bad()
		return prop
	}
	if prop.Colon = p.expect(token.COLON); !prop.Colon.IsValid() {
		prop.Type = p.bad()
		return prop
	}
	prop.Type = p.parseTypeExpr()
	return prop
}

func (p *parser) parseTupleType() ast.Expr {
	t := &ast.TupleType{Lbrack: p.keyword()}
	p.parseElements(token.RBRACK, func() {
		since := p.errCount
		item := &ast.TupleItem{Decorators: p.parseDecorators()}
		item.Type = p.parseTypeExpr()
		t.Items = append(t.Items, item)
		p.recoverTo(since, token.NEWLINE, token.RBRACK)
	})
	t.Rbrack = p.expectClosing(token.RBRACK)
	return t
}
