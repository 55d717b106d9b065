package estate

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// LoosePolicyType is the resource type readers give a policy file that
// nothing places at a scope: its scope is "unknown".
const LoosePolicyType = "apimlint/policy-file"

// ManifestType is the resource type of a standalone app-registration
// manifest; its body is the manifest.
const ManifestType = "apimlint/app-manifest"

// BuildOptions controls Build.
type BuildOptions struct {
	// Workers bounds how many policies are parsed at once; 0 means one per CPU.
	Workers int
}

type builder struct {
	est  *Estate
	opts BuildOptions

	services map[string][]*Service // by name
	svcFile  map[*Service]string   // where a service was declared
	resSvc   map[*Resource]*Service

	apis       map[string][]*API // by service (and workspace) and name
	apiFile    map[*API]string   // the deployment that declared an API
	operations map[string]*Operation
	products   map[string]*Product
	sites      map[string][]*Site
	siteFile   map[*Site]string

	policies []*policyJob
	jobs     chan *policyJob // the policies queued and not yet parsed
	parsing  sync.WaitGroup  // the goroutines parsing them
	nodeIDs  map[string]int

	workspacePolicies map[[2]string]string // [service, workspace] → its policy's ID (see effective)

	// symbols maps "file#symbol" and byTypeName "type|name" to the node a
	// resource made, to resolve symbolic references.
	symbols    map[string]string
	byTypeName map[string]string
	principals map[*EasyAuth][]*value.Value
}

// Build links the resources of all inputs into one estate; it keeps no
// input, and clears the slice it is given. Inputs compiled
// from a Bicep file that is itself an input, and policy files and Bicep
// files (modules, templates of .bicepparam files) that another input loads,
// are dropped so each fact is reported once, where it is written.
func Build(inputs []*Input, opts BuildOptions) *Estate {
	b := &builder{
		est: &Estate{
			Services: map[string]*Service{}, APIs: map[string]*API{}, Operations: map[string]*Operation{},
			Products: map[string]*Product{}, Backends: map[string]*Backend{},
			NamedValues: map[string]*NamedValue{}, Fragments: map[string]*Fragment{},
			Policies: map[string]*Policy{}, PolicyHeads: map[string]*PolicyHead{}, Sites: map[string]*Site{}, EasyAuth: map[string]*EasyAuth{},
			AppRegistrations: map[string]*AppRegistration{}, Identities: map[string]*Identity{},
			Resources: map[string]*ResourceNode{},
			Index: Index{
				Elements:                map[string][]ElementRef{},
				Named:                   map[string]map[string][]ElementRef{},
				TextContains:            map[string][]string{},
				SectionsWithoutBase:     []SectionRef{},
				PoliciesMissingSections: []string{},
				Roots:                   map[string][]string{},
				Scopes:                  map[string][]string{},
				Contents:                map[string][]string{},
				FormatFaults:            []string{},
				ExpressionEntities:      []string{},
				NamedValueRefs:          []string{},
				Calls:                   map[string][]string{},
			},
		},
		opts:     opts,
		services: map[string][]*Service{}, svcFile: map[*Service]string{}, resSvc: map[*Resource]*Service{},
		apis: map[string][]*API{}, apiFile: map[*API]string{}, operations: map[string]*Operation{}, products: map[string]*Product{},
		sites: map[string][]*Site{}, siteFile: map[*Site]string{}, nodeIDs: map[string]int{},
		symbols: map[string]string{}, byTypeName: map[string]string{}, principals: map[*EasyAuth][]*value.Value{},
	}
	res := b.collect(inputs)
	clear(inputs)
	// Most resources make a node and a resource node; the maps of them are
	// made to size.
	b.est.Resources = make(map[string]*ResourceNode, len(res))
	b.nodeIDs = make(map[string]int, 2*len(res))

	// Parents before children: services and sites first, so that children
	// declared by name in other files find them.
	for _, existing := range []bool{false, true} {
		for _, r := range res {
			if r.TypeIs(serviceType) && r.Existing == existing {
				b.service(r)
			}
		}
	}
	for _, r := range res {
		if r.TypeIs(siteType) {
			b.site(r)
		}
	}
	// APIs before their children, so that an operation or policy finds the
	// API of its own deployment wherever its file sorts.
	var rest []*Resource
	for _, r := range res {
		if r.TypeIs(serviceType+"/apis") || r.TypeIs(serviceType+"/workspaces/apis") {
			b.resource(r)
		} else {
			rest = append(rest, r)
		}
	}
	// A resource read is let go of (its value tree, and the file of a
	// policy once parsed): the inputs of a large estate are as large as
	// the estate itself, and need not both be held.
	clear(res)
	for i, r := range rest {
		b.resource(r)
		rest[i] = nil
	}
	b.parsePolicies()
	b.link()
	b.indexPolicies()
	return b.est
}

