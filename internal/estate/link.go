package estate

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// link joins what depends on every resource being known: backends and APIs
// to the sites they call, Easy Auth configs to app registrations and to the
// APIM identities they allow, and the effective policies.
func (b *builder) link() {
	for _, s := range b.est.Sites {
		if s.Kind == nil && len(s.EasyAuth) > 0 {
			// An Easy Auth config on a site of unknown kind: treat it as the
			// Function the rules are about.
			s.IsFunction = true
		}
	}
	for _, id := range sortedKeys(b.est.Backends) {
		be := b.est.Backends[id]
		be.Site = b.siteOfBackend(be)
	}
	for _, id := range sortedKeys(b.est.EasyAuth) {
		b.linkEasyAuth(b.est.EasyAuth[id])
	}
	b.effective()
}

// sitesID matches the site name in an ARM resource ID.
var sitesID = regexp.MustCompile(`(?i)/providers/Microsoft\.Web/sites/([^/{}?#]+)`)

// siteOfBackend resolves a backend to a site: by resourceId, else by the
// host of its url.
func (b *builder) siteOfBackend(be *Backend) string {
	if be.ResourceID != nil {
		if be.ResourceID.Ref != nil && strings.EqualFold(be.ResourceID.Ref.Type, siteType) {
			if s := b.siteNamed(be.ResourceID.Ref.Name, be.Loc.File); s != nil {
				return s.ID
			}
		}
		if m := sitesID.FindStringSubmatch(be.ResourceID.text()); m != nil {
			if s := b.siteNamed(m[1], be.Loc.File); s != nil {
				return s.ID
			}
		}
	}
	if be.URL != nil {
		return b.siteOfURLField(be.URL, be.Loc.File)
	}
	return ""
}

// siteOfURLField finds the site a URL field goes to: the site whose runtime
// host name it is built from, else the site whose host name it names.
func (b *builder) siteOfURLField(f *Field, file string) string {
	if f.host != nil && f.host.Name != "" {
		if s := b.siteNamed(f.host.Name, file); s != nil {
			return s.ID
		}
	}
	return b.siteOfURL(f.text())
}

// siteOfURL finds the site whose host name the URL names.
func (b *builder) siteOfURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || strings.Contains(u.Host, "{") {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	for _, id := range sortedKeys(b.est.Sites) {
		if slices.Contains(b.est.Sites[id].HostNames, host) {
			return id
		}
	}
	return ""
}

// target finds where an effective policy sends requests.
func (b *linker) target(api *API, e *Effective) *Target {
	var last *Element
	var lastPol, p *Policy
	for _, sec := range []string{"inbound", "backend"} {
		for _, st := range e.Sections[sec] {
			if p == nil || p.ID != st.Policy {
				p = b.est.Policies[st.Policy]
			}
			for _, el := range subtree(p, st.Element) {
				if el.Name == "set-backend-service" {
					last, lastPol = el, p
				}
			}
		}
	}
	if last != nil {
		// The operations of an API mostly share it: one target each.
		t, ok := b.targets[last]
		if !ok {
			t = b.backendTarget(lastPol, last)
			b.targets[last] = t
		}
		return t
	}
	if raw := api.ServiceURL.text(); raw != "" {
		return &Target{Kind: "service-url", URL: raw, Site: b.siteOfURLField(api.ServiceURL, api.Loc.File), Loc: api.ServiceURL.Loc}
	}
	return nil
}

// subtree returns an element and its descendants in document order: the
// elements from it to the next one no deeper than it, as the list of a
// policy's elements is in document order.
func subtree(p *Policy, i int) []*Element {
	end := i + 1
	for end < len(p.Elements) && p.Elements[end].Depth > p.Elements[i].Depth {
		end++
	}
	return p.Elements[i:end]
}

// rank says how near to policy p an entity of its service in workspace ws
// ("" the service's own) is: a policy uses its service's entities (0) and
// those of its own workspace (1), which win over the service's of the same
// name; another workspace's it cannot use (-1).
func rank(p *Policy, ws string) int {
	switch ws {
	case "":
		return 0
	case p.Workspace:
		return 1
	}
	return -1
}

// nearest returns the entity of that name, in any case, among a service's
// (ids in byID) that p sees first (rank); nil when it sees none. key gives
// an entity's name and workspace.
func nearest[E any](p *Policy, ids []string, byID map[string]*E, name string, key func(*E) (string, string)) *E {
	var found *E
	best := -1
	for _, id := range ids {
		e := byID[id]
		if e == nil {
			continue
		}
		n, ws := key(e)
		if r := rank(p, ws); r > best && strings.EqualFold(n, name) {
			found, best = e, r
		}
	}
	return found
}

func (b *builder) backendTarget(p *Policy, el *Element) *Target {
	t := &Target{Statement: &ElementRef{Policy: p.ID, Element: el.Index}, Loc: el.Loc}
	for _, a := range el.Ancestors {
		if p.Elements[a].Name == "choose" {
			t.Conditional = true
		}
	}
	if a := el.Attributes.Get("backend-id"); a != nil {
		t.Kind = "backend-id"
		if a.Expression {
			return t
		}
		svc := b.est.Services[p.Service]
		if svc == nil {
			return t
		}
		found := nearest(p, svc.Backends, b.est.Backends, a.Value, func(be *Backend) (string, string) {
			return be.Name, be.Workspace
		})
		if found != nil {
			t.Backend, t.Site = found.ID, found.Site
			if s, ok := found.URL.knownString(); ok {
				t.URL = s
			}
		}
		return t
	}
	t.Kind = "base-url"
	if a := el.Attributes.Get("base-url"); a != nil && !a.Expression {
		t.URL = a.Value
		t.Site = b.siteOfURL(a.Value)
	}
	return t
}

// linkEasyAuth joins an Easy Auth config to its app registration and to the
// APIM services its allowed principals name.
func (b *builder) linkEasyAuth(ea *EasyAuth) {
	ea.AllowedServices = []string{}
	if id, ok := ea.ClientID.knownString(); ok {
		for _, aid := range sortedKeys(b.est.AppRegistrations) {
			if app, _ := b.est.AppRegistrations[aid].AppID.knownString(); strings.EqualFold(app, id) {
				ea.AppRegistration = aid
				break
			}
		}
	}
	if ea.ClientID != nil && ea.ClientID.Ref != nil {
		ea.AppRegistration = b.symbolNode(ea.ClientID.Ref, ea.ClientID.Loc.File)
	}
	for _, v := range b.principals[ea] {
		if v.Ref == nil || !strings.HasPrefix(strings.ToLower(v.Ref.Path), "identity.principalid") {
			continue
		}
		if node := b.symbolNode(refInfo(v.Ref), v.Loc.File); b.est.Services[node] != nil {
			ea.AllowedServices = appendUnique(ea.AllowedServices, node)
		}
	}
}

// symbolNode resolves a symbolic reference to the node its resource made:
// by symbol in the file it was written in, else by type and name.
func (b *builder) symbolNode(r *RefInfo, file string) string {
	if r == nil {
		return ""
	}
	if n, ok := b.symbols[file+"#"+r.Symbol]; ok {
		return n
	}
	if r.Name != "" {
		if n, ok := b.byTypeName[strings.ToLower(r.Type)+"|"+strings.ToLower(r.Name)]; ok {
			return n
		}
	}
	return ""
}
