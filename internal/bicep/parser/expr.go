package parser

import (
	"bytes"
	"strconv"

	"github.com/apimlint/apimlint/internal/bicep/ast"
	"github.com/apimlint/apimlint/internal/bicep/scanner"
	"github.com/apimlint/apimlint/internal/bicep/token"
)

// exprFlags say which constructs an expression may contain here.
type exprFlags uint8

const (
	// allowComplex allows object and array literals. Bicep forbids them
	// directly inside string interpolation holes.
	allowComplex exprFlags = 1 << iota
	// allowResources allows nested resource declarations as members of an
	// object: the body of a resource.
	allowResources
)

// parseExpr parses a full expression: a conditional or a binary
// expression. A line break may stand before "?" and before ":".
func (p *parser) parseExpr(flags exprFlags) ast.Expr {
	p.enter()
	defer p.leave()
	x := p.parseBinary(flags&^allowResources, 1)
	if p.afterNewline().Kind != token.QUESTION {
		return x
	}
	p.skipNewlines()
	c := &ast.CondExpr{Cond: x, Question: p.keyword(), Colon: token.NoPos}
	c.Then = p.parseExpr(flags)
	if p.afterNewline().Kind == token.COLON {
		p.skipNewlines()
	}
	if c.Colon = p.expect(token.COLON); c.Colon.IsValid() {
		c.Else = p.parseExpr(flags)
	} else {
		c.Else = p.bad()
	}
	return c
}

// parseBinary parses operators binding at least as tightly as prec,
// left-associatively.
func (p *parser) parseBinary(flags exprFlags, prec int) ast.Expr {
	x := p.parseUnary(flags)
	for {
		op := p.tok.Kind
		oprec := op.Precedence()
		if oprec < prec {
			return x
		}
		pos := p.keyword()
		y := p.parseBinary(flags, oprec+1)
		x = &ast.BinaryExpr{X: x, OpPos: pos, Op: op, Y: y}
	}
}

// parseUnary parses !x and -x. As in Bicep the operand is a primary
// expression with its accessors, so !!x needs parentheses.
func (p *parser) parseUnary(flags exprFlags) ast.Expr {
	if p.tok.Kind == token.NOT || p.tok.Kind == token.SUB {
		op := p.tok.Kind
		pos := p.keyword()
		return &ast.UnaryExpr{OpPos: pos, Op: op, X: p.parsePostfix(flags)}
	}
	return p.parsePostfix(flags)
}

// parsePostfix parses a primary expression followed by accessors:
// .name, .?name, [i], [?i], [^i], ::name, calls .f(...) and the non-null
// assertion "!".
func (p *parser) parsePostfix(flags exprFlags) ast.Expr {
	x := p.parsePrimary(flags)
	for {
		switch p.tok.Kind {
		case token.LBRACK:
			x = p.parseIndex(x, flags)
		case token.PERIOD:
			x = p.parseMember(x, flags)
		case token.DCOLON:
			pos := p.keyword()
			x = &ast.ResourceAccessExpr{X: x, DColon: pos, Name: p.expectIdent("resource name")}
		case token.NOT:
			x = &ast.NonNullExpr{X: x, Bang: p.keyword()}
		default:
			return x
		}
	}
}

func (p *parser) parseIndex(x ast.Expr, flags exprFlags) ast.Expr {
	ix := &ast.IndexExpr{X: x, Lbrack: p.keyword()}
	if p.tok.Kind == token.QUESTION {
		ix.Safe = true
		p.next()
	}
	if p.tok.Kind == token.HAT {
		ix.FromEnd = true
		p.next()
	}
	if p.tok.Kind == token.RBRACK {
		p.errorExpected("index expression")
		ix.Index = p.bad()
	} else {
		ix.Index = p.parseExpr(flags)
	}
	ix.Rbrack = p.expectClosing(token.RBRACK)
	return ix
}

