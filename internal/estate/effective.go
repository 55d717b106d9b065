package estate

import (
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Sections are the four sections of a policy document, in order.
var Sections = []string{"inbound", "backend", "outbound", "on-error"}

// level is one scope of the chain from global to operation. The product
// level may hold several policies (an API in several products).
type level struct {
	scope    string
	policies []*Policy
}

// effective computes the effective policy of every operation, and of every
// API that declares none.
//
// The APIs are worked on in parallel: what one computes reads the estate
// and writes only its own effective policies. Each goroutine keeps what
// the operations of its APIs share (see linker).
func (b *builder) effective() {
	b.est.Effective = map[string]*Effective{}
	b.workspacePolicies = map[[2]string]string{}
	for _, id := range sortedKeys(b.est.Policies) {
		if p := b.est.Policies[id]; p.Scope == "workspace" {
			key := [2]string{p.Service, p.Workspace}
			if _, ok := b.workspacePolicies[key]; !ok {
				b.workspacePolicies[key] = id
			}
		}
	}
	ids := sortedKeys(b.est.APIs)
	out := make([][]*Effective, len(ids))
	workers := b.opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	linkers := make([]*linker, workers)
	for w := range linkers {
		linkers[w] = &linker{builder: b, stmts: map[stmtKey][]*Statement{}, splits: map[splitKey]splitOut{},
			targets: map[*Element]*Target{}}
	}
	parallel(len(ids), workers, func(w, i int) {
		b := linkers[w]
		api := b.est.APIs[ids[i]]
		chain := b.chain(api)
		ops := slices.Clone(api.Operations)
		slices.Sort(ops)
		if len(ops) == 0 {
			out[i] = []*Effective{b.newEffective(api, nil, func(sec string) ([]*Statement, *Cut) {
				return b.expand(chain, len(chain)-1, sec)
			})}
			return
		}
		// The operations of an API inherit the same API sections: each
		// is expanded once.
		var inherited [4]struct { // by section, in the order of Sections
			done bool
			sts  []*Statement
			cut  *Cut
		}
		for _, opID := range ops {
			op := b.est.Operations[opID]
			lv := level{"operation", b.policies1(op.Policy)}
			out[i] = append(out[i], b.newEffective(api, op, func(sec string) ([]*Statement, *Cut) {
				return b.level(lv, sec, func() ([]*Statement, *Cut) {
					in := &inherited[slices.Index(Sections, sec)]
					if !in.done {
						in.sts, in.cut = b.expand(chain, len(chain)-1, sec)
						in.done = true
					}
					return in.sts, in.cut
				})
			}))
		}
	})
	for _, es := range out {
		for _, e := range es {
			b.est.Effective[e.ID] = e
		}
	}
}

// parallel calls f(w, 0) … f(w, n-1) on up to workers goroutines, each
// taking the next index; w is the goroutine's number.
func parallel(n, workers int, f func(w, i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range min(workers, n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(w, i)
			}
		})
	}
	wg.Wait()
}

// linker computes effective policies on one goroutine. It makes the
// statements of a policy element, and splits a policy's section at its
// <base />, once: the operations of an API inherit the same ones, which
// are then one value in the rule input too.
type linker struct {
	*builder
	stmts   map[stmtKey][]*Statement
	splits  map[splitKey]splitOut
	targets map[*Element]*Target // by set-backend-service element
}

type splitKey struct {
	policy, section, scope string
	cond                   bool
}

type splitOut struct {
	pre, post []*Statement
	base      bool
}

// chain returns the levels from global to API for an API.
func (b *builder) chain(api *API) []level {
	svc := b.est.Services[api.Service]
	levels := []level{{"global", b.policies1(svc.Policy)}}
	if api.Workspace != "" {
		levels = append(levels, level{"workspace",
			b.policies1(b.workspacePolicy(api.Service, api.Workspace))})
	}
	var products []*Policy
	prods := slices.Clone(api.Products)
	slices.Sort(prods)
	for _, pid := range prods {
		products = append(products, b.policies1(b.est.Products[pid].Policy)...)
	}
	levels = append(levels, level{"product", products})
	return append(levels, level{"api", b.policies1(api.Policy)})
}

// workspacePolicy finds a workspace's policy: the first by ID.
func (b *builder) workspacePolicy(svc, ws string) string {
	return b.workspacePolicies[[2]string{svc, ws}]
}

// policies1 returns the parsed policy with the given ID as a list.
func (b *builder) policies1(id string) []*Policy {
	if p := b.est.Policies[id]; p != nil && p.Root >= 0 {
		return []*Policy{p}
	}
	return nil
}

// newEffective makes the effective policy of an operation (nil: of an API
// that declares none), given how its sections expand.
func (b *linker) newEffective(api *API, op *Operation, expand func(sec string) ([]*Statement, *Cut)) *Effective {
	e := &Effective{ID: api.ID, Service: api.Service, API: api.ID, Sections: map[string][]*Statement{}}
	if op != nil {
		e.ID, e.Operation = op.ID, op.ID
	}
	for _, sec := range Sections {
		sts, cut := expand(sec)
		e.Sections[sec] = sts
		if cut != nil {
			if e.Cut == nil {
				e.Cut = map[string]*Cut{}
			}
			e.Cut[sec] = cut
		}
	}
	e.Backend = b.target(api, e)
	return e
}

