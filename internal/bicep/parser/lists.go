package parser

import (
	"github.com/apimlint/apimlint/internal/bicep/ast"
	"github.com/apimlint/apimlint/internal/bicep/token"
)

// Bicep has three kinds of lists, each with its own rules for line breaks
// and commas; the functions here parse them with callbacks for the items.

// stall detects a list loop that made no progress, so that every loop
// consumes input even on inputs no rule foresaw.
type stall struct {
	pos   token.Pos
	kind  token.Token
	count int
}

// check returns true after the parser stood on the same token for two
// iterations in a row; the caller then skips that token.
func (s *stall) check(p *parser) bool {
	if p.tok.Pos == s.pos && p.tok.Kind == s.kind {
		s.count++
		return s.count >= 2
	}
	s.pos, s.kind, s.count = p.tok.Pos, p.tok.Kind, 0
	return false
}

// parseElements parses the items of an array, object, object type, tuple
// type or import list, after the opening delimiter and up to (not
// including) close. Items are separated by line breaks or by one comma; a
// trailing comma is allowed, a line break right after a comma is not.
func (p *parser) parseElements(close token.Token, elem func()) {
	if p.tok.Kind == close {
		return
	}
	p.skipNewlines()
	var st stall
	expectElem := true
	for p.tok.Kind != close && p.tok.Kind != token.EOF {
		if st.check(p) {
			p.next()
			continue
		}
		if expectElem {
			elem()
			expectElem = false
			continue
		}
		switch p.tok.Kind {
		case token.NEWLINE:
			p.skipNewlines()
		case token.COMMA:
			p.next()
			if p.tok.Kind == token.NEWLINE {
				p.errorExpected("item after ','")
				p.skipNewlines()
			}
		default:
			p.errorExpected("',' or newline")
		}
		expectElem = true
	}
}

// parseArgs parses the arguments of a call (or of a parameterized type)
// after the opening delimiter, up to (not including) close. Arguments are
// separated by commas, with line breaks allowed around them; a trailing
// comma is not allowed. It returns false when the file ended inside the
// list, which it has reported.
func (p *parser) parseArgs(close token.Token, elem func()) bool {
	if p.tok.Kind == close {
		return true
	}
	p.skipNewlines()
	var st stall
	expectElem := true
	for p.tok.Kind != close && p.tok.Kind != token.EOF {
		if st.check(p) {
			p.next()
			continue
		}
		if expectElem {
			elem()
			expectElem = false
			continue
		}
		if !p.parseArgSeparator(close) {
			return false
		}
		expectElem = true
	}
	return true
}

// parseArgSeparator parses what follows an argument: a comma, or a line
// break before the closing delimiter. It returns false when the list ends
// early because the file does.
func (p *parser) parseArgSeparator(close token.Token) bool {
	switch p.tok.Kind {
	case token.NEWLINE:
		switch p.peek(1).Kind {
		case close:
		case token.EOF:
			p.error(p.tok.Pos, p.tok.Pos, "expected '"+close.String()+"', found end of file")
			p.skipNewlines()
			return false
		default:
			p.errorExpected("','")
		}
		p.skipNewlines()
	case token.COMMA:
		p.next()
		p.skipNewlines()
		if p.tok.Kind == close {
			p.errorExpected("argument after ','")
		}
	default:
		p.errorExpected("',' or newline")
	}
	return true
}

// parseParenList parses "(" items ")" where items are separated by
// commas: a parenthesized expression, lambda parameters, loop variables,
// function parameters or a parenthesized type. With newlines, line breaks
// may stand around the items.
func (p *parser) parseParenList(newlines bool, elem func() ast.Expr) (lparen token.Pos, items []ast.Expr, commas []token.Pos, rparen token.Pos) {
	lparen = p.keyword()
	nl := func() {
		if newlines {
			p.skipNewlines()
		}
	}
	nl()
	for p.tok.Kind != token.RPAREN && p.tok.Kind != token.EOF {
		since := p.errCount
		items = append(items, elem())
		p.recoverTo(since, token.STRING_TAIL, token.RBRACE, token.RPAREN, token.RBRACK,
			token.NEWLINE, token.COMMA)
		nl()
		if p.tok.Kind != token.COMMA {
			break
		}
		commas = append(commas, p.keyword())
		nl()
	}
	missing := p.tok.Kind != token.RPAREN
	rparen = p.expectClosing(token.RPAREN)
	if missing {
		// Bicep skips what stands where ")" should be, up to the end of
		// the enclosing string, object, array or line.
		p.skipTo(token.STRING_TAIL, token.RBRACE, token.RBRACK, token.NEWLINE)
	}
	return lparen, items, commas, rparen
}
