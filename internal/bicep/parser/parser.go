// Package parser builds syntax trees (package ast) from Bicep and
// .bicepparam files, natively in Go, in the manner of go/parser.
//
// The parser accepts the current Bicep language: declarations (targetScope,
// metadata, param, var, output, resource, module, type, func, import,
// extension and the older provider, assert, test; in .bicepparam files
// using, extends, param assignments, extensionConfig), decorators, strings
// with interpolation and multi-line strings, objects and arrays on one line
// or many, lambdas, for-expressions and conditions, safe access, spread and
// type expressions.
//
// Bicep is line-oriented: a declaration ends at a line break; array items
// and object properties are separated by line breaks or commas; line breaks
// are also allowed inside parentheses and call arguments and before the "?"
// and ":" of a conditional. The parser follows the Bicep compiler's rules
// closely, so a file it accepts is one Bicep accepts syntactically, and an
// error it reports sits where Bicep reports its first syntax error.
//
// Errors are collected, not fatal: the parser reports "expected X, found Y"
// at the offending token, skips to the next line, property or item, and
// carries on. Like go/parser it keeps at most one error per line and stops
// after MaxErrors errors, returning what it has parsed so far. Nesting
// deeper than MaxDepth (expressions, types or nested resources) is an error
// that stops the parse, so no input can exhaust the stack, and every loop
// consumes input, so no input can make it loop forever.
//
// What the parser does not check: names and types (undeclared symbols,
// wrong argument counts, cycles), and constraints the Bicep compiler
// applies after parsing, such as where lambdas may appear.
package parser

import (
	"fmt"
	"path"
	"strings"

	"github.com/apimlint/apimlint/internal/bicep/ast"
	"github.com/apimlint/apimlint/internal/bicep/scanner"
	"github.com/apimlint/apimlint/internal/bicep/token"
	"github.com/apimlint/apimlint/internal/source"
)

// Mode selects the language of the file.
type Mode int

const (
	// Bicep parses a .bicep file.
	Bicep Mode = iota
	// BicepParam parses a .bicepparam parameters file: using, extends,
	// param assignments (param name = value), var, type, import, extension
	// and extensionConfig.
	BicepParam
)

// ModeFor returns the mode for a file name: BicepParam for ".bicepparam"
// (in any case), Bicep otherwise.
func ModeFor(name string) Mode {
	if strings.EqualFold(path.Ext(name), ".bicepparam") {
		return BicepParam
	}
	return Bicep
}

// MaxErrors is the number of errors after which parsing stops.
const MaxErrors = 10

// MaxDepth is the deepest nesting of expressions, types and resources the
// parser accepts.
const MaxDepth = 1000

// ParseFile parses f as a whole file. It always returns a tree, partial
// when errors stopped the parse; the errors are sorted by position.
func ParseFile(f *source.File, mode Mode) (*ast.File, scanner.ErrorList) {
	p := newParser(f, mode)
	file := &ast.File{Params: mode == BicepParam, FileStart: 0, FileEnd: token.Pos(len(f.Content))}
	func() {
		defer p.catchBailout()
		p.next()
		p.parseFile(file)
	}()
	file.Decls = popList(&p.nodes.progress, &p.nodes.declLists, &p.nodes.decls, 0)
	putStacks(p.nodes.stacks)
	file.Comments = p.collectComments()
	p.errors.Sort()
	return file, p.errors
}

// ParseExpr parses f as a single expression, such as the text of a test
// case or a value typed by a user.
func ParseExpr(f *source.File) (ast.Expr, scanner.ErrorList) {
	p := newParser(f, Bicep)
	var x ast.Expr = &ast.BadExpr{From: 0, To: token.Pos(len(f.Content))}
	func() {
		defer p.catchBailout()
		p.next()
		p.skipNewlines()
		x = p.parseExpr(allowComplex)
		p.skipNewlines()
		if p.tok.Kind != token.EOF {
			p.errorExpected("end of expression")
		}
	}()
	putStacks(p.nodes.stacks)
	p.errors.Sort()
	return x, p.errors
}