// collect drops superseded inputs and returns the remaining resources in a
// stable order: by file, then position.
func (b *builder) collect(inputs []*Input) []*Resource {
	present := map[string]bool{}
	for _, in := range inputs {
		present[in.Path] = true
	}
	through := readThrough(inputs)
	var res []*Resource
	for _, in := range inputs {
		if in.CompiledFrom != "" && present[in.CompiledFrom] {
			continue
		}
		if through[in] {
			// Read through the input that loads it: a policy file placed
			// by loadTextContent, a Bicep module with its parameters.
			continue
		}
		for _, d := range in.Diagnostics {
			b.est.Diagnostics = append(b.est.Diagnostics, &Diag{Rule: d.Rule, Message: d.Message,
				Severity: d.Severity, Loc: Loc(d.Loc)})
		}
		for _, r := range in.Resources {
			if deployed(r) {
				res = append(res, r)
			}
		}
	}
	slices.SortStableFunc(res, func(x, y *Resource) int {
		return cmp.Or(cmp.Compare(x.Loc.File, y.Loc.File), cmp.Compare(x.Loc.Start.Offset, y.Loc.Start.Offset))
	})
	return res
}

// readThrough returns the inputs that another input embeds (a policy file
// placed by loadTextContent, a Bicep module): they are read through it, not
// on their own. An input is dropped only when an input that is kept embeds
// it, directly or through dropped ones; of Bicep files that use each other
// as modules and that nothing else loads, the first by path is kept, so a
// cycle never drops all of its files.
func readThrough(inputs []*Input) map[*Input]bool {
	byPath := map[string][]*Input{}
	loaded := map[string]bool{}
	for _, in := range inputs {
		byPath[in.Path] = append(byPath[in.Path], in)
		for _, l := range in.Loaded {
			loaded[l] = true
		}
	}
	cand := func(in *Input) bool { return loaded[in.Path] && (isLoose(in) || isBicep(in.Path)) }
	covered := map[*Input]bool{}
	var cover func(in *Input)
	cover = func(in *Input) {
		for _, l := range in.Loaded {
			for _, x := range byPath[l] {
				if cand(x) && !covered[x] {
					covered[x] = true
					cover(x)
				}
			}
		}
	}
	kept := map[*Input]bool{}
	for _, in := range inputs {
		if !cand(in) {
			kept[in] = true
			cover(in)
		}
	}
	// What is left loads and is loaded only by itself: cycles.
	rest := slices.DeleteFunc(slices.Clone(inputs), func(in *Input) bool { return kept[in] || covered[in] })
	slices.SortStableFunc(rest, func(x, y *Input) int { return cmp.Compare(x.Path, y.Path) })
	for _, in := range rest {
		if !covered[in] { // an earlier one of its cycle may have covered it
			kept[in] = true
			cover(in)
		}
	}
	out := map[*Input]bool{}
	for _, in := range inputs {
		out[in] = !kept[in]
	}
	return out
}

// deployed reports whether a resource may be deployed: neither its condition
// nor a parent's is known to be false.
func deployed(r *Resource) bool {
	for ; r != nil; r = r.Parent {
		if b, ok := r.Condition.BoolValue(); ok && !b {
			return false
		}
	}
	return true
}

