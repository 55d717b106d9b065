// Package estate is the model of everything a run checks: APIM services with
// their APIs, operations, products, backends, named values, fragments and
// policies; Function apps with their Easy Auth settings; app registrations and
// managed identities. Readers of every input kind (APIOps folders, ARM
// templates, Bicep files, app manifests) produce Resources; Build links them
// into one Estate, and the rule engine sees it as its input document.
//
// Every node carries the location where it was declared, and every property a
// rule may judge is a Field that also says whether its value is known before
// deployment and where it was written.
package estate

import (
	"encoding/json"

	"github.com/apimlint/apimlint/internal/source"
)

// Estate is the whole checked configuration. Collections are keyed by node ID
// so that rules can follow links in constant time.
type Estate struct {
	Files            []*File                     `json:"files"`
	Services         map[string]*Service         `json:"services"`
	APIs             map[string]*API             `json:"apis"`
	Operations       map[string]*Operation       `json:"operations"`
	Products         map[string]*Product         `json:"products"`
	Backends         map[string]*Backend         `json:"backends"`
	NamedValues      map[string]*NamedValue      `json:"named_values"`
	Fragments        map[string]*Fragment        `json:"fragments"`
	Policies         map[string]*Policy          `json:"policies"`
	PolicyHeads      map[string]*PolicyHead      `json:"policy_heads"`
	Sites            map[string]*Site            `json:"sites"`
	EasyAuth         map[string]*EasyAuth        `json:"easy_auth"`
	AppRegistrations map[string]*AppRegistration `json:"app_registrations"`
	Identities       map[string]*Identity        `json:"identities"`
	Resources        map[string]*ResourceNode    `json:"resources"`
	Effective        map[string]*Effective       `json:"effective"`
	Diagnostics      []*Diag                     `json:"diagnostics"`
	Index            Index                       `json:"index"`
}

// File is one input file of the run.
type File struct {
	Path string `json:"path"`
	// Kind is what the file was read as: policy, apiops-info, arm-template,
	// arm-parameters, bicep, bicepparam, app-manifest, rest-payload, or other.
	Kind string `json:"kind"`
	// Skipped says why a file was not read, empty when it was.
	Skipped string `json:"skipped,omitempty"`
	// Read is set when the loader read the file's text, and Kept holds the
	// text when the loader's Keep option asked for it: a later pass over
	// the files need not read them again.
	Read bool   `json:"-"`
	Kept []byte `json:"-"`
}

// Location is a node's place in the input as rules see it.
type Location struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	// PolicyLine is, for a place inside policy text that a template holds in
	// one string (ARM JSON, a Bicep string with \n escapes), the line within
	// the policy document; findings name it in their message.
	PolicyLine int `json:"policy_line,omitempty"`
}

// Loc converts a source location.
func Loc(l source.Location) Location {
	return Location{File: l.File, Line: l.Start.Line, Column: l.Start.Column,
		EndLine: l.End.Line, EndColumn: l.End.Column}
}

// Source converts back to a source location.
func (l Location) Source() source.Location {
	return source.Location{File: l.File, Range: source.Range{
		Start: source.Pos{Line: l.Line, Column: l.Column},
		End:   source.Pos{Line: l.EndLine, Column: l.EndColumn},
	}}
}

// Field is a property a rule may judge. Known is false when the value is only
// decided at deployment (a parameter with no value, reference(), a resource's
// principalId); Expr then holds the expression and Ref, when set, names the
// resource property it refers to, such as "apim.identity.principalId".
type Field struct {
	Value any      `json:"value"`
	Known bool     `json:"known"`
	Expr  string   `json:"expression,omitempty"`
	Ref   *RefInfo `json:"ref,omitempty"`
	// Template is, for an unknown string built from known and unknown
	// pieces, the known pieces with {…} where a piece is unknown, such as
	// "/subscriptions/{…}/resourceGroups/{…}/providers/Microsoft.Web/sites/fn".
	Template string   `json:"template,omitempty"`
	Loc      Location `json:"location"`

	// host is, for an unknown URL whose host is a site's runtime host name
	// ('https://${func.properties.defaultHostName}/api'), that reference:
	// the URL goes to that site.
	host *RefInfo
}