// bailout is the panic value that ends a parse early: after MaxErrors
// errors or on nesting deeper than MaxDepth.
type bailout struct{}

func (p *parser) catchBailout() {
	if r := recover(); r != nil {
		if _, ok := r.(bailout); !ok {
			panic(r)
		}
	}
}

// parser holds the state of one parse.
type parser struct {
	file    *source.File
	src     []byte
	srcText string // src as a string, shared by the names in the tree
	mode    Mode
	scanner scanner.Scanner
	errors  scanner.ErrorList

	tok    scanner.Token    // the current token
	ahead  [2]scanner.Token // tokens scanned past tok, for lookahead
	nahead int              // how many of ahead are in use

	nodes nodes // allocation of frequent nodes and lists

	depth    int // current nesting, checked against MaxDepth
	errCount int // every error reported, including those not kept
}

func newParser(f *source.File, mode Mode) *parser {
	p := &parser{file: f, src: f.Content, srcText: string(f.Content), mode: mode}
	p.nodes.stacks = getStacks()
	p.nodes.progress = progress{pos: &p.tok.Pos, size: len(f.Content)}
	p.scanner.Init(f, p.scanError, 0)
	return p
}

func (p *parser) scanError(pos, end token.Pos, msg string) {
	p.error(pos, end, msg)
}

// collectComments returns the comments the scanner skipped.
func (p *parser) collectComments() []*ast.Comment {
	list := make([]*ast.Comment, len(p.scanner.Comments))
	comments := make([]ast.Comment, len(p.scanner.Comments))
	for i, t := range p.scanner.Comments {
		comments[i] = ast.Comment{Slash: t.Pos, Text: p.text(t)}
		list[i] = &comments[i]
	}
	return list
}

// next moves to the next token. The scanner merges line breaks, blank
// lines and comment lines into one NEWLINE, so "the next token after the
// line breaks" is always at most two tokens ahead.
func (p *parser) next() {
	if p.nahead > 0 {
		p.tok = p.ahead[0]
		p.ahead[0] = p.ahead[1]
		p.nahead--
		return
	}
	p.scanner.Next(&p.tok)
}

// peek returns the token n places after the current one (1 <= n <= 2),
// valid until the parser moves on.
func (p *parser) peek(n int) *scanner.Token {
	for p.nahead < n {
		p.scanner.Next(&p.ahead[p.nahead])
		p.nahead++
	}
	return &p.ahead[n-1]
}

// afterNewline returns the current token, or the one after it when the
// current token is a NEWLINE, valid until the parser moves on.
func (p *parser) afterNewline() *scanner.Token {
	if p.tok.Kind == token.NEWLINE {
		return p.peek(1)
	}
	return &p.tok
}

func (p *parser) skipNewlines() {
	for p.tok.Kind == token.NEWLINE {
		p.next()
	}
}

// text returns the source text of t: a substring of the file's text, so
// names and numbers in the tree cost no allocation of their own.
func (p *parser) text(t scanner.Token) string { return p.srcText[t.Pos:t.End] }

// isKeyword reports whether t is the identifier kw.
func (p *parser) isKeyword(t *scanner.Token, kw string) bool {
	return t.Kind == token.IDENT && string(p.src[t.Pos:t.End]) == kw
}

func (p *parser) atKeyword(kw string) bool { return p.isKeyword(&p.tok, kw) }

// error records an error at [pos, end). Like go/parser it keeps only the
// first error on a line, and stops the parse at MaxErrors.
func (p *parser) error(pos, end token.Pos, msg string) {
	p.errCount++
	loc := p.file.Location(int(pos), int(end))
	if n := len(p.errors); n > 0 && p.errors[n-1].Loc.Start.Line == loc.Start.Line {
		return
	}
	p.errors = append(p.errors, &scanner.Error{Loc: loc, Msg: msg})
	if len(p.errors) >= MaxErrors {
		panic(bailout{})
	}
}

// errorExpected reports that what was expected at the current token.
func (p *parser) errorExpected(what string) {
	p.error(p.tok.Pos, p.tok.End, "expected "+what+", found "+p.describe(p.tok))
}