// expand returns the statements of a section at level i of a chain, with
// <base /> replaced by level i-1, and the innermost cut: where a level's
// section has no <base /> and so drops statements of the levels above.
func (b *linker) expand(chain []level, i int, sec string) ([]*Statement, *Cut) {
	if i < 0 {
		return nil, nil
	}
	return b.level(chain[i], sec, func() ([]*Statement, *Cut) { return b.expand(chain, i-1, sec) })
}

// level returns the statements of a section at level lv given what the
// levels above it expand to (above, called at most once). A level with no
// policy, or a policy without the section, inherits the level above
// unchanged.
//
// TODO: when a product policy drops <base />, its global statements still
// run for subscriptions without the product; they are kept unconditional,
// which is right for that path only (#5).
func (b *linker) level(lv level, sec string, above func() ([]*Statement, *Cut)) ([]*Statement, *Cut) {
	var with []*Policy
	for _, p := range lv.policies {
		if p.Root >= 0 && p.Elements[p.Root].Name == "policies" && p.Sections[sec] != nil {
			with = append(with, p)
		}
	}
	if len(with) == 0 {
		return above()
	}
	cond := lv.scope == "product"
	var before, after []*Statement
	for _, p := range with {
		pre, post, _ := b.split(p, sec, lv.scope, cond)
		before = append(before, pre...)
		after = append(after, post...)
	}
	if b.anyBase(with, sec) || cond {
		// Products are skipped for some subscriptions; for those the API's
		// <base /> reaches the level above directly.
		parent, cut := above()
		out := append(before, parent...)
		return append(out, after...), cut
	}
	var cut *Cut
	if dropped, _ := above(); len(dropped) > 0 {
		p := with[0]
		cut = &Cut{Policy: p.ID, Scope: lv.scope, Dropped: len(dropped), Loc: p.Elements[p.Sections[sec].Element].Loc}
	}
	return append(before, after...), cut
}

func (b *builder) anyBase(ps []*Policy, sec string) bool {
	for _, p := range ps {
		if p.Sections[sec].HasBase {
			return true
		}
	}
	return false
}

// split returns the statements of one policy's section before and after its
// first <base />, with fragments expanded. The slices are shared: callers
// copy them.
//
// An operation's policy is split once, for its own effective policy: only
// the splits of broader scopes are kept for the operations that follow.
func (b *linker) split(p *Policy, sec, scope string, cond bool) (pre, post []*Statement, base bool) {
	if scope == "operation" {
		return b.splitNow(p, sec, scope, cond)
	}
	key := splitKey{p.ID, sec, scope, cond}
	if o, ok := b.splits[key]; ok {
		return o.pre, o.post, o.base
	}
	pre, post, base = b.splitNow(p, sec, scope, cond)
	b.splits[key] = splitOut{pre, post, base}
	return pre, post, base
}

func (b *linker) splitNow(p *Policy, sec, scope string, cond bool) (pre, post []*Statement, base bool) {
	s := p.Sections[sec]
	for _, ci := range p.Elements[s.Element].Children {
		el := p.Elements[ci]
		if el.Name == "base" {
			if !base {
				base = true
				continue
			}
		}
		sts := b.statements(p, el, scope, cond)
		if base {
			post = append(post, sts...)
		} else {
			pre = append(pre, sts...)
		}
	}
	return pre, post, base
}

// statements turns one element into effective statements: itself, or the
// content of the fragment it includes.
func (b *linker) statements(p *Policy, el *Element, scope string, cond bool) []*Statement {
	if scope == "operation" {
		return b.newStatements(p, el, scope, cond)
	}
	key := stmtKey{p.ID, el.Index, scope, cond}
	if sts, ok := b.stmts[key]; ok {
		return sts
	}
	sts := b.newStatements(p, el, scope, cond)
	b.stmts[key] = sts
	return sts
}

type stmtKey struct {
	policy  string
	element int
	scope   string
	cond    bool
}

func (b *builder) newStatements(p *Policy, el *Element, scope string, cond bool) []*Statement {
	st := &Statement{Policy: p.ID, Element: el.Index, Name: el.Name, Scope: scope, Conditional: cond, Loc: el.Loc}
	if el.Name != "include-fragment" {
		return []*Statement{st}
	}
	frag := b.fragmentNamed(p, attrValue(el, "fragment-id"))
	if frag == nil || frag.Root < 0 {
		return []*Statement{st}
	}
	inc := &ElementRef{Policy: p.ID, Element: el.Index}
	var out []*Statement
	for _, ci := range frag.Elements[frag.Root].Children {
		fe := frag.Elements[ci]
		out = append(out, &Statement{Policy: frag.ID, Element: fe.Index, Name: fe.Name, Scope: scope,
			Conditional: cond, Fragment: frag.ID, Include: inc, Loc: fe.Loc})
	}
	return out
}

// fragmentNamed returns the policy of the fragment of that name that p can
// include: one of p's workspace, else its service's own (a policy outside a
// workspace cannot use the workspace's fragments).
func (b *builder) fragmentNamed(p *Policy, name string) *Policy {
	if name == "" || strings.HasPrefix(name, "@") {
		return nil
	}
	s := b.est.Services[p.Service]
	if s == nil {
		return nil
	}
	found := nearest(p, s.Fragments, b.est.Fragments, name, func(f *Fragment) (string, string) {
		return f.Name, f.Workspace
	})
	if found == nil {
		return nil
	}
	return b.est.Policies[found.Policy]
}

func attrValue(el *Element, name string) string {
	if a := el.Attributes.Get(name); a != nil {
		return a.Value
	}
	return ""
}