// RefInfo is a symbolic reference to a runtime property of a resource.
type RefInfo struct {
	Symbol string `json:"symbol"`
	Type   string `json:"type,omitempty"`
	Name   string `json:"name,omitempty"`
	Path   string `json:"path"`
	// Target is the ID of the estate node the reference resolves to, if any.
	Target string `json:"target,omitempty"`
}

// Service is an API Management instance.
type Service struct {
	ID        string           `json:"id"`
	Name      string           `json:"name"`
	NameKnown bool             `json:"name_known"`
	Origin    string           `json:"origin"`
	Existing  bool             `json:"existing"`
	Declared  bool             `json:"declared"`
	Loc       Location         `json:"location"`
	Identity  *ManagedIdentity `json:"identity,omitempty"`
	// Known says for which kinds the estate declares the service's complete
	// set (an APIOps folder, or at least one declared resource of the kind):
	// only then may a reference rule report a name missing from the set.
	Known      KnownSets `json:"known"`
	APIs       []string  `json:"apis"`
	Products   []string  `json:"products"`
	Backends   []string  `json:"backends"`
	Fragments  []string  `json:"fragments"`
	Policy     string    `json:"policy,omitempty"`
	Workspaces []string  `json:"workspaces"`
}

// KnownSets tells which of a service's collections are complete in the estate.
type KnownSets struct {
	Backends    bool `json:"backends"`
	NamedValues bool `json:"named_values"`
	Fragments   bool `json:"fragments"`
}

// ManagedIdentity is the identity block of a resource.
type ManagedIdentity struct {
	Type           *Field   `json:"type,omitempty"`
	SystemAssigned *bool    `json:"system_assigned"`
	UserAssigned   []*Field `json:"user_assigned"`
	Loc            Location `json:"location"`
}

// API is an API of a service (a revision other than the current one is its
// own API with RevisionOf set).
type API struct {
	ID                   string   `json:"id"`
	Service              string   `json:"service"`
	Workspace            string   `json:"workspace,omitempty"`
	Name                 string   `json:"name"`
	RevisionOf           string   `json:"revision_of,omitempty"`
	DisplayName          *Field   `json:"display_name,omitempty"`
	Path                 *Field   `json:"path,omitempty"`
	ServiceURL           *Field   `json:"service_url,omitempty"`
	Protocols            *Field   `json:"protocols,omitempty"`
	SubscriptionRequired *Field   `json:"subscription_required,omitempty"`
	Loc                  Location `json:"location"`
	Declared             bool     `json:"declared"`
	Policy               string   `json:"policy,omitempty"`
	Operations           []string `json:"operations"`
	Products             []string `json:"products"`
}

// Operation is an operation of an API.
type Operation struct {
	ID          string   `json:"id"`
	Service     string   `json:"service"`
	API         string   `json:"api"`
	Name        string   `json:"name"`
	Method      *Field   `json:"method,omitempty"`
	URLTemplate *Field   `json:"url_template,omitempty"`
	Loc         Location `json:"location"`
	Declared    bool     `json:"declared"`
	Policy      string   `json:"policy,omitempty"`
}

// Product is a product of a service.
type Product struct {
	ID                   string   `json:"id"`
	Service              string   `json:"service"`
	Workspace            string   `json:"workspace,omitempty"`
	Name                 string   `json:"name"`
	SubscriptionRequired *Field   `json:"subscription_required,omitempty"`
	Loc                  Location `json:"location"`
	Declared             bool     `json:"declared"`
	Policy               string   `json:"policy,omitempty"`
	APIs                 []string `json:"apis"`
}

// Backend is a backend entity of a service.
type Backend struct {
	ID          string              `json:"id"`
	Service     string              `json:"service"`
	Workspace   string              `json:"workspace,omitempty"`
	Name        string              `json:"name"`
	URL         *Field              `json:"url,omitempty"`
	ResourceID  *Field              `json:"resource_id,omitempty"`
	Protocol    *Field              `json:"protocol,omitempty"`
	Credentials *BackendCredentials `json:"credentials,omitempty"`
	Loc         Location            `json:"location"`
	Site        string              `json:"site,omitempty"`
	Pool        []string            `json:"pool,omitempty"`
}

