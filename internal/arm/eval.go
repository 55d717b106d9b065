package arm

import (
	"strings"

	"github.com/apimlint/apimlint/internal/armexpr"
	"github.com/apimlint/apimlint/internal/value"
)

// eval evaluates every expression in v, expanding property copy loops
// (an object's "copy" array of {name, count, input}).
func (t *template) eval(v *value.Value, e *env) *value.Value {
	if !hasPropertyCopy(v, 0) {
		out, errs := armexpr.EvalTree(v, e)
		t.r.exprErrors(errs)
		return out
	}
	switch v.Kind {
	case value.Array:
		c := *v
		c.Elems = make([]*value.Value, len(v.Elems))
		for i, el := range v.Elems {
			c.Elems[i] = t.eval(el, e)
		}
		return &c
	case value.Object:
		c := *v
		c.Members = make([]value.Member, 0, len(v.Members))
		for _, m := range v.Members {
			if strings.EqualFold(m.Key, "copy") && isPropertyCopy(m.Value) {
				for _, entry := range m.Value.Elems {
					name, _ := entry.Get("name").StringValue()
					c.Members = append(c.Members, value.Member{Key: name, KeyLoc: entry.Loc,
						Value: t.copyArray(entry, e)})
				}
				continue
			}
			c.Members = append(c.Members, value.Member{Key: m.Key, KeyLoc: m.KeyLoc, Value: t.eval(m.Value, e)})
		}
		return &c
	}
	return v
}

// isPropertyCopy reports whether v is the array of a property copy loop.
func isPropertyCopy(v *value.Value) bool {
	if v == nil || v.Kind != value.Array || len(v.Elems) == 0 {
		return false
	}
	for _, e := range v.Elems {
		if e.Kind != value.Object || e.Get("name") == nil || e.Get("input") == nil {
			return false
		}
	}
	return true
}

func hasPropertyCopy(v *value.Value, depth int) bool {
	if v == nil || depth > 200 {
		return false
	}
	switch v.Kind {
	case value.Array:
		for _, e := range v.Elems {
			if hasPropertyCopy(e, depth+1) {
				return true
			}
		}
	case value.Object:
		for _, m := range v.Members {
			if strings.EqualFold(m.Key, "copy") && isPropertyCopy(m.Value) || hasPropertyCopy(m.Value, depth+1) {
				return true
			}
		}
	}
	return false
}

// copyArray builds the array of a copy entry {name, count, input}: one
// element per iteration, or one representative when the count is unknown.
func (t *template) copyArray(entry *value.Value, e *env) *value.Value {
	name, _ := entry.Get("name").StringValue()
	out := &value.Value{Kind: value.Array, Loc: entry.Loc, Elems: []*value.Value{}}
	n, known := t.count(entry.Get("count"), e)
	if !known {
		out.Elems = append(out.Elems, t.eval(entry.Get("input"), e.in(loop{name: name, property: true})))
		return out
	}
	for i := range n {
		out.Elems = append(out.Elems, t.eval(entry.Get("input"), e.in(loop{name: name, index: i, known: true, property: true})))
	}
	return out
}

// count evaluates a copy count: known is false when it cannot be known
// before deployment. Counts beyond MaxCopyCount are reported and cut.
func (t *template) count(v *value.Value, e *env) (n int, known bool) {
	if v == nil {
		return 0, false
	}
	c, errs := armexpr.EvalString(v, e)
	t.r.exprErrors(errs)
	if c.Kind != value.Number {
		if c.Kind != value.Unknown {
			t.r.errorf(v.Loc, "a copy count must be an integer, found %s", c.Kind)
		}
		return 0, false
	}
	switch {
	case c.Num < 0 || c.Num != float64(int(c.Num)):
		t.r.errorf(v.Loc, "a copy count must be a non-negative integer, found %v", c.Num)
		return 0, false
	case c.Num > MaxCopyCount:
		t.r.errorf(v.Loc, "copy count %v is over ARM's limit of %d; the first %d are read", c.Num,
			MaxCopyCount, MaxCopyCount)
		return t.budget(v, MaxCopyCount)
	}
	return t.budget(v, int(c.Num))
}

// budget spends n iterations of the file's MaxIterations; past it, loops
// are read once, as if their count were unknown.
func (t *template) budget(at *value.Value, n int) (int, bool) {
	if t.r.iterations+n > MaxIterations {
		t.r.errorf(at.Loc, "copy loops expand into more than %d iterations; this loop is read once", MaxIterations)
		return 0, false
	}
	t.r.iterations += n
	return n, true
}
