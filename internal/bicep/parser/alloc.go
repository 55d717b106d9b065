package parser

import (
	"reflect"
	"sync"

	"github.com/apimlint/apimlint/internal/bicep/ast"
	"github.com/apimlint/apimlint/internal/bicep/token"
)

// A Bicep file makes tens of thousands of small nodes, and allocating them
// one by one costs more than parsing them. The most frequent nodes come
// from blocks instead, and lists are gathered on shared stacks and copied
// once into a slice of the right size, itself cut from a block. Blocks stay
// alive as long as any of their nodes, which suits a tree that lives and
// dies as a whole.

// progress tells the slabs how far the parse is, so that each new block
// can be sized for the rest of the file at the rate its values were needed
// so far. Blocks that double instead leave a quarter of their bytes unused
// on average, which the collector pays for as much as for the nodes.
type progress struct {
	pos  *token.Pos // the current token's position
	size int        // the length of the file
}

// blockLen returns the length of the next block for a slab of values of
// elemSize bytes that has handed out used values: what the rest of the
// file needs at the rate so far, between minLen and four times used, and
// at most maxBlockBytes long.
func (pr *progress) blockLen(used, elemSize, minLen int) int {
	n := minLen
	if done := int(*pr.pos); used > 0 && done > 0 && done < pr.size {
		n = used*(pr.size-done)/done + 1
	}
	return max(minLen, min(n, 4*used, maxBlockBytes/elemSize))
}

// maxBlockBytes bounds a block, so blocks stay small objects for the
// runtime: they come from its size classes, not from the page heap.
const maxBlockBytes = 16 << 10

// slab hands out values from blocks sized by progress.
type slab[T any] struct {
	buf  []T
	used int
}

func (s *slab[T]) new(pr *progress) *T {
	if len(s.buf) == 0 {
		s.buf = make([]T, pr.blockLen(s.used, sizeOf[T](), 4))
	}
	x := &s.buf[0]
	s.buf = s.buf[1:]
	s.used++
	return x
}

// listSlab hands out slices cut from blocks sized by progress. Each slice
// has its length as capacity, so appending to one never writes into its
// neighbour. Lists longer than a small block get their own array.
type listSlab[T any] struct {
	buf  []T
	used int
}

func (s *listSlab[T]) make(pr *progress, n int) []T {
	if n > len(s.buf) {
		if n > 64 {
			return make([]T, n)
		}
		s.buf = make([]T, max(n, pr.blockLen(s.used, sizeOf[T](), 8)))
	}
	l := s.buf[:n:n]
	s.buf = s.buf[n:]
	s.used += n
	return l
}

// stringBlock holds a string literal and its first segment, which most
// strings have alone.
type stringBlock struct {
	lit ast.StringLit
	seg [1]ast.StringSegment
}

// nodes holds the slabs and list stacks of one parse.
type nodes struct {
	idents      slab[ast.Ident]
	strings     slab[stringBlock]
	props       slab[ast.Property]
	objects     slab[ast.ObjectLit]
	arrays      slab[ast.ArrayLit]
	calls       slab[ast.CallExpr]
	memberExprs slab[ast.MemberExpr]
	ints        slab[ast.IntLit]
	decos       slab[ast.Decorator]

	memberLists    listSlab[ast.ObjectMember]
	exprLists      listSlab[ast.Expr]
	segmentLists   listSlab[ast.StringSegment]
	decoratorLists listSlab[*ast.Decorator]
	declLists      listSlab[ast.Decl]

	progress progress
	*stacks
}

// stacks are the stacks on which lists are gathered. They are emptied at
// the end of each parse and kept for the next one, so their growth is paid
// once and not per file.
type stacks struct {
	members    []ast.ObjectMember // object members being gathered
	exprs      []ast.Expr         // array items, call arguments, string holes
	segments   []ast.StringSegment
	decorators []*ast.Decorator
	decls      []ast.Decl
}

// freeStacks keeps the stacks of finished parses for the next ones. Unlike
// a sync.Pool it is not emptied by each collection: a pass over many files
// collects several times, and a stack regrown for every large file costs
// more than keeping it.
var freeStacks struct {
	sync.Mutex
	list []*stacks
}

// Bounds on what freeStacks keeps: a few sets of stacks (parses running at
// once), each holding at most maxKeptStackBytes.
const (
	maxKeptStacks     = 4
	maxKeptStackBytes = 1 << 20
)

func getStacks() *stacks {
	freeStacks.Lock()
	defer freeStacks.Unlock()
	if n := len(freeStacks.list); n > 0 {
		s := freeStacks.list[n-1]
		freeStacks.list[n-1] = nil
		freeStacks.list = freeStacks.list[:n-1]
		return s
	}
	return new(stacks)
}

// putStacks empties s (a parse cut short leaves entries behind) and keeps
// it for the next parse, unless it grew too large to keep.
func putStacks(s *stacks) {
	size := resetStack(&s.members) + resetStack(&s.exprs) + resetStack(&s.segments) +
		resetStack(&s.decorators) + resetStack(&s.decls)
	if size > maxKeptStackBytes {
		return
	}
	freeStacks.Lock()
	defer freeStacks.Unlock()
	if len(freeStacks.list) < maxKeptStacks {
		freeStacks.list = append(freeStacks.list, s)
	}
}

// resetStack empties *s and returns the bytes its array holds.
func resetStack[T any](s *[]T) int {
	clear(*s)
	*s = (*s)[:0]
	return cap(*s) * sizeOf[T]()
}

// sizeOf returns the size of a T in bytes.
func sizeOf[T any]() int { return int(reflect.TypeFor[T]().Size()) }

func (n *nodes) ident() *ast.Ident { return n.idents.new(&n.progress) }

func (n *nodes) property() *ast.Property { return n.props.new(&n.progress) }

// stringLit returns a string literal with one segment s.
func (n *nodes) stringLit(s ast.StringSegment) *ast.StringLit {
	b := n.strings.new(&n.progress)
	b.seg[0] = s
	b.lit.Segments = b.seg[:1:1]
	return &b.lit
}

// popList returns a copy of the top of stack from base, cut from l, or nil
// when there is nothing above base, and shrinks the stack back to base.
func popList[T any](pr *progress, l *listSlab[T], stack *[]T, base int) []T {
	s := *stack
	if len(s) == base {
		return nil
	}
	out := l.make(pr, len(s)-base)
	copy(out, s[base:])
	clear(s[base:])
	*stack = s[:base]
	return out
}
