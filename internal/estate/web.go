package estate

import (
	"strings"

	"github.com/apimlint/apimlint/internal/value"
)

// site registers a Microsoft.Web/sites declaration; an existing reference
// joins a declared site of the same name.
func (b *builder) site(r *Resource) *Site {
	seg := lastOf(r.Segments())
	if s := b.siteNamed(seg.Name, deployment(r)); s != nil && (r.Existing || s.Existing) {
		if !r.Existing {
			b.declareSite(s, r)
		}
		b.resourceNode(r, s.ID)
		return s
	}
	s := b.newSite(seg, r)
	b.declareSite(s, r)
	b.resourceNode(r, s.ID)
	return s
}

// siteNamed finds a site by name, preferring one declared in file.
func (b *builder) siteNamed(name, file string) *Site {
	cands := b.sites[strings.ToLower(name)]
	for _, s := range cands {
		if b.siteFile[s] == file {
			return s
		}
	}
	if len(cands) > 0 {
		return cands[0]
	}
	return nil
}

func (b *builder) newSite(seg Segment, r *Resource) *Site {
	key := strings.ToLower(seg.Name)
	id := "site/" + seg.Name
	if len(b.sites[key]) > 0 {
		id += "@" + deployment(r)
	}
	s := &Site{ID: b.uniqueID(id), Name: seg.Name, NameKnown: seg.Known, Existing: true, Loc: Loc(r.Loc),
		HostNames: []string{}, EasyAuth: []string{}}
	if seg.Known {
		s.HostNames = append(s.HostNames, strings.ToLower(seg.Name)+".azurewebsites.net")
	}
	b.sites[key] = append(b.sites[key], s)
	b.siteFile[s] = deployment(r)
	b.est.Sites[s.ID] = s
	return s
}

func (b *builder) declareSite(s *Site, r *Resource) {
	s.Loc = Loc(r.Loc)
	if r.Existing {
		return
	}
	s.Existing = false
	b.siteFile[s] = deployment(r)
	s.Kind = FieldOf(r.Body.Get("kind"))
	if k, ok := s.Kind.knownString(); ok {
		s.IsFunction = strings.Contains(strings.ToLower(k), "functionapp")
	}
	s.Identity = identityOf(r.Body.Get("identity"), r.Loc)
	p := r.Body.Get("properties")
	if h, ok := p.Get("defaultHostName").StringValue(); ok {
		s.HostNames = appendUnique(s.HostNames, strings.ToLower(h))
	}
	for _, h := range p.Get("hostNames").Items() {
		if hs, ok := h.StringValue(); ok {
			s.HostNames = appendUnique(s.HostNames, strings.ToLower(hs))
		}
	}
}

// siteConfig handles Microsoft.Web/sites/config; only the Easy Auth
// configurations are modelled.
func (b *builder) siteConfig(r *Resource) {
	segs := r.Segments()
	if len(segs) != 2 {
		b.resourceNode(r, "")
		return
	}
	name := strings.ToLower(segs[1].Name)
	if name != "authsettingsv2" && name != "authsettings" {
		b.resourceNode(r, "")
		return
	}
	site := b.siteFor(r, segs[0])
	ea := b.easyAuth(r, site, name == "authsettingsv2")
	b.resourceNode(r, ea.ID)
}

// hostNameBinding adds a custom host name, as portal exports declare them,
// to its site, so that backends calling the custom domain find the site.
func (b *builder) hostNameBinding(r *Resource) {
	segs := r.Segments()
	if len(segs) != 2 || !segs[1].Known {
		b.resourceNode(r, "")
		return
	}
	site := b.siteFor(r, segs[0])
	site.HostNames = appendUnique(site.HostNames, strings.ToLower(segs[1].Name))
	b.resourceNode(r, site.ID)
}

// siteFor finds the site a config belongs to: its structural parent, else
// the site of that name.
func (b *builder) siteFor(r *Resource, seg Segment) *Site {
	if r.Parent != nil && r.Parent.TypeIs(siteType) {
		if s := b.siteNamed(lastOf(r.Parent.Segments()).Name, deployment(r.Parent)); s != nil {
			return s
		}
	}
	if s := b.siteNamed(seg.Name, deployment(r)); s != nil {
		return s
	}
	return b.newSite(seg, r)
}