// parseMember parses .name, .?name or a call .name(...) after x.
func (p *parser) parseMember(x ast.Expr, flags exprFlags) ast.Expr {
	m := p.nodes.memberExprs.new(&p.nodes.progress)
	m.X, m.Dot = x, p.keyword()
	if p.tok.Kind == token.QUESTION {
		m.Safe = true
		p.next()
	}
	m.Name = p.expectIdent("property or function name")
	if p.tok.Kind != token.LPAREN || m.Name.Name == "" {
		return m
	}
	if m.Safe {
		p.error(m.Dot, m.Name.End(), "safe access .? is not allowed before a function call")
	}
	return p.parseCall(m, flags)
}

// parsePrimary parses a literal, a name, a call, a lambda, a parenthesized
// expression, an object, an array or a for-expression.
func (p *parser) parsePrimary(flags exprFlags) ast.Expr {
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
	case token.LPAREN:
		return p.parseParenOrLambda(flags)
	case token.IDENT:
		return p.parseNameExpr(flags)
	case token.LBRACE, token.LBRACK:
		if flags&allowComplex == 0 {
			p.error(p.tok.Pos, p.tok.End, "object and array literals are not allowed inside string interpolation")
			return p.bad()
		}
		if p.tok.Kind == token.LBRACE {
			return p.parseObject(flags)
		}
		if p.isKeyword(p.afterNewlineAt(1), token.KwFor) {
			return p.parseFor(flags, false)
		}
		return p.parseArray()
	}
	p.errorExpected("expression")
	return p.bad()
}

// afterNewlineAt returns the token n places ahead, looking past one
// NEWLINE there.
func (p *parser) afterNewlineAt(n int) *scanner.Token {
	t := p.peek(n)
	if t.Kind == token.NEWLINE {
		return p.peek(n + 1)
	}
	return t
}

func (p *parser) parseInt() ast.Expr {
	x := p.nodes.ints.new(&p.nodes.progress)
	x.ValuePos, x.Raw = p.tok.Pos, p.text(p.tok)
	v, err := strconv.ParseUint(x.Raw, 10, 64)
	if err != nil {
		p.error(p.tok.Pos, p.tok.End, "integer literal out of range")
	}
	x.Value = v
	p.next()
	return x
}

func (p *parser) parseIdent() *ast.Ident {
	id := p.nodes.ident()
	id.NamePos, id.Name = p.tok.Pos, p.text(p.tok)
	p.next()
	return id
}

// parseNameExpr parses a name, a call name(...) or a lambda x => body.
func (p *parser) parseNameExpr(flags exprFlags) ast.Expr {
	id := p.parseIdent()
	switch p.tok.Kind {
	case token.LPAREN:
		return p.parseCall(id, flags)
	case token.ARROW:
		l := &ast.LambdaExpr{Lparen: token.NoPos, Params: []*ast.Ident{id}, Rparen: token.NoPos}
		p.parseLambdaBody(l)
		return l
	}
	return id
}

// parseCall parses the arguments of a call to fun.
func (p *parser) parseCall(fun ast.Expr, flags exprFlags) ast.Expr {
	c := p.nodes.calls.new(&p.nodes.progress)
	c.Fun, c.Lparen = fun, p.keyword()
	base := len(p.nodes.exprs)
	complete := p.parseArgs(token.RPAREN, func() {
		since := p.errCount
		p.nodes.exprs = append(p.nodes.exprs, p.parseExpr(flags))
		p.recoverTo(since, token.NEWLINE, token.COMMA, token.RPAREN)
	})
	c.Args = popList(&p.nodes.progress, &p.nodes.exprLists, &p.nodes.exprs, base)
	c.Rparen = p.closing(token.RPAREN, complete)
	return c
}

