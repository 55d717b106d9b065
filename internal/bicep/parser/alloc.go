package parser

import "github.com/apimlint/apimlint/internal/bicep/ast"

// A Bicep file makes tens of thousands of small nodes, and allocating them
// one by one costs more than parsing them. The most frequent nodes come
// from blocks instead, and lists are gathered on shared stacks and copied
// once into a slice of the right size. Blocks stay alive as long as any of
// their nodes, which suits a tree that lives and dies as a whole.

// slab hands out values from blocks that grow from 16 to 512 values, so
// small files do not pay for large blocks.
type slab[T any] struct {
	buf  []T
	size int
}

func (s *slab[T]) new() *T {
	if len(s.buf) == 0 {
		s.size = min(max(2*s.size, 16), 512)
		s.buf = make([]T, s.size)
	}
	x := &s.buf[0]
	s.buf = s.buf[1:]
	return x
}

// stringBlock holds a string literal and its first segment, which most
// strings have alone.
type stringBlock struct {
	lit ast.StringLit
	seg [1]ast.StringSegment
}

// nodes holds the slabs and list stacks of one parse.
type nodes struct {
	idents  slab[ast.Ident]
	strings slab[stringBlock]
	props   slab[ast.Property]

	members []ast.ObjectMember // stack of object members being gathered
	exprs   []ast.Expr         // stack of array items and call arguments
}

func (n *nodes) ident() *ast.Ident { return n.idents.new() }

func (n *nodes) property() *ast.Property { return n.props.new() }

// stringLit returns a string literal with one segment s; further segments
// are appended (and then reallocate).
func (n *nodes) stringLit(s ast.StringSegment) *ast.StringLit {
	b := n.strings.new()
	b.seg[0] = s
	b.lit.Segments = b.seg[:1:1]
	return &b.lit
}

// popList returns a copy of the top of stack from base, and shrinks the
// stack back to base.
func popList[T any](stack *[]T, base int) []T {
	s := *stack
	if len(s) == base {
		return nil
	}
	out := make([]T, len(s)-base)
	copy(out, s[base:])
	clear(s[base:])
	*stack = s[:base]
	return out
}