// BackendCredentials are the credentials APIM adds to calls to a backend.
type BackendCredentials struct {
	Header        map[string][]*Field `json:"header"`
	Query         map[string][]*Field `json:"query"`
	Authorization *Field              `json:"authorization,omitempty"`
	Loc           Location            `json:"location"`
}

// NamedValue is a named value ("property") of a service. The value of a secret
// named value never appears in the model.
type NamedValue struct {
	ID          string    `json:"id"`
	Service     string    `json:"service"`
	Workspace   string    `json:"workspace,omitempty"`
	Name        string    `json:"name"`
	DisplayName *Field    `json:"display_name,omitempty"`
	Secret      *Field    `json:"secret,omitempty"`
	KeyVault    *KeyVault `json:"key_vault,omitempty"`
	Value       *Field    `json:"value,omitempty"`
	Loc         Location  `json:"location"`
}

// KeyVault is the Key Vault reference of a named value.
type KeyVault struct {
	SecretIdentifier *Field   `json:"secret_identifier,omitempty"`
	IdentityClientID *Field   `json:"identity_client_id,omitempty"`
	Loc              Location `json:"location"`
}

// Fragment is a policy fragment of a service.
type Fragment struct {
	ID        string   `json:"id"`
	Service   string   `json:"service"`
	Workspace string   `json:"workspace,omitempty"`
	Name      string   `json:"name"`
	Loc       Location `json:"location"`
	Policy    string   `json:"policy,omitempty"`
}

// Site is an App Service or Function app.
type Site struct {
	ID         string           `json:"id"`
	Name       string           `json:"name"`
	NameKnown  bool             `json:"name_known"`
	Kind       *Field           `json:"kind,omitempty"`
	IsFunction bool             `json:"is_function"`
	HostNames  []string         `json:"host_names"`
	Identity   *ManagedIdentity `json:"identity,omitempty"`
	Existing   bool             `json:"existing"`
	Loc        Location         `json:"location"`
	EasyAuth   []string         `json:"easy_auth"`
}

// EasyAuth is an App Service authentication configuration: authsettingsV2
// (Version "v2") or the legacy authsettings (Version "v1").
type EasyAuth struct {
	ID      string   `json:"id"`
	Site    string   `json:"site"`
	Version string   `json:"version"`
	Loc     Location `json:"location"`

	// AppRegistration is the app registration whose appId is the client ID.
	AppRegistration string `json:"app_registration,omitempty"`
	// AllowedServices are the APIM services whose managed identity the
	// allowed principals name (apim.identity.principalId).
	AllowedServices []string `json:"allowed_services"`

	Enabled                     *Field `json:"enabled,omitempty"`
	RequireAuthentication       *Field `json:"require_authentication,omitempty"`
	UnauthenticatedClientAction *Field `json:"unauthenticated_client_action,omitempty"`
	AADEnabled                  *Field `json:"aad_enabled,omitempty"`
	ClientID                    *Field `json:"client_id,omitempty"`
	OpenIDIssuer                *Field `json:"open_id_issuer,omitempty"`
	AllowedAudiences            *Field `json:"allowed_audiences,omitempty"`
	AllowedApplications         *Field `json:"allowed_applications,omitempty"`
	AllowedPrincipals           *Field `json:"allowed_principals,omitempty"`
	AllowedClientApplications   *Field `json:"allowed_client_applications,omitempty"`
	DefaultProvider             *Field `json:"default_provider,omitempty"`
}

// AppRegistration is an Entra application: a manifest in the Microsoft Graph or
// the older Azure AD Graph format, or a Bicep Microsoft.Graph/applications
// resource.
type AppRegistration struct {
	ID                  string   `json:"id"`
	Format              string   `json:"format"`
	AppID               *Field   `json:"app_id,omitempty"`
	DisplayName         *Field   `json:"display_name,omitempty"`
	UniqueName          *Field   `json:"unique_name,omitempty"`
	IdentifierURIs      *Field   `json:"identifier_uris,omitempty"`
	ImplicitIDToken     *Field   `json:"implicit_id_token,omitempty"`
	ImplicitAccessToken *Field   `json:"implicit_access_token,omitempty"`
	RedirectURIs        []*Field `json:"redirect_uris"`
	TokenVersion        *Field   `json:"token_version,omitempty"`
	Loc                 Location `json:"location"`
}