// parseParenOrLambda parses (x), or the parameters and body of a lambda
// (a, b) => body.
func (p *parser) parseParenOrLambda(flags exprFlags) ast.Expr {
	lparen, items, commas, rparen := p.parseParenList(true, func() ast.Expr { return p.parseExpr(flags) })
	if p.tok.Kind == token.ARROW {
		l := &ast.LambdaExpr{Lparen: lparen, Rparen: rparen}
		for _, it := range items {
			id, ok := it.(*ast.Ident)
			if !ok {
				p.error(it.Pos(), it.End(), "expected lambda parameter name, found expression")
				id = &ast.Ident{NamePos: it.Pos()}
			}
			l.Params = append(l.Params, id)
		}
		p.parseLambdaBody(l)
		return l
	}
	switch {
	case len(items) == 0:
		p.error(rparen, rparen, "expected expression, found ')'")
		return &ast.ParenExpr{Lparen: lparen, X: &ast.BadExpr{From: rparen, To: rparen}, Rparen: rparen}
	case len(commas) > 0:
		p.error(commas[0], commas[0]+1, "expected ')', found ','")
	}
	return &ast.ParenExpr{Lparen: lparen, X: items[0], Rparen: rparen}
}

// parseLambdaBody parses "=> body". The body may start on the next line,
// unless that line starts a declaration (then the body is missing).
func (p *parser) parseLambdaBody(l *ast.LambdaExpr) {
	l.Arrow = p.keyword()
	if t := p.afterNewline(); !(t.Kind == token.IDENT && token.IsDeclarationKeyword(string(p.src[t.Pos:t.End]))) {
		p.skipNewlines()
	}
	l.Body = p.parseExpr(allowComplex)
}

// parseTypedLambda parses the typed parameters, result type and body of a
// user-defined function: (a string, b int) string => body.
func (p *parser) parseTypedLambda(d *ast.FuncDecl) {
	if p.tok.Kind != token.LPAREN {
		p.errorExpected("'('")
		return
	}
	d.Lparen, _, _, d.Rparen = p.parseParenList(true, func() ast.Expr {
		param := &ast.FuncParam{Name: p.expectIdent("parameter name")}
		if param.Name.Name == "" {
			param.Type = p.bad()
		} else {
			param.Type = p.parseType(false)
		}
		d.Params = append(d.Params, param)
		return param.Type
	})
	d.Result = p.parseType(false)
	if p.tok.Kind != token.ARROW {
		p.errorExpected("'=>'")
		return
	}
	l := &ast.LambdaExpr{}
	p.parseLambdaBody(l)
	d.Arrow, d.Body = l.Arrow, l.Body
}

// parseString parses a string starting at a STRING or STRING_HEAD token,
// with the expressions in its holes.
func (p *parser) parseString() *ast.StringLit {
	s := p.nodes.stringLit(p.segment())
	s.Quote, s.Multiline = p.tok.Pos, p.tok.Str.Multiline
	if p.tok.Kind == token.STRING {
		s.EndPos = p.tok.End
		p.next()
		return s
	}
	p.next()
	exprBase, segBase := len(p.nodes.exprs), len(p.nodes.segments)
	p.nodes.segments = append(p.nodes.segments, s.Segments[0])
	for {
		since := p.errCount
		x := p.parseExpr(0)
		p.nodes.exprs = append(p.nodes.exprs, x)
		if !p.at(token.STRING_MID, token.STRING_TAIL) {
			if p.errCount == since {
				p.errorExpected("'}'")
			}
			p.skipTo(token.STRING_MID, token.STRING_TAIL)
		}
		if !p.at(token.STRING_MID, token.STRING_TAIL) {
			// The file ended inside a hole (already reported by the scanner).
			p.nodes.segments = append(p.nodes.segments, ast.StringSegment{Start: p.tok.Pos, End: p.tok.Pos})
			s.EndPos = p.tok.Pos
			break
		}
		p.nodes.segments = append(p.nodes.segments, p.segment())
		if p.tok.Kind == token.STRING_TAIL {
			s.EndPos = p.tok.End
			p.next()
			break
		}
		p.next()
	}
	s.Exprs = popList(&p.nodes.progress, &p.nodes.exprLists, &p.nodes.exprs, exprBase)
	s.Segments = popList(&p.nodes.progress, &p.nodes.segmentLists, &p.nodes.segments, segBase)
	return s
}

// segment makes the string segment of the current string token.
func (p *parser) segment() ast.StringSegment {
	st := p.tok.Str
	return ast.StringSegment{
		Start:     st.Start,
		End:       st.End,
		Value:     p.decode(st),
		Multiline: st.Multiline,
	}
}

