package estate

import "strings"

// Unresolved lists the references of policies that name an entity of
// their service which the estate does not hold: the links the linker could
// not make. A reference is judged only when its policy belongs to a service
// of the estate and the name it gives is written out: a name given by a
// policy expression or holding a {{named value}} is known only at
// deployment, and is not listed. Whether the service's set of such entities
// is complete (Service.Known) is the rules' to judge.
type Unresolved struct {
	// Backends are the set-backend-service elements whose backend-id names
	// no backend of the service or of the policy's workspace, in any case.
	Backends []ElementRef `json:"backends"`
	// Fragments are the include-fragment elements whose fragment-id names
	// no fragment (with a policy) of the service or of the policy's
	// workspace, in any case.
	Fragments []ElementRef `json:"fragments"`
	// NamedValues are the {{name}} references that match the display name
	// of no named value of the service, in the same case. A named value
	// whose display name is decided at deployment matches none.
	NamedValues []NamedValueRefAt `json:"named_values"`
}

// NamedValueRefAt points at one named value reference: the Ref-th entry of
// the policy's NamedValueRefs.
type NamedValueRefAt struct {
	Policy string `json:"policy"`
	Ref    int    `json:"ref"`
}

// entityKey names an entity as a policy looks it up: by service, workspace
// ("" for the service's own) and name in lower case.
type entityKey struct{ service, workspace, name string }

// indexUnresolved fills Index.Unresolved, in the order of the element index
// and of policy IDs.
func (b *builder) indexUnresolved() {
	ix := &b.est.Index
	backends := map[entityKey]bool{}
	for _, be := range b.est.Backends {
		backends[entityKey{be.Service, be.Workspace, strings.ToLower(be.Name)}] = true
	}
	fragments := map[entityKey]bool{}
	for _, f := range b.est.Fragments {
		if f.Policy != "" {
			fragments[entityKey{f.Service, f.Workspace, strings.ToLower(f.Name)}] = true
		}
	}
	unresolved := func(element, attr string, known map[entityKey]bool) []ElementRef {
		out := []ElementRef{}
		for _, ref := range ix.Elements[element] {
			p := b.est.Policies[ref.Policy]
			if p == nil || b.est.Services[p.Service] == nil {
				continue
			}
			a := p.Elements[ref.Element].Attributes.Get(attr)
			if a == nil || a.Expression || namedValueRef.MatchString(a.Value) {
				continue
			}
			name := strings.ToLower(a.Value)
			if !known[entityKey{p.Service, "", name}] && !known[entityKey{p.Service, p.Workspace, name}] {
				out = append(out, ref)
			}
		}
		return out
	}
	ix.Unresolved.Backends = unresolved("set-backend-service", "backend-id", backends)
	ix.Unresolved.Fragments = unresolved("include-fragment", "fragment-id", fragments)

	type serviceName struct{ service, name string }
	named := map[serviceName]bool{}
	for _, nv := range b.est.NamedValues {
		if name, ok := displayName(nv); ok {
			named[serviceName{nv.Service, name}] = true
		}
	}
	ix.Unresolved.NamedValues = []NamedValueRefAt{}
	for _, id := range ix.NamedValueRefs {
		p := b.est.Policies[id]
		if p.Service == "" {
			continue
		}
		for i, r := range p.NamedValueRefs {
			if !named[serviceName{p.Service, r.Name}] {
				ix.Unresolved.NamedValues = append(ix.Unresolved.NamedValues, NamedValueRefAt{Policy: id, Ref: i})
			}
		}
	}
}

// displayName is the name {{references}} give a named value: its display
// name, or its name when it has none; false when the display name is
// decided at deployment or is no string.
func displayName(nv *NamedValue) (string, bool) {
	if nv.DisplayName == nil {
		return nv.Name, true
	}
	if !nv.DisplayName.Known {
		return "", false
	}
	s, ok := nv.DisplayName.Value.(string)
	return s, ok
}
