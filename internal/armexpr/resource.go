package armexpr

import (
	"strings"

	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// idScope is the scope a resource ID function builds IDs at.
type idScope int

const (
	scopeResourceGroup idScope = iota // resourceId
	scopeSubscription                 // subscriptionResourceId
	scopeTenant                       // tenantResourceId
	scopeExtension                    // extensionResourceId
)

// resourceID is what reference() needs to know of an ID built by one of the
// resource ID functions.
type resourceID struct {
	typ       string
	name      string // the names joined with '/', when all are known
	nameKnown bool
}

// The expressions standing for the parts of an ID that only the deployment
// knows.
const (
	unknownSubscription  = "subscription().subscriptionId"
	unknownResourceGroup = "resourceGroup().name"
)

// fnResourceID builds the documented ID text, such as
// /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Web/sites/{name}.
// The subscription and resource group come from the arguments, else from
// Env.Scope, else they are unknown parts, so the ID is an unknown value whose
// known suffix can still be matched.
func fnResourceID(scope idScope) func(*evaluator, *Call, []*value.Value) *value.Value {
	return func(ev *evaluator, c *Call, args []*value.Value) *value.Value {
		// The type is the first argument holding a '/': before it come the
		// optional subscription and resource group.
		maxLead := 0
		switch scope {
		case scopeResourceGroup:
			maxLead = 2
		case scopeSubscription, scopeExtension:
			maxLead = 1
		}
		typeAt, sawUnknown := -1, false
		for i := 0; i <= maxLead && i < len(args); i++ {
			if scope == scopeExtension && i == 0 {
				continue // the ID of the resource the extension applies to
			}
			if args[i].Kind == value.Unknown {
				sawUnknown = true
				continue
			}
			if args[i].Kind == value.String && strings.Contains(args[i].Str, "/") {
				typeAt = i
				break
			}
		}
		if typeAt < 0 && sawUnknown {
			return ev.unknown(c) // the type may be the unknown argument
		}
		if typeAt < 0 {
			return ev.errorf(c, c.Sp,
				"%s: expected a resource type such as 'Microsoft.Web/sites' among the first %d arguments",
				c.Name, maxLead+1)
		}
		// Templates in use write types with a trailing slash, which ARM
		// accepts.
		typ := args[typeAt].AsText()
		typ = typ.Slice(0, len(strings.TrimRight(typ.Value, "/")))
		segs := strings.Split(typ.Value, "/")
		if len(segs) < 2 {
			return ev.errorf(c, c.Args[typeAt].Span(), "%s: %q is not a resource type", c.Name, typ.Value)
		}
		for _, s := range segs {
			if strings.TrimSpace(s) == "" {
				return ev.errorf(c, c.Args[typeAt].Span(), "%s: %q is not a resource type", c.Name, typ.Value)
			}
		}
		names := args[typeAt+1:]
		if len(names) != len(segs)-1 {
			return ev.errorf(c, c.Sp, "%s: the type %s takes %d %s, got %d", c.Name, typ.Value,
				len(segs)-1, plural(len(segs)-1, "name", "names"), len(names))
		}

		var pieces []*value.Value
		lit := func(s string) { pieces = append(pieces, ev.strv(s)) }
		add := func(v *value.Value, i int) bool {
			ps, ok := ev.pieces(v)
			if !ok {
				ev.errorf(c, c.Args[i].Span(), "%s expects strings, got %s", c.Name, describeKind(v))
			}
			pieces = append(pieces, ps...)
			return ok
		}
		sc := ev.env.Scope()
		switch scope {
		case scopeResourceGroup, scopeSubscription:
			lit("/subscriptions/")
			switch {
			case scope == scopeResourceGroup && typeAt == 2, scope == scopeSubscription && typeAt == 1:
				if !add(args[0], 0) {
					return ev.unknown(c)
				}
			case sc.SubscriptionID != nil:
				add(sc.SubscriptionID, 0)
			default:
				pieces = append(pieces, value.NewUnknown(unknownSubscription, ev.e.Loc))
			}
			if scope == scopeResourceGroup {
				lit("/resourceGroups/")
				switch {
				case typeAt > 0:
					if !add(args[typeAt-1], typeAt-1) {
						return ev.unknown(c)
					}
				case sc.ResourceGroup != nil:
					add(sc.ResourceGroup, 0)
				default:
					pieces = append(pieces, value.NewUnknown(unknownResourceGroup, ev.e.Loc))
				}
			}
		case scopeExtension:
			if !add(args[0], 0) {
				return ev.unknown(c)
			}
		}

		// /providers/{namespace}/{type1}/{name1}/{type2}/{name2}...
		lit("/providers/")
		off := len(segs[0]) + 1 + len(segs[1])
		pieces = append(pieces, ev.text(typ.Slice(0, off)))
		id := resourceID{typ: typ.Value, nameKnown: true}
		var known []string
		for i, n := range names {
			if i > 0 {
				lit("/")
				pieces = append(pieces, ev.text(typ.Slice(off+1, off+1+len(segs[i+1]))))
				off += 1 + len(segs[i+1])
			}
			lit("/")
			if !add(n, typeAt+1+i) {
				return ev.unknown(c)
			}
			if n.Kind == value.String {
				known = append(known, n.Str)
			} else {
				id.nameKnown = false
			}
		}
		if id.nameKnown {
			id.name = strings.Join(known, "/")
		}

		v := ev.joinPieces(c, pieces)
		if ev.ids == nil {
			ev.ids = map[*value.Value]resourceID{}
		}
		ev.ids[v] = id
		return v
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// parseResourceID splits an ID's last provider section,
// /providers/{ns}/{type1}/{name1}/{type2}/{name2}..., into the full type
// and the full name.
func parseResourceID(s string) (typ, name string, ok bool) {
	i := strings.LastIndex(strings.ToLower(s), "/providers/")
	if i < 0 {
		return "", "", false
	}
	segs := strings.Split(strings.TrimSuffix(s[i+len("/providers/"):], "/"), "/")
	if len(segs) < 3 || len(segs)%2 == 0 {
		return "", "", false
	}
	types, names := []string{segs[0]}, []string(nil)
	for k := 1; k < len(segs); k += 2 {
		types = append(types, segs[k])
		names = append(names, segs[k+1])
	}
	return strings.Join(types, "/"), strings.Join(names, "/"), true
}

// fnReference evaluates reference(resourceNameOrID, [apiVersion], ['Full'])
// to an unknown value whose Ref names the resource. Without 'Full' the call
// stands for the resource's properties, so its Ref path starts there.
func fnReference(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	target := args[0]
	full := len(args) == 3 && args[2].Kind == value.String && strings.EqualFold(args[2].Str, "full")

	var id resourceID
	if known, ok := ev.ids[target]; ok {
		id = known
	} else {
		switch target.Kind {
		case value.String:
			if t, n, ok := parseResourceID(target.Str); ok {
				id = resourceID{typ: t, name: n, nameKnown: true}
			} else {
				id = resourceID{name: target.Str, nameKnown: true}
			}
		case value.Unknown:
			// The known text after the last unknown part may still hold
			// the provider section of an ID.
			var tail strings.Builder
			for _, p := range target.Parts {
				if p.Kind != value.String {
					tail.Reset()
					continue
				}
				tail.WriteString(p.Str)
			}
			if t, n, ok := parseResourceID(tail.String()); ok {
				id = resourceID{typ: t, name: n, nameKnown: true}
			}
		default:
			return ev.errorf(c, c.Args[0].Span(), "reference expects a resource name or ID, got %s",
				describeKind(target))
		}
	}

	ref := value.Ref{Type: id.typ, Symbol: ev.e.Source(c.Args[0])}
	if id.nameKnown {
		ref.Name, ref.Symbol = id.name, id.name
		if r, ok := ev.env.Resource(id.typ, id.name); ok {
			ref = r
		}
	}
	ref.Path = ""
	if !full {
		ref.Path = "properties"
	}
	u := ev.unknown(c)
	u.Ref = &ref
	return u
}

// scopeProperty answers resourceGroup().name, resourceGroup().id,
// subscription().subscriptionId, subscription().id, subscription().tenantId
// and tenant().tenantId from Env.Scope where it knows them.
func (ev *evaluator) scopeProperty(n *Property) (*value.Value, bool) {
	c, ok := n.X.(*Call)
	if !ok || len(c.Args) != 0 {
		return nil, false
	}
	sc := ev.env.Scope()
	sub := sc.SubscriptionID
	if sub == nil {
		sub = value.NewUnknown(unknownSubscription, ev.e.Loc)
	}
	fn, prop := strings.ToLower(c.Name), strings.ToLower(n.Name)
	switch {
	case fn == "resourcegroup" && prop == "name" && sc.ResourceGroup != nil:
		return sc.ResourceGroup, true
	case fn == "resourcegroup" && prop == "id":
		rg := sc.ResourceGroup
		if rg == nil {
			rg = value.NewUnknown(unknownResourceGroup, ev.e.Loc)
		}
		return ev.joinScope(n, "/subscriptions/", sub, "/resourceGroups/", rg), true
	case fn == "subscription" && prop == "subscriptionid" && sc.SubscriptionID != nil:
		return sc.SubscriptionID, true
	case fn == "subscription" && prop == "id":
		return ev.joinScope(n, "/subscriptions/", sub), true
	case (fn == "subscription" || fn == "tenant") && prop == "tenantid" && sc.TenantID != nil:
		return sc.TenantID, true
	}
	return nil, false
}

// joinScope joins literal strings and values into an ID.
func (ev *evaluator) joinScope(n Node, parts ...any) *value.Value {
	var pieces []*value.Value
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			pieces = append(pieces, ev.strv(p))
		case *value.Value:
			ps, ok := ev.pieces(p)
			if !ok {
				return ev.unknown(n)
			}
			pieces = append(pieces, ps...)
		}
	}
	return ev.joinPieces(n, pieces)
}

// fnEnvironment returns the public Azure cloud's environment() object.
func fnEnvironment(ev *evaluator, _ *Call, _ []*value.Value) *value.Value {
	return ev.object(publicCloud)
}

// publicCloud is environment() in the public Azure cloud, as documented
// for ARM templates.
var publicCloud = []any{
	"name", "AzureCloud",
	"gallery", "https://gallery.azure.com/",
	"graph", "https://graph.windows.net/",
	"portal", "https://portal.azure.com",
	"graphAudience", "https://graph.windows.net/",
	"activeDirectoryDataLake", "https://datalake.azure.net/",
	"batch", "https://batch.core.windows.net/",
	"media", "https://rest.media.azure.net",
	"sqlManagement", "https://management.core.windows.net:8443/",
	"vmImageAliasDoc", "https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/" +
		"arm-compute/quickstart-templates/aliases.json",
	"resourceManager", "https://management.azure.com/",
	"authentication", []any{
		"loginEndpoint", "https://login.microsoftonline.com/",
		"audiences", []string{"https://management.core.windows.net/", "https://management.azure.com/"},
		"tenant", "common",
		"identityProvider", "AAD",
	},
	"suffixes", []any{
		"acrLoginServer", ".azurecr.io",
		"azureDatalakeAnalyticsCatalogAndJob", "azuredatalakeanalytics.net",
		"azureDatalakeStoreFileSystem", "azuredatalakestore.net",
		"azureFrontDoorEndpointSuffix", "azurefd.net",
		"keyvaultDns", ".vault.azure.net",
		"sqlServerHostname", ".database.windows.net",
		"storage", "core.windows.net",
	},
}

// object builds an object from alternating keys and values (strings,
// string lists and nested key-value lists), reported at the expression.
func (ev *evaluator) object(kv []any) *value.Value {
	loc := ev.e.Loc
	out := &value.Value{Kind: value.Object, Loc: loc}
	for i := 0; i+1 < len(kv); i += 2 {
		var v *value.Value
		switch x := kv[i+1].(type) {
		case string:
			v = value.NewText(source.Literal(x, loc), loc)
		case []string:
			v = &value.Value{Kind: value.Array, Loc: loc}
			for _, s := range x {
				v.Elems = append(v.Elems, value.NewText(source.Literal(s, loc), loc))
			}
		case []any:
			v = ev.object(x)
		}
		out.Members = append(out.Members, value.Member{Key: kv[i].(string), KeyLoc: loc, Value: v})
	}
	return out
}