func (b *builder) easyAuth(r *Resource, site *Site, v2 bool) *EasyAuth {
	p := r.Body.Get("properties")
	ea := &EasyAuth{Site: site.ID, Loc: Loc(r.Loc)}
	if v2 {
		ea.ID = b.uniqueID(site.ID + "/authsettingsV2")
		ea.Version = "v2"
		aad := p.Path("identityProviders.azureActiveDirectory")
		ea.Enabled = FieldOf(p.Path("platform.enabled"))
		ea.RequireAuthentication = FieldOf(p.Path("globalValidation.requireAuthentication"))
		ea.UnauthenticatedClientAction = FieldOf(p.Path("globalValidation.unauthenticatedClientAction"))
		ea.AADEnabled = FieldOf(aad.Get("enabled"))
		ea.ClientID = FieldOf(aad.Path("registration.clientId"))
		ea.OpenIDIssuer = FieldOf(aad.Path("registration.openIdIssuer"))
		ea.AllowedAudiences = FieldOf(aad.Path("validation.allowedAudiences"))
		ea.AllowedApplications = FieldOf(aad.Path("validation.defaultAuthorizationPolicy.allowedApplications"))
		principals := aad.Path("validation.defaultAuthorizationPolicy.allowedPrincipals.identities")
		ea.AllowedPrincipals = FieldOf(principals)
		b.principals[ea] = principals.Items()
		ea.AllowedClientApplications = FieldOf(aad.Path("validation.jwtClaimChecks.allowedClientApplications"))
		if aad == nil {
			ea.AADEnabled = nil
		}
	} else {
		ea.ID = b.uniqueID(site.ID + "/authsettings")
		ea.Version = "v1"
		ea.Enabled = FieldOf(p.Get("enabled"))
		ea.UnauthenticatedClientAction = FieldOf(p.Get("unauthenticatedClientAction"))
		ea.ClientID = FieldOf(p.Get("clientId"))
		ea.OpenIDIssuer = FieldOf(p.Get("issuer"))
		ea.AllowedAudiences = FieldOf(p.Get("allowedAudiences"))
		ea.DefaultProvider = FieldOf(p.Get("defaultProvider"))
	}
	site.EasyAuth = append(site.EasyAuth, ea.ID)
	b.est.EasyAuth[ea.ID] = ea
	return ea
}

// appRegistration reads a Bicep Microsoft.Graph/applications resource or a
// standalone manifest. The two manifest formats are told apart by their keys.
func (b *builder) appRegistration(r *Resource) {
	body := r.Body
	app := &AppRegistration{Loc: Loc(r.Loc), RedirectURIs: []*Field{}}
	app.ID = b.uniqueID("app/" + r.Loc.String())
	app.AppID = FieldOf(body.Get("appId"))
	app.DisplayName = FieldOf(body.Get("displayName"))
	app.UniqueName = FieldOf(body.Get("uniqueName"))
	app.IdentifierURIs = FieldOf(body.Get("identifierUris"))
	if isAADGraphManifest(body) {
		app.Format = "aad-graph"
		app.ImplicitIDToken = FieldOf(body.Get("oauth2AllowIdTokenImplicitFlow"))
		app.ImplicitAccessToken = FieldOf(body.Get("oauth2AllowImplicitFlow"))
		app.TokenVersion = FieldOf(body.Get("accessTokenAcceptedVersion"))
		for _, u := range body.Get("replyUrlsWithType").Items() {
			app.RedirectURIs = append(app.RedirectURIs, FieldOf(u.Get("url")))
		}
		app.RedirectURIs = append(app.RedirectURIs, elems(body.Get("replyUrls"))...)
	} else {
		app.Format = "graph"
		if r.TypeIs(graphAppType) {
			app.Format = "bicep-graph"
		}
		app.ImplicitIDToken = FieldOf(body.Path("web.implicitGrantSettings.enableIdTokenIssuance"))
		app.ImplicitAccessToken = FieldOf(body.Path("web.implicitGrantSettings.enableAccessTokenIssuance"))
		app.TokenVersion = FieldOf(body.Path("api.requestedAccessTokenVersion"))
		for _, p := range []string{"web.redirectUris", "spa.redirectUris", "publicClient.redirectUris"} {
			app.RedirectURIs = append(app.RedirectURIs, elems(body.Path(p))...)
		}
	}
	b.est.AppRegistrations[app.ID] = app
	b.resourceNode(r, app.ID)
}

// isAADGraphManifest tells the older Azure AD Graph manifest format by keys
// only it has.
func isAADGraphManifest(v *value.Value) bool {
	for _, k := range []string{"replyUrlsWithType", "oauth2AllowImplicitFlow", "oauth2AllowIdTokenImplicitFlow",
		"accessTokenAcceptedVersion", "oauth2Permissions", "replyUrls"} {
		if v.Get(k) != nil {
			return true
		}
	}
	return false
}

func elems(v *value.Value) []*Field {
	if v == nil || v.Kind != value.Array {
		return nil
	}
	out := make([]*Field, len(v.Elems))
	for i, e := range v.Elems {
		out[i] = FieldOf(e)
	}
	return out
}

// identity registers a user-assigned managed identity.
func (b *builder) identity(r *Resource) {
	seg := lastOf(r.Segments())
	id := b.uniqueID("identity/" + seg.Name)
	b.est.Identities[id] = &Identity{ID: id, Name: seg.Name, Loc: Loc(r.Loc),
		ClientID: FieldOf(r.Body.Path("properties.clientId"))}
	b.resourceNode(r, id)
}