// isLoose reports whether an input is only a policy file nothing placed.
func isLoose(in *Input) bool {
	for _, r := range in.Resources {
		if !r.TypeIs(LoosePolicyType) {
			return false
		}
	}
	return len(in.Resources) > 0
}

// deployment names the deployment a resource belongs to: the file it was
// read from, or for a resource of a Bicep module the top-level file that
// instantiated the module. Resources of one name in one deployment are one
// resource; in two deployments, two.
func deployment(r *Resource) string {
	if len(r.Module) > 0 {
		return r.Module[0].File
	}
	return r.Loc.File
}

// isBicep reports whether a path names a Bicep file.
func isBicep(p string) bool {
	return strings.EqualFold(path.Ext(p), ".bicep")
}

// uniqueID returns id, or id with a suffix when it is taken.
func (b *builder) uniqueID(id string) string {
	n := b.nodeIDs[id]
	b.nodeIDs[id] = n + 1
	if n == 0 {
		return id
	}
	return fmt.Sprintf("%s#%d", id, n+1)
}

const (
	serviceType     = "Microsoft.ApiManagement/service"
	siteType        = "Microsoft.Web/sites"
	siteConfig      = "Microsoft.Web/sites/config"
	hostNameBinding = "Microsoft.Web/sites/hostNameBindings"
	graphAppType    = "Microsoft.Graph/applications"
	uamiType        = "Microsoft.ManagedIdentity/userAssignedIdentities"
)

// service registers an APIM service declaration. Two declarations of the
// same name in different files are two services (two deployments); an
// existing reference joins the declared service of its name.
func (b *builder) service(r *Resource) *Service {
	seg := lastOf(r.Segments())
	if r.Existing {
		s := b.serviceFor(r, seg)
		b.resSvc[r] = s
		b.resourceNode(r, s.ID)
		return s
	}
	for _, s := range b.services[seg.Name] {
		if !s.Declared || b.svcFile[s] == deployment(r) {
			b.declareService(s, r)
			b.resSvc[r] = s
			b.resourceNode(r, s.ID)
			return s
		}
	}
	s := b.newService(seg, r)
	b.declareService(s, r)
	b.resSvc[r] = s
	b.resourceNode(r, s.ID)
	return s
}

func (b *builder) newService(seg Segment, r *Resource) *Service {
	id := "apim/" + seg.Name
	if len(b.services[seg.Name]) > 0 {
		id += "@" + deployment(r)
	}
	s := &Service{ID: b.uniqueID(id), Name: seg.Name, NameKnown: seg.Known, Origin: string(r.Origin),
		Existing: r.Existing, Loc: Loc(r.Loc), APIs: []string{}, Products: []string{},
		Backends: []string{}, Fragments: []string{}, Workspaces: []string{}}
	b.services[seg.Name] = append(b.services[seg.Name], s)
	b.svcFile[s] = deployment(r)
	b.est.Services[s.ID] = s
	return s
}

func (b *builder) declareService(s *Service, r *Resource) {
	if s.Declared {
		return
	}
	s.Declared, s.Existing = true, false
	s.Loc = Loc(r.Loc)
	s.Origin = string(r.Origin)
	b.svcFile[s] = deployment(r)
	s.Identity = identityOf(r.Body.Get("identity"), r.Loc)
	if complete, _ := r.Body.Get("apimlint:complete").BoolValue(); r.Origin == OriginAPIOps && complete {
		s.Known = KnownSets{Backends: true, NamedValues: true, Fragments: true}
	}
}

// serviceFor finds the service a child resource belongs to: its structural
// root, else the service of that name declared in the same file, else any
// service of that name, else a new undeclared one.
func (b *builder) serviceFor(r *Resource, seg Segment) *Service {
	root := r
	for root.Parent != nil {
		root = root.Parent
	}
	if s, ok := b.resSvc[root]; ok {
		return s
	}
	if s, ok := pick(b.services[seg.Name], func(s *Service) bool { return s.Declared },
		func(s *Service) bool { return b.svcFile[s] == deployment(r) }); ok {
		return s
	}
	return b.newService(seg, r)
}