// Identity is a user-assigned managed identity.
type Identity struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	ClientID *Field   `json:"client_id,omitempty"`
	Loc      Location `json:"location"`
}

// Policy is one policy document: at a scope of a service, a fragment's
// content, or a loose file that nothing places (scope "unknown").
type Policy struct {
	PolicyHead

	// Format is how the text was read (rawxml or xml); DeclaredFormat is the
	// format property of the declaring resource, if any.
	Format         string `json:"format"`
	DeclaredFormat *Field `json:"declared_format,omitempty"`

	// Loc is where the policy text starts; Value is the property that holds
	// it in a template (absent for policy files).
	Loc   Location `json:"location"`
	Value *Field   `json:"value,omitempty"`

	// Content says what the value holds: xml (text that was parsed),
	// not-xml (a known string that is no XML at all, such as a file path),
	// link (format xml-link or rawxml-link) or unknown.
	Content string `json:"content"`

	// FormatFault is set when the declared format is xml but the text only
	// parses as rawxml: the first strict XML error.
	FormatFault *Diag `json:"format_fault,omitempty"`

	// ExprEntities lists entity references written inside policy expressions
	// of rawxml text, which APIM passes on undecoded.
	ExprEntities []ExprEntity `json:"expression_entities,omitempty"`

	// Parsed is false when the text could not be read without errors; the
	// syntax finding is then in the diagnostics.
	Parsed   bool                `json:"parsed"`
	Root     int                 `json:"root"`
	Elements []*Element          `json:"elements"`
	Sections map[string]*Section `json:"sections"`

	// NamedValueRefs lists every {{name}} reference outside Liquid bodies.
	NamedValueRefs []NamedValueRef `json:"named_value_refs"`

	// Comments are the document's XML comments, in order.
	Comments []Comment `json:"comments,omitempty"`

	// Resource is the ID of the declaring resource node, if any.
	Resource string `json:"resource,omitempty"`
}

// Comment is an XML comment of a policy document: its text between "<!--"
// and "-->", verbatim, and the element it sits in (-1 outside the root).
type Comment struct {
	Text   string   `json:"text"`
	Parent int      `json:"parent"`
	Loc    Location `json:"location"`
}

// NamedValueRef is one {{name}} reference in a policy.
type NamedValueRef struct {
	Name    string   `json:"name"`
	Element int      `json:"element"`
	Attr    string   `json:"attribute,omitempty"`
	Loc     Location `json:"location"`
}

// PolicyHead is what says where a policy is: its ID, scope, what it
// belongs to and its file. The estate lists the heads apart too
// (Estate.PolicyHeads), for rules that need no more of a policy.
type PolicyHead struct {
	ID string `json:"id"`
	// Scope is global, workspace, product, api, operation, fragment or unknown.
	Scope     string `json:"scope"`
	Service   string `json:"service,omitempty"`
	Workspace string `json:"workspace,omitempty"`
	Product   string `json:"product,omitempty"`
	API       string `json:"api,omitempty"`
	Operation string `json:"operation,omitempty"`
	Fragment  string `json:"fragment,omitempty"`

	// File is the file that holds the policy text; Origin the input kind
	// that declared the policy.
	File   string `json:"file"`
	Origin string `json:"origin"`
}

// Element is one element of a policy document. Elements are listed in
// document order; Parent and Children are indexes into that list.
type Element struct {
	Index     int    `json:"index"`
	Name      string `json:"name"`
	Parent    int    `json:"parent"`
	Ancestors []int  `json:"ancestors"`
	Children  []int  `json:"children"`
	Depth     int    `json:"depth"`
	Section   string `json:"section"`
	// Statement is the index of the statement the element is or is inside
	// of: a child of a section of a <policies> document (the first of each
	// name), or of a <fragment>; -1 for the root, a section, and what is
	// outside such statements.
	Statement   int       `json:"statement"`
	Attributes  Attrs     `json:"attributes"`
	Text        string    `json:"text"`
	TextExpr    bool      `json:"text_expression"`
	TextLoc     *Location `json:"text_location,omitempty"`
	Loc         Location  `json:"location"`
	SelfClosing bool      `json:"self_closing"`
}