// decode returns the value of a string piece. Text without escapes is a
// substring of the file's text, so most strings cost no allocation.
func (p *parser) decode(st scanner.StringPiece) string {
	raw := p.src[st.Start:st.End]
	if st.Multiline || bytes.IndexByte(raw, '\\') < 0 {
		return p.srcText[st.Start:st.End]
	}
	return scanner.Decode(raw, false)
}

// parseArray parses [items], on one line with commas or on many.
func (p *parser) parseArray() ast.Expr {
	a := p.nodes.arrays.new(&p.nodes.progress)
	a.Lbrack = p.keyword()
	base := len(p.nodes.exprs)
	p.parseElements(token.RBRACK, func() {
		since := p.errCount
		var x ast.Expr
		if p.tok.Kind == token.ELLIPSIS {
			x = p.parseSpread()
		} else {
			x = p.parseExpr(allowComplex)
		}
		p.nodes.exprs = append(p.nodes.exprs, x)
		p.recoverTo(since, token.NEWLINE, token.RBRACK)
	})
	a.Items = popList(&p.nodes.progress, &p.nodes.exprLists, &p.nodes.exprs, base)
	a.Rbrack = p.expectClosing(token.RBRACK)
	return a
}

func (p *parser) parseSpread() *ast.SpreadExpr {
	s := &ast.SpreadExpr{Ellipsis: p.keyword()}
	s.X = p.parseExpr(allowComplex)
	return s
}

// parseObject parses {members}. With allowResources (a resource body) a
// member may be a nested resource declaration.
func (p *parser) parseObject(flags exprFlags) *ast.ObjectLit {
	o := p.nodes.objects.new(&p.nodes.progress)
	o.Lbrace = p.keyword()
	base := len(p.nodes.members)
	p.parseElements(token.RBRACE, func() {
		since := p.errCount
		m := p.parseObjectMember(flags)
		p.nodes.members = append(p.nodes.members, m)
		p.recoverTo(since, token.NEWLINE, token.RBRACE)
	})
	o.Members = popList(&p.nodes.progress, &p.nodes.memberLists, &p.nodes.members, base)
	o.Rbrace = p.expectClosing(token.RBRACE)
	return o
}

func (p *parser) parseObjectMember(flags exprFlags) ast.ObjectMember {
	if flags&allowResources != 0 && p.atNestedResource() {
		return p.parseNestedResource()
	}
	if p.tok.Kind == token.ELLIPSIS {
		return p.parseSpread()
	}
	prop := p.nodes.property()
	prop.Colon = token.NoPos
	switch p.tok.Kind {
	case token.IDENT:
		prop.Key = p.parseIdent()
	case token.STRING, token.STRING_HEAD:
		prop.Key = p.parseString()
	default:
		p.errorExpected("property name")
		prop.Key, prop.Value = p.bad(), p.bad()
		return prop
	}
	if prop.Colon = p.expect(token.COLON); !prop.Colon.IsValid() {
		prop.Value = p.bad()
		return prop
	}
	prop.Value = p.parseExpr(allowComplex)
	return prop
}

// atNestedResource reports whether a resource body member is a nested
// resource: decorators, or "resource" followed by a name (a property
// named resource is followed by ":").
func (p *parser) atNestedResource() bool {
	return p.tok.Kind == token.AT || p.atKeyword(token.KwResource) && p.peek(1).Kind == token.IDENT
}

func (p *parser) parseNestedResource() ast.ObjectMember {
	decorators := p.parseDecorators()
	if !p.atKeyword(token.KwResource) {
		from, to := p.danglingDecorators(decorators, "resource declaration")
		return &ast.BadExpr{From: from, To: to}
	}
	return p.parseResource(decorators).(*ast.ResourceDecl)
}

