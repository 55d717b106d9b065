package estate

import (
	"strings"

	"github.com/apimlint/apimlint/internal/value"
)

// apimRef is an APIM child resource with its service and workspace resolved
// and its type and name split into matching segments below the service.
type apimRef struct {
	r     *Resource
	svc   *Service
	ws    string
	kinds []string  // lower-case type segments below the service (and workspace)
	names []Segment // name segments below the service (and workspace)
}

// apimChild handles every Microsoft.ApiManagement/service/... resource.
func (b *builder) apimChild(r *Resource, kinds []string) {
	segs := r.Segments()
	if len(segs) != len(kinds)+1 {
		// The name does not have one segment per type segment: a template
		// error, or a name we could not evaluate. Keep it for user rules.
		b.resourceNodeOf(r, "", segs)
		return
	}
	a := apimRef{r: r, svc: b.serviceFor(r, segs[0]), kinds: kinds, names: segs[1:]}
	if kinds[0] == "workspaces" {
		a.ws = segs[1].Name
		a.kinds, a.names = kinds[1:], segs[2:]
		if len(a.kinds) == 0 {
			a.svc.Workspaces = appendUnique(a.svc.Workspaces, a.ws)
			b.resourceNodeOf(r, a.svc.ID, segs)
			return
		}
	}
	node := ""
	switch strings.Join(a.kinds, "/") {
	case "apis":
		node = b.declareAPI(a).ID
	case "apis/operations":
		node = b.declareOperation(a).ID
	case "products":
		node = b.declareProduct(a).ID
	case "products/apis":
		b.productAPI(a, a.names[1].Name)
	case "products/apilinks":
		if id, ok := a.r.Body.Path("properties.apiId").StringValue(); ok {
			b.productAPI(a, lastSegment(id))
		}
	case "backends":
		node = b.backend(a).ID
	case "namedvalues", "properties":
		node = b.namedValue(a).ID
	case "policyfragments":
		node = b.fragment(a).ID
	case "policies", "apis/policies", "apis/operations/policies", "products/policies":
		node = b.scopedPolicy(a).ID
	}
	b.resourceNodeOf(r, node, segs)
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// prefix is the ID prefix of the service or workspace of a.
func (a apimRef) prefix() string {
	if a.ws != "" {
		return a.svc.ID + "/workspaces/" + a.ws
	}
	return a.svc.ID
}

// api returns the API node of the given name that a reference from a.r
// means: the API of that name declared in the same deployment, else the
// first declared one, else an undeclared one, created when there is none.
func (b *builder) api(a apimRef, name string) *API {
	key := a.prefix() + "/apis/" + name
	dep := apiDeployment(a.r)
	if api, ok := pick(b.apis[key], func(api *API) bool { return api.Declared },
		func(api *API) bool { return b.apiFile[api] == dep }); ok {
		return api
	}
	return b.newAPI(a, key, name, dep)
}

// newAPI makes the API node of a deployment (dep, apiDeployment of a.r).
func (b *builder) newAPI(a apimRef, key, name, dep string) *API {
	id := key
	if len(b.apis[key]) > 0 {
		id += "@" + dep
	}
	api := &API{ID: b.uniqueID(id), Service: a.svc.ID, Workspace: a.ws, Name: name, Loc: Loc(a.r.Loc),
		Operations: []string{}, Products: []string{}}
	if base, _, ok := strings.Cut(name, ";rev="); ok {
		api.RevisionOf = a.prefix() + "/apis/" + base
	}
	b.apis[key] = append(b.apis[key], api)
	b.apiFile[api] = dep
	b.est.APIs[api.ID] = api
	a.svc.APIs = append(a.svc.APIs, api.ID)
	return api
}

// apiDeployment names the deployment an API resource belongs to. Two
// templates that each declare an API of one name under one service (often
// an existing one) are two deployments of it, and each is checked with the
// policies, operations and backends of its own template. The files of an
// APIOps folder are one deployment.
func apiDeployment(r *Resource) string {
	if r.Origin == OriginAPIOps {
		return string(OriginAPIOps)
	}
	return deployment(r)
}

// apiFor returns the API an apis resource declares: the one of its name in
// the same deployment, else one only referenced so far, else a new one
// beside the declarations of other deployments.
func (b *builder) apiFor(a apimRef) *API {
	key := a.prefix() + "/apis/" + a.names[0].Name
	dep := apiDeployment(a.r)
	for _, api := range b.apis[key] {
		if api.Declared && b.apiFile[api] == dep {
			return api
		}
	}
	for _, api := range b.apis[key] {
		if !api.Declared {
			b.apiFile[api] = dep
			return api
		}
	}
	return b.newAPI(a, key, a.names[0].Name, dep)
}

func (b *builder) declareAPI(a apimRef) *API {
	api := b.apiFor(a)
	if api.Declared {
		return api
	}
	api.Declared = true
	api.Loc = Loc(a.r.Loc)
	p := a.r.Body.Get("properties")
	api.DisplayName = FieldOf(p.Get("displayName"))
	api.Path = FieldOf(p.Get("path"))
	api.ServiceURL = FieldOf(p.Get("serviceUrl"))
	api.Protocols = FieldOf(p.Get("protocols"))
	api.SubscriptionRequired = FieldOf(p.Get("subscriptionRequired"))
	return api
}

// operation returns the operation node, creating an undeclared one.
func (b *builder) operation(a apimRef, apiName, name string) *Operation {
	api := b.api(a, apiName)
	id := api.ID + "/operations/" + name
	if op, ok := b.operations[id]; ok {
		return op
	}
	op := &Operation{ID: id, Service: a.svc.ID, API: api.ID, Name: name, Loc: Loc(a.r.Loc)}
	b.operations[id] = op
	b.est.Operations[id] = op
	api.Operations = append(api.Operations, id)
	return op
}

func (b *builder) declareOperation(a apimRef) *Operation {
	op := b.operation(a, a.names[0].Name, a.names[1].Name)
	if op.Declared {
		return op
	}
	op.Declared = true
	op.Loc = Loc(a.r.Loc)
	p := a.r.Body.Get("properties")
	op.Method = FieldOf(p.Get("method"))
	op.URLTemplate = FieldOf(p.Get("urlTemplate"))
	return op
}

// product returns the product node, creating an undeclared one.
func (b *builder) product(a apimRef, name string) *Product {
	id := a.prefix() + "/products/" + name
	if p, ok := b.products[id]; ok {
		return p
	}
	p := &Product{ID: id, Service: a.svc.ID, Workspace: a.ws, Name: name, Loc: Loc(a.r.Loc), APIs: []string{}}
	b.products[id] = p
	b.est.Products[id] = p
	a.svc.Products = append(a.svc.Products, id)
	return p
}

func (b *builder) declareProduct(a apimRef) *Product {
	p := b.product(a, a.names[0].Name)
	if p.Declared {
		return p
	}
	p.Declared = true
	p.Loc = Loc(a.r.Loc)
	p.SubscriptionRequired = FieldOf(a.r.Body.Path("properties.subscriptionRequired"))
	return p
}

// productAPI records that a product holds an API.
func (b *builder) productAPI(a apimRef, apiName string) {
	p := b.product(a, a.names[0].Name)
	api := b.api(a, apiName)
	p.APIs = appendUnique(p.APIs, api.ID)
	api.Products = appendUnique(api.Products, p.ID)
}

func (b *builder) backend(a apimRef) *Backend {
	id := b.uniqueID(a.prefix() + "/backends/" + a.names[0].Name)
	p := a.r.Body.Get("properties")
	be := &Backend{ID: id, Service: a.svc.ID, Workspace: a.ws, Name: a.names[0].Name, Loc: Loc(a.r.Loc),
		URL: FieldOf(p.Get("url")), ResourceID: FieldOf(p.Get("resourceId")),
		Protocol: FieldOf(p.Get("protocol"))}
	if c := p.Get("credentials"); c != nil {
		be.Credentials = &BackendCredentials{Header: fieldLists(c.Get("header")), Query: fieldLists(c.Get("query")),
			Authorization: FieldOf(c.Get("authorization")), Loc: Loc(c.Loc)}
	}
	for _, s := range p.Path("pool.services").Items() {
		if sid, ok := s.Get("id").StringValue(); ok {
			be.Pool = append(be.Pool, lastSegment(sid))
		}
	}
	if !a.r.Existing {
		a.svc.Known.Backends = true
	}
	b.est.Backends[id] = be
	a.svc.Backends = append(a.svc.Backends, id)
	return be
}

// fieldLists reads credentials.header / credentials.query: name -> [values].
func fieldLists(v *value.Value) map[string][]*Field {
	out := map[string][]*Field{}
	if v == nil || v.Kind != value.Object {
		return out
	}
	for _, m := range v.Members {
		var fs []*Field
		if m.Value.Kind == value.Array {
			for _, e := range m.Value.Elems {
				fs = append(fs, FieldOf(e))
			}
		} else {
			fs = append(fs, FieldOf(m.Value))
		}
		out[m.Key] = fs
	}
	return out
}

func (b *builder) namedValue(a apimRef) *NamedValue {
	id := b.uniqueID(a.prefix() + "/namedValues/" + a.names[0].Name)
	p := a.r.Body.Get("properties")
	nv := &NamedValue{ID: id, Service: a.svc.ID, Workspace: a.ws, Name: a.names[0].Name, Loc: Loc(a.r.Loc),
		DisplayName: FieldOf(p.Get("displayName")), Secret: FieldOf(p.Get("secret"))}
	if kv := p.Get("keyVault"); kv != nil && kv.Kind == value.Object {
		nv.KeyVault = &KeyVault{SecretIdentifier: FieldOf(kv.Get("secretIdentifier")),
			IdentityClientID: FieldOf(kv.Get("identityClientId")), Loc: Loc(kv.Loc)}
	}
	if v := FieldOf(p.Get("value")); v != nil {
		if hidesValue(p) {
			v.Value = nil // never carry a secret's value into the model
		}
		nv.Value = v
	}
	if !a.r.Existing {
		a.svc.Known.NamedValues = true
	}
	b.est.NamedValues[id] = nv
	return nv
}

// hidesValue reports whether the properties of a named value mark it
// secret, or may: a secret flag that is an expression counts as secret.
func hidesValue(props *value.Value) bool {
	secret := FieldOf(props.Get("secret"))
	b, _ := secret.knownBool()
	return b || secret != nil && !secret.Known
}

// isNamedValueType reports whether a resource type is a named value, by its
// current name (namedValues, also under workspaces) or its old one
// (service/properties).
func isNamedValueType(typ string) bool {
	t := strings.ToLower(typ)
	return strings.HasSuffix(t, "/namedvalues") || strings.HasSuffix(t, "/service/properties")
}

// withoutSecretValue returns the properties of a secret named value as rules
// see them, its value left out; other properties are returned as they are.
func withoutSecretValue(typ string, p *value.Value, props any) any {
	m, ok := props.(map[string]any)
	if !ok || !isNamedValueType(typ) || !hidesValue(p) {
		return props
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		if !strings.EqualFold(k, "value") {
			out[k] = v
		}
	}
	return out
}

func (b *builder) fragment(a apimRef) *Fragment {
	id := b.uniqueID(a.prefix() + "/policyFragments/" + a.names[0].Name)
	fr := &Fragment{ID: id, Service: a.svc.ID, Workspace: a.ws, Name: a.names[0].Name, Loc: Loc(a.r.Loc)}
	if !a.r.Existing {
		a.svc.Known.Fragments = true
	}
	b.est.Fragments[id] = fr
	a.svc.Fragments = append(a.svc.Fragments, id)
	if a.r.Body.Path("properties.value") != nil || a.r.Body.Path("properties.policyContent") != nil {
		pol := b.newPolicy(a.r, "fragment", id+"/policy")
		pol.Service, pol.Workspace, pol.Fragment = a.svc.ID, a.ws, id
		fr.Policy = pol.ID
	}
	return fr
}

// scopedPolicy handles the policies child of a service, workspace, product,
// API or operation.
func (b *builder) scopedPolicy(a apimRef) *Policy {
	var pol *Policy
	switch strings.Join(a.kinds, "/") {
	case "policies":
		scope, owner := "global", a.svc.ID
		if a.ws != "" {
			scope, owner = "workspace", a.prefix()
		}
		pol = b.newPolicy(a.r, scope, owner+"/policy")
		if a.ws == "" && a.svc.Policy == "" {
			a.svc.Policy = pol.ID
		}
	case "products/policies":
		p := b.product(a, a.names[0].Name)
		pol = b.newPolicy(a.r, "product", p.ID+"/policy")
		pol.Product = p.ID
		if p.Policy == "" {
			p.Policy = pol.ID
		}
	case "apis/policies":
		api := b.api(a, a.names[0].Name)
		pol = b.newPolicy(a.r, "api", api.ID+"/policy")
		pol.API = api.ID
		if api.Policy == "" {
			api.Policy = pol.ID
		}
	default:
		op := b.operation(a, a.names[0].Name, a.names[1].Name)
		pol = b.newPolicy(a.r, "operation", op.ID+"/policy")
		pol.API, pol.Operation = op.API, op.ID
		if op.Policy == "" {
			op.Policy = pol.ID
		}
	}
	pol.Service, pol.Workspace = a.svc.ID, a.ws
	return pol
}