// Attr is an attribute of a policy element. Value is decoded as APIM sees it;
// for a policy expression it is the expression text as written.
type Attr struct {
	Name       string   `json:"-"`
	Value      string   `json:"value"`
	Expression bool     `json:"expression"`
	Loc        Location `json:"location"`
}

// Attrs are an element's attributes, each name once, in the order they
// first appear. Rules and JSON see an object by name. A slice, not a map:
// an estate holds hundreds of thousands of elements, most with no more
// than two attributes, and a map for each would be most of its memory.
type Attrs []Attr

// Get returns the attribute of that name, or nil.
func (as Attrs) Get(name string) *Attr {
	for i := range as {
		if as[i].Name == name {
			return &as[i]
		}
	}
	return nil
}

// set adds an attribute; a name met again takes the later value (APIM
// refuses such a document; the syntax rule reports it).
func (as *Attrs) set(a Attr) {
	if old := as.Get(a.Name); old != nil {
		*old = a
		return
	}
	*as = append(*as, a)
}

// InputKey is the name rules see attribute i under (see engine.Keyed).
func (as Attrs) InputKey(i int) string { return as[i].Name }

// MarshalJSON writes the attributes as an object by name.
func (as Attrs) MarshalJSON() ([]byte, error) {
	m := make(map[string]*Attr, len(as))
	for i := range as {
		m[as[i].Name] = &as[i]
	}
	return json.Marshal(m)
}

// ExprEntity is an entity reference inside a policy expression.
type ExprEntity struct {
	Ref     string   `json:"ref"`
	Element int      `json:"element"`
	Attr    string   `json:"attribute,omitempty"`
	Loc     Location `json:"location"`
}

// Section is one of the four sections of a policy document.
type Section struct {
	Element int      `json:"element"`
	HasBase bool     `json:"has_base"`
	Base    int      `json:"base"`
	Loc     Location `json:"location"`
}

// ResourceNode is a declared resource as rules see it, for user rules about
// resources the model has no node for.
type ResourceNode struct {
	ID         string   `json:"id"`
	Type       string   `json:"type"`
	Name       string   `json:"name"`
	Symbol     string   `json:"symbol,omitempty"`
	Origin     string   `json:"origin"`
	Existing   bool     `json:"existing"`
	Loc        Location `json:"location"`
	Properties any      `json:"properties"`
	Node       string   `json:"node,omitempty"`
}

// Effective is what APIM runs for one operation (or, for an API with no
// declared operations, for the API): the sections of every scope from global
// to operation, with each direct-child <base /> replaced by the parent
// scope's section and include-fragment replaced by the fragment.
type Effective struct {
	ID        string                  `json:"id"`
	Service   string                  `json:"service"`
	API       string                  `json:"api"`
	Operation string                  `json:"operation,omitempty"`
	Sections  map[string][]*Statement `json:"sections"`
	// Backend is where requests go: the last set-backend-service of the
	// effective inbound and backend sections, else the API's serviceUrl.
	Backend *Target `json:"backend,omitempty"`
	// Cut names, per section, the policy whose section has no <base /> and so
	// drops the statements of the scopes above it; absent when nothing is
	// dropped.
	Cut map[string]*Cut `json:"cut,omitempty"`
}

// Cut is a section without <base /> that drops inherited statements.
type Cut struct {
	Policy  string   `json:"policy"`
	Scope   string   `json:"scope"`
	Dropped int      `json:"dropped"` // how many statements of the scopes above do not run
	Loc     Location `json:"location"`
}

