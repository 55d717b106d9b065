// Package ast declares the syntax tree of Bicep and .bicepparam files, as
// the parser package builds it.
//
// The tree follows go/ast: every node records the byte offsets
// (token.Pos) of its keywords and delimiters, and Pos and End give the span
// [Pos, End) of the whole node. A source.File turns offsets into lines and
// columns. Optional pieces that were not written have the position
// token.NoPos and nil nodes.
//
// Expressions and types share the Expr interface, as in go/ast: a type such
// as string[] is an *ArrayType whose element is the *Ident "string", and a
// literal type such as 'a' | 'b' is a *UnionType of *StringLit.
//
// After a syntax error the parser still returns a tree: a missing name is
// an *Ident with an empty Name, a missing or unreadable expression is a
// *BadExpr, and a declaration it could not make sense of is a *BadDecl.
// Fields documented as "nil after a syntax error" are nil only then.
package ast

import (
	"github.com/apimlint/apimlint/internal/bicep/token"
)

// Node is any node of the tree.
type Node interface {
	Pos() token.Pos // first byte of the node
	End() token.Pos // just after the last byte
}

// Expr is an expression or a type expression.
type Expr interface {
	Node
	exprNode()
}

// Decl is a top-level statement of a file, or a resource declared inside
// another resource's body.
type Decl interface {
	Node
	declNode()
}

// ObjectMember is an entry of an object literal: a *Property, a *SpreadExpr,
// a nested *ResourceDecl (only in a resource body) or a *BadExpr.
type ObjectMember interface {
	Node
	objectMember()
}

// File is a parsed Bicep or .bicepparam file.
type File struct {
	Decls []Decl

	// Comments lists every comment and directive of the file in order:
	// "// ..." and "/* ... */" comments and "#disable-next-line ..."
	// directives. Rules read them for inline suppressions.
	Comments []*Comment

	// Params is true when the file was parsed as a .bicepparam file.
	Params bool

	FileStart, FileEnd token.Pos // the whole content
}

// Pos returns the start of the file.
func (f *File) Pos() token.Pos { return f.FileStart }

// End returns the end of the file.
func (f *File) End() token.Pos { return f.FileEnd }

// Comment is a comment or a directive. Text is exactly as written,
// including "//", "/*" and "*/", or "#".
type Comment struct {
	Slash token.Pos // position of "/" or "#"
	Text  string
}

// Pos returns the start of the comment.
func (c *Comment) Pos() token.Pos { return c.Slash }

// End returns the end of the comment.
func (c *Comment) End() token.Pos { return c.Slash + token.Pos(len(c.Text)) }

// IsDirective reports whether c is a "#disable-next-line" directive.
func (c *Comment) IsDirective() bool { return len(c.Text) > 0 && c.Text[0] == '#' }

// Decorator is "@name", "@name(args)" or "@namespace.name(args)" written
// before a declaration, an object type property or a tuple item.
type Decorator struct {
	At   token.Pos
	Expr Expr // *Ident, *CallExpr or *MemberExpr; *BadExpr after a syntax error
}

// Pos returns the position of "@".
func (d *Decorator) Pos() token.Pos { return d.At }

// End returns the end of the decorator expression.
func (d *Decorator) End() token.Pos { return d.Expr.End() }

// Name returns the decorator's name without namespace: "description" for
// both @description('x') and @sys.description('x').
func (d *Decorator) Name() string {
	_, name := d.parts()
	return name
}

// Namespace returns the namespace of @ns.name(...), or "".
func (d *Decorator) Namespace() string {
	ns, _ := d.parts()
	return ns
}

// Args returns the arguments of a decorator call, or nil for @name.
func (d *Decorator) Args() []Expr {
	if c, ok := d.Expr.(*CallExpr); ok {
		return c.Args
	}
	return nil
}

func (d *Decorator) parts() (ns, name string) {
	x := d.Expr
	if c, ok := x.(*CallExpr); ok {
		x = c.Fun
	}
	switch x := x.(type) {
	case *Ident:
		return "", x.Name
	case *MemberExpr:
		if id, ok := x.X.(*Ident); ok {
			ns = id.Name
		}
		return ns, x.Name.Name
	}
	return "", ""
}

// FindDecorator returns the first decorator in list with the given name
// (namespace ignored), or nil.
func FindDecorator(list []*Decorator, name string) *Decorator {
	for _, d := range list {
		if d.Name() == name {
			return d
		}
	}
	return nil
}

// startWith returns the position of the first decorator, or pos.
func startWith(decorators []*Decorator, pos token.Pos) token.Pos {
	if len(decorators) > 0 {
		return decorators[0].At
	}
	return pos
}

// endOf returns the end of the first non-nil node, or pos when all are nil.
// Declarations list their parts from last to first, so a declaration cut
// short by an error ends at its last part that was read.
func endOf(pos token.Pos, nodes ...Node) token.Pos {
	for _, n := range nodes {
		if n != nil && !isNilNode(n) {
			return n.End()
		}
	}
	return pos
}

// isNilNode catches typed nil pointers stored in a Node interface.
func isNilNode(n Node) bool {
	switch n := n.(type) {
	case *Ident:
		return n == nil
	case *StringLit:
		return n == nil
	case *ObjectLit:
		return n == nil
	}
	return false
}

// maxPos returns the largest of the valid positions, plus add.
func maxPos(add token.Pos, ps ...token.Pos) token.Pos {
	m := token.NoPos
	for _, p := range ps {
		if p > m {
			m = p
		}
	}
	if m == token.NoPos {
		return m
	}
	return m + add
}