// describe names a token for "found ..." in error messages.
func (p *parser) describe(t scanner.Token) string {
	switch {
	case t.Kind == token.EOF:
		return "end of file"
	case t.Kind == token.NEWLINE:
		return "newline"
	case t.Kind == token.IDENT || t.Kind == token.ILLEGAL:
		return fmt.Sprintf("%q", p.text(t))
	case t.Kind == token.INT:
		return p.text(t)
	case t.Kind.IsString():
		return "string"
	}
	return "'" + t.Kind.String() + "'"
}

// expect consumes a token of kind k and returns its position; otherwise it
// reports an error and returns NoPos without consuming anything.
func (p *parser) expect(k token.Token) token.Pos {
	if p.tok.Kind != k {
		p.errorExpected("'" + k.String() + "'")
		return token.NoPos
	}
	pos := p.tok.Pos
	p.next()
	return pos
}

// expectClosing consumes the closing delimiter k. When it is missing it
// reports the error and returns the position where it was expected, so the
// node still ends somewhere sensible.
func (p *parser) expectClosing(k token.Token) token.Pos {
	if p.tok.Kind == k {
		pos := p.tok.Pos
		p.next()
		return pos
	}
	p.errorExpected("'" + k.String() + "'")
	return p.missingClosing()
}

// missingClosing is the position given to a closing delimiter that is not
// written: just before the current token, so that a node ending just after
// its delimiter ends where that token starts. It never takes in the token
// (a line break that also ends an enclosing string, say) and never ends past
// the end of the file.
func (p *parser) missingClosing() token.Pos {
	return max(0, min(p.tok.Pos, token.Pos(len(p.src)))-1)
}

// closing is expectClosing for a list that may have ended early: when
// the list was cut short by the end of the file (complete is false), the
// missing delimiter was already reported.
func (p *parser) closing(k token.Token, complete bool) token.Pos {
	if !complete {
		return p.missingClosing()
	}
	return p.expectClosing(k)
}

// expectKeyword consumes the identifier kw; otherwise it reports an error
// and returns NoPos.
func (p *parser) expectKeyword(kw string) token.Pos {
	if !p.atKeyword(kw) {
		p.errorExpected("'" + kw + "'")
		return token.NoPos
	}
	pos := p.tok.Pos
	p.next()
	return pos
}

// expectIdent consumes an identifier. When there is none it reports that
// what was expected and returns an empty identifier at the current token.
func (p *parser) expectIdent(what string) *ast.Ident {
	if p.tok.Kind != token.IDENT {
		p.errorExpected(what)
		return &ast.Ident{NamePos: p.tok.Pos}
	}
	return p.parseIdent()
}

// skipTo skips tokens until one of kinds (not consumed) or the end of the
// file, and returns the end of the last token skipped (or the current
// position when nothing was skipped).
func (p *parser) skipTo(kinds ...token.Token) token.Pos {
	end := p.tok.Pos
	for p.tok.Kind != token.EOF && !p.at(kinds...) {
		end = p.tok.End
		p.next()
	}
	return end
}

// at reports whether the current token is one of kinds.
func (p *parser) at(kinds ...token.Token) bool {
	for _, k := range kinds {
		if p.tok.Kind == k {
			return true
		}
	}
	return false
}

// recoverTo skips to one of kinds when an error was reported since the
// error count was since: the part just parsed was cut short, and its
// remaining tokens would only produce confusing follow-up errors.
func (p *parser) recoverTo(since int, kinds ...token.Token) {
	if p.errCount != since && !p.at(kinds...) {
		p.skipTo(kinds...)
	}
}

// enter counts one level of nesting; leave undoes it.
func (p *parser) enter() {
	p.depth++
	if p.depth > MaxDepth {
		p.errors = append(p.errors, &scanner.Error{
			Loc: p.file.Location(int(p.tok.Pos), int(p.tok.End)),
			Msg: fmt.Sprintf("nesting too deep: more than %d levels", MaxDepth),
		})
		panic(bailout{})
	}
}

func (p *parser) leave() { p.depth-- }