// pick chooses among same-named nodes the one a reference means: one that
// is declared in the same deployment, else the first declared, else the
// first; false when there is none.
func pick[T any](cands []T, declared, sameDeployment func(T) bool) (T, bool) {
	for _, c := range cands {
		if declared(c) && sameDeployment(c) {
			return c, true
		}
	}
	for _, c := range cands {
		if declared(c) {
			return c, true
		}
	}
	if len(cands) > 0 {
		return cands[0], true
	}
	var zero T
	return zero, false
}

func lastOf(segs []Segment) Segment {
	if len(segs) == 0 {
		return Segment{Name: "{?}"}
	}
	return segs[len(segs)-1]
}

// identityOf reads a resource's managed identity block.
func identityOf(v *value.Value, at source.Location) *ManagedIdentity {
	if v == nil {
		return nil
	}
	id := &ManagedIdentity{Type: FieldOf(v.Get("type")), Loc: Loc(v.Loc), UserAssigned: []*Field{}}
	if t, ok := id.Type.knownString(); ok {
		sys := strings.Contains(strings.ToLower(strings.ReplaceAll(t, " ", "")), "systemassigned")
		id.SystemAssigned = &sys
	}
	if ua := v.Get("userAssignedIdentities"); ua != nil && ua.Kind == value.Object {
		for _, m := range ua.Members {
			id.UserAssigned = append(id.UserAssigned, &Field{Value: m.Key, Known: !strings.Contains(m.Key, "${") &&
				!strings.HasPrefix(m.Key, "["), Loc: Loc(m.KeyLoc)})
		}
	}
	return id
}

// resource dispatches one resource by type.
func (b *builder) resource(r *Resource) {
	t := strings.ToLower(r.Type)
	switch {
	case r.TypeIs(serviceType), r.TypeIs(siteType):
		// done in the first passes
	case strings.HasPrefix(t, strings.ToLower(serviceType)+"/"):
		b.apimChild(r, strings.Split(t[len(serviceType)+1:], "/"))
	case r.TypeIs(siteConfig):
		b.siteConfig(r)
	case r.TypeIs(hostNameBinding):
		b.hostNameBinding(r)
	case r.TypeIs(graphAppType), r.TypeIs(ManifestType):
		b.appRegistration(r)
	case r.TypeIs(uamiType):
		b.identity(r)
	case r.TypeIs(LoosePolicyType):
		b.loosePolicy(r)
	default:
		b.resourceNode(r, "")
	}
}

// resourceNode records a resource for user rules, and the node it made for
// symbolic references.
func (b *builder) resourceNode(r *Resource, node string) {
	b.resourceNodeOf(r, node, r.Segments())
}

// resourceNodeOf is resourceNode given the resource's name segments.
func (b *builder) resourceNodeOf(r *Resource, node string, segs []Segment) {
	lowerType := strings.ToLower(r.Type)
	if node != "" {
		if r.Symbol != "" {
			b.symbols[r.Loc.File+"#"+r.Symbol] = node
		}
		if n := lastOf(segs); n.Known {
			key := lowerType + "|" + strings.ToLower(n.Name)
			if _, dup := b.byTypeName[key]; !dup {
				b.byTypeName[key] = node
			}
		}
	}
	names := make([]string, len(segs))
	for i, s := range segs {
		names[i] = s.Name
	}
	id := b.uniqueID("res/" + r.Loc.File + ":" + strconv.Itoa(r.Loc.Start.Line) + ":" + strconv.Itoa(r.Loc.Start.Column))
	var props any
	if p := r.Body.Get("properties"); p != nil && !strings.HasSuffix(lowerType, "/policies") &&
		!strings.HasSuffix(lowerType, "/policyfragments") {
		props = withoutSecretValue(r.Type, p, p.Interface())
	}
	b.est.Resources[id] = &ResourceNode{ID: id, Type: r.Type, Name: strings.Join(names, "/"), Symbol: r.Symbol,
		Origin: string(r.Origin), Existing: r.Existing, Loc: Loc(r.Loc), Properties: props, Node: node}
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// baseName is path.Base for slash paths.
func baseName(p string) string { return path.Base(p) }