// parseFor parses [for item in range: body] and
// [for (item, index) in range: body]. In a resource or module declaration
// the body must be an object or a condition.
func (p *parser) parseFor(flags exprFlags, declBody bool) ast.Expr {
	f := &ast.ForExpr{Lbrack: p.keyword(), For: token.NoPos, In: token.NoPos, Colon: token.NoPos}
	p.skipNewlines()
	if !p.parseForHeader(f) {
		f.Range, f.Body = orBad(p, f.Range), p.bad()
		p.skipTo(token.RBRACK, token.NEWLINE)
	} else {
		f.Body = p.parseForBody(flags, declBody)
		p.skipNewlines()
	}
	f.Rbrack = p.expectClosing(token.RBRACK)
	return f
}

// parseForHeader parses "for item in range:"; false means it failed.
func (p *parser) parseForHeader(f *ast.ForExpr) bool {
	if f.For = p.expectKeyword(token.KwFor); !f.For.IsValid() {
		return false
	}
	switch p.tok.Kind {
	case token.IDENT:
		f.Item = p.parseIdent()
	case token.LPAREN:
		if !p.parseForVariables(f) {
			return false
		}
	default:
		p.errorExpected("loop variable or '('")
		return false
	}
	if f.In = p.expectKeyword(token.KwIn); !f.In.IsValid() {
		return false
	}
	f.Range = p.parseExpr(allowComplex)
	f.Colon = p.expect(token.COLON)
	return f.Colon.IsValid()
}

// parseForVariables parses (item, index).
func (p *parser) parseForVariables(f *ast.ForExpr) bool {
	lparen, items, _, _ := p.parseParenList(false, func() ast.Expr { return p.parseExpr(0) })
	var ids []*ast.Ident
	for _, it := range items {
		id, ok := it.(*ast.Ident)
		if !ok {
			p.error(it.Pos(), it.End(), "expected loop variable name, found expression")
			return false
		}
		ids = append(ids, id)
	}
	if len(ids) != 2 {
		p.error(lparen, p.tok.Pos, "expected two loop variables (item, index)")
		return false
	}
	f.Item, f.Index = ids[0], ids[1]
	return true
}

func (p *parser) parseForBody(flags exprFlags, declBody bool) ast.Expr {
	// A filter if (...) {...} is only meaningful for resources and modules;
	// elsewhere it is read the same way so the evaluator can report it.
	if p.atKeyword(token.KwIf) && p.peek(1).Kind == token.LPAREN {
		return p.parseIf(flags | allowComplex)
	}
	if !declBody {
		return p.parseExpr(allowComplex)
	}
	if p.tok.Kind == token.LBRACE {
		return p.parseObject(flags)
	}
	p.errorExpected("'{' or 'if'")
	return p.bad()
}

// parseIf parses if (cond) {body}.
func (p *parser) parseIf(flags exprFlags) ast.Expr {
	x := &ast.IfExpr{If: p.keyword(), Lparen: token.NoPos, Rparen: token.NoPos}
	if p.tok.Kind != token.LPAREN {
		// Bicep goes on with the body when it stands where the condition
		// should.
		p.errorExpected("'('")
		x.Cond = p.bad()
		p.skipTo(token.LBRACE, token.NEWLINE)
	} else {
		x.Cond = p.parseCondition(x)
	}
	if p.tok.Kind != token.LBRACE {
		p.errorExpected("'{'")
		x.Body = p.bad()
		return x
	}
	x.Body = p.parseObject(flags)
	return x
}

// parseCondition parses the parenthesized condition of an if.
func (p *parser) parseCondition(x *ast.IfExpr) ast.Expr {
	var items []ast.Expr
	x.Lparen, items, _, x.Rparen = p.parseParenList(true, func() ast.Expr { return p.parseExpr(allowComplex) })
	if len(items) != 1 {
		p.error(x.Lparen, x.Rparen+1, "expected one condition in parentheses")
		return &ast.BadExpr{From: x.Lparen, To: x.Rparen + 1}
	}
	return items[0]
}

// orBad returns x, or an empty BadExpr at the current token when x is nil.
func orBad(p *parser, x ast.Expr) ast.Expr {
	if x == nil {
		return p.bad()
	}
	return x
}