// Statement is one top-level statement of an effective section, with where
// it came from.
type Statement struct {
	Policy  string `json:"policy"`
	Element int    `json:"element"`
	Name    string `json:"name"`
	Scope   string `json:"scope"`
	// Conditional marks statements of product policies: APIM skips them for
	// API-scoped, all-APIs and built-in all-access subscriptions.
	Conditional bool `json:"conditional"`
	// Fragment is the fragment policy the statement came from, and Include
	// the include-fragment element that brought it in.
	Fragment string      `json:"fragment,omitempty"`
	Include  *ElementRef `json:"include,omitempty"`
	Loc      Location    `json:"location"`
}

// SharedInput marks a statement as a value several effective policies hold:
// the rule input converts it once.
func (*Statement) SharedInput() {}

// Target is where an API's requests go.
type Target struct {
	// Kind is backend-id, base-url or service-url.
	Kind string `json:"kind"`
	// Backend is the backend node a backend-id names.
	Backend string `json:"backend,omitempty"`
	// URL is the address, when known.
	URL string `json:"url,omitempty"`
	// Site is the App Service or Function app the address resolves to.
	Site string `json:"site,omitempty"`
	// Statement is the set-backend-service that chose it.
	Statement *ElementRef `json:"statement,omitempty"`
	// Conditional is true when that statement is inside a choose.
	Conditional bool     `json:"conditional"`
	Loc         Location `json:"location"`
}

// Diag is a reader's diagnostic as rules see it.
type Diag struct {
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
	Severity string   `json:"severity,omitempty"`
	Loc      Location `json:"location"`
}

// Index holds lookups computed once so that rules never scan every element of
// every policy.
type Index struct {
	// Elements maps an element name to every place it occurs.
	Elements map[string][]ElementRef `json:"elements"`

	// Named maps an element name and the value of the element's name
	// attribute, in lower case, to the places of such elements:
	// Named["set-header"]["authorization"]; a name given by a policy
	// expression is under NamedExpression ("@"). Header rules read the few
	// headers they judge, not every set-header of the estate.
	Named map[string]map[string][]ElementRef `json:"named"`

	// TextContains maps a few markers of secrets ("sig=", "code=", "eyJ")
	// to the policies that hold them in an attribute value or element
	// text, decoded as APIM reads them, or in a comment, so the secrets
	// rules read only those policies. sig= and code= count only after ?, &
	// or ; (as in a query string), in any case.
	TextContains map[string][]string `json:"text_contains"`

	// SectionsWithoutBase lists the sections, of every parsed <policies>
	// document, that hold no <base />; PoliciesMissingSections the parsed
	// <policies> documents that lack one of the four sections. The rule
	// about <base /> reads these, not every section of every policy.
	SectionsWithoutBase     []SectionRef `json:"sections_without_base"`
	PoliciesMissingSections []string     `json:"policies_missing_sections"`

	// Roots maps a root element name to the parsed policies whose root it
	// is, so a rule about roots reads the few that are not <policies>.
	Roots map[string][]string `json:"roots"`

	// Scopes maps a scope to its policies and Contents a content kind
	// (xml, not-xml, link, unknown) to the policies of it; FormatFaults,
	// ExpressionEntities and NamedValueRefs list the policies that have
	// such entries. Rules start from these lists and read the fields of
	// the policies they name, never every policy.
	Scopes             map[string][]string `json:"scopes"`
	Contents           map[string][]string `json:"contents"`
	FormatFaults       []string            `json:"format_faults"`
	ExpressionEntities []string            `json:"expression_entities"`
	NamedValueRefs     []string            `json:"named_value_refs"`

	// Calls maps a site to the effective policies (their IDs) whose backend
	// is the site.
	Calls map[string][]string `json:"calls"`

	// Unresolved lists the backends, fragments and named values that
	// policies name and the estate does not hold, so the rules about
	// missing entities read those few, not every reference.
	Unresolved Unresolved `json:"unresolved"`
}

// SectionRef points at one section of one policy.
type SectionRef struct {
	Policy  string `json:"policy"`
	Section string `json:"section"`
}

// TextMarkers are the strings Index.TextContains tracks.
var TextMarkers = []string{"sig=", "code=", "eyJ"}

// ElementRef points at one element of one policy.
type ElementRef struct {
	Policy  string `json:"policy"`
	Element int    `json:"element"`
}
