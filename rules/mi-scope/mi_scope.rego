# METADATA
# title: Every operation obtains the managed-identity token
# description: |
#   For an API whose backend is a Function protected by Easy Auth, what APIM
#   runs for each operation (global, product, API and operation policies,
#   <base /> and fragments expanded) must obtain the managed-identity token in
#   inbound. A product policy is not enough: APIM skips it for API-scoped,
#   all-APIs and all-access subscriptions. An operation policy without
#   <base /> in inbound drops the API's token. The API scope is the place for
#   it. Silent where mi-in-api-inbound reports a misplaced statement.
# custom:
#   id: mi-scope
#   severity: error
#   remediation: Put authentication-managed-identity in the API policy's inbound section, and keep <base /> in every operation's inbound.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/mi-scope.md
package apimlint.rules["mi-scope"]

import data.apimlint.lib.chain
import data.apimlint.lib.policy
import data.apimlint.lib.result

# _missing are the effective policies calling an Easy Auth Function without
# an unconditional token.
_missing contains [site, e] if {
	some site, effs in chain.calls
	chain.easy_auth_function(site)
	some e in effs
	not _obtains(e)
	not _misplaced(e.api)
}

_obtains(e) if {
	some st in e.sections.inbound
	chain.holds_msi(st)
	not st.conditional
}

# _misplaced: mi-in-api-inbound reports a statement of this API already.
_misplaced(api) if api in _misplaced_apis

_misplaced_apis contains p.api if {
	some [p, anchor, _, _] in policy.placed("authentication-managed-identity")
	anchor.section in {"backend", "outbound", "on-error"}
}

# An operation policy drops the token the API obtains.
report contains result.fail(rego.metadata.chain(), loc, msg) if {
	some [site, e] in _missing
	op := input.operations[e.operation]
	p := input.policies[op.policy]
	section := p.sections.inbound
	not section.has_base
	_api_obtains(input.apis[e.api])
	loc := p.elements[section.element].location
	msg := sprintf("operation %q drops <base /> in inbound, so the managed-identity token of API %q is not obtained: its requests reach the Easy Auth protected Function app %q without a token; keep <base /> in the operation's inbound", [op.name, input.apis[e.api].name, input.sites[site].name])
}

# The token is obtained only in a product policy.
report contains finding if {
	some [site, e] in _missing
	not _dropped_by_operation(e)
	some [st, el] in chain.msi(e)
	st.conditional
	api := input.apis[e.api]
	msg := sprintf("API %q obtains the managed-identity token only in a product policy, which APIM skips for API-scoped, all-APIs and all-access subscriptions: those requests reach the Function app %q without a token; move it to the API policy", [api.name, input.sites[site].name])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), _api_loc(api), msg),
		[result.related(el.location, "authentication-managed-identity in a product policy")],
	)
}

# No token at all.
report contains result.fail(rego.metadata.chain(), _api_loc(api), msg) if {
	some [site, e] in _missing
	not _dropped_by_operation(e)
	not _conditional_token(e)
	api := input.apis[e.api]
	msg := sprintf("requests to API %q reach the Easy Auth protected Function app %q without a managed-identity token: no authentication-managed-identity runs in inbound; add it to the API policy's inbound", [api.name, input.sites[site].name])
}

_dropped_by_operation(e) if {
	op := input.operations[e.operation]
	not input.policies[op.policy].sections.inbound.has_base
	input.policies[op.policy].sections.inbound
	_api_obtains(input.apis[e.api])
}

_conditional_token(e) if {
	some st in e.sections.inbound
	chain.holds_msi(st)
	st.conditional
}

# _api_obtains: the API policy's inbound obtains a token, directly or through
# an included fragment.
_api_obtains(api) if api.policy in _inbound_token_policies

# _inbound_token_policies are the policies whose inbound obtains a token of
# their own (not inside a send-request).
_inbound_token_policies contains p.id if {
	some [p, el] in policy.located("authentication-managed-identity")
	el.section == "inbound"
	not policy.in_side_request(p, el)
}

_api_obtains(api) if {
	some id in array.concat([api.id], api.operations)
	e := input.effective[id]
	some st in e.sections.inbound
	chain.holds_msi(st)
	st.scope == "api"
}

_api_loc(api) := p.elements[p.sections.inbound.element].location if {
	p := input.policies[api.policy]
	p.sections.inbound
}

_api_loc(api) := input.policies[api.policy].elements[input.policies[api.policy].root].location if {
	p := input.policies[api.policy]
	p.root >= 0
	not p.sections.inbound
}

# The comparison sits in a helper: "not x >= 0" with x absent is undefined.
_api_loc(api) := api.location if not _has_root(api)

_has_root(api) if input.policies[api.policy].root >= 0
