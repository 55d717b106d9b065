# METADATA
# title: Validate the caller's token before replacing it
# description: |
#   authentication-managed-identity replaces the Authorization header with
#   APIM's own token. A validate-jwt or validate-azure-ad-token that reads the
#   Authorization header after it validates APIM's token, not the caller's:
#   every caller passes. This holds across scopes too: a token the global,
#   product or API policy obtains runs where the narrower policy writes
#   <base />, before a validation that follows it.
# custom:
#   id: mi-after-caller-validation
#   severity: error
#   remediation: Put validate-jwt / validate-azure-ad-token before authentication-managed-identity.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/mi-after-caller-validation.md
package apimlint.rules["mi-after-caller-validation"]

import data.apimlint.lib.chain
import data.apimlint.lib.policy
import data.apimlint.lib.result

# Within one policy and the fragments it includes. A token obtained through
# an include-fragment is reported at the include, with the fragment's
# statement as a related place; a validation in an included fragment counts
# where it is included.
report contains finding if {
	some [p, anchor, own, mi] in policy.placed("authentication-managed-identity")
	_replaces_header(own, mi)
	not policy.in_side_request(p, anchor)
	some [_, vanchor, vown, v] in _validating_in[p.id]
	vanchor.section == anchor.section
	_runs_before(p, [anchor, own, mi], [vanchor, vown, v])
	msg := sprintf("authentication-managed-identity replaces the Authorization header before %s reads it (line %d): the caller's token is never validated; validate first", [v.name, vanchor.location.line])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), anchor.location, msg),
		array.concat(
			array.concat(
				[result.related(vanchor.location, sprintf("%s that reads Authorization", [v.name])) | vanchor == v],
				[result.related(v.location, sprintf("%s that reads Authorization, in the included fragment", [v.name])) | vanchor != v],
			),
			[result.related(mi.location, "authentication-managed-identity in the included fragment") | anchor != mi],
		),
	)
}

# _validating holds [policy, anchor, own, element] (see policy.placed) for
# every validation that reads the caller's Authorization header.
_validating contains x if {
	some name in ["validate-jwt", "validate-azure-ad-token"]
	some x in policy.placed(name)
	_reads_authorization(x[3])
}

# _validating_in[policy ID] holds the validations that policy runs.
_validating_in := {pid: xs | some [pid, _] in _validating_by; xs := {x | some [id, x] in _validating_by; id == pid}}

_validating_by contains [x[0].id, x] if some x in _validating

# _replaces_header holds for a token that goes into the Authorization header
# of the request APIM forwards.
_replaces_header(own, mi) if {
	not policy.has_attr(mi, "output-token-variable-name")
	not policy.in_side_request(own, mi)
}

# _runs_before holds when the token [anchor, own, element] runs before the
# validation: the anchors in order, or, both in one included fragment, the
# elements in order; never in two branches of one choose.
_runs_before(p, [anchor, _, _], [vanchor, _, _]) if {
	anchor.index != vanchor.index
	policy.after(anchor, vanchor)
	not policy.exclusive(p, anchor, vanchor)
}

_runs_before(_, [anchor, own, mi], [vanchor, vown, v]) if {
	anchor.index == vanchor.index
	own.id == vown.id
	policy.after(mi, v)
	not policy.exclusive(own, mi, v)
}

# Across scopes: in what APIM runs for an operation, a statement of another
# scope obtains the token before the policy's validation: a broader scope's
# brought in by <base />, or an operation's written before its <base />. One finding per validation, at the
# validation (or the include that brings it in), with every such token as a
# related place; a token the validating policy obtains itself, or through a
# fragment it includes, is the rule above's.
report contains finding if {
	some [loc, name, tokens] in _across
	scopes := {t[0] | some t in tokens}
	msg := sprintf("authentication-managed-identity in another scope's policy (%s) replaces the Authorization header before this %s reads it: the caller's token is never validated; validate before <base />, or in that policy before the token is obtained, or give authentication-managed-identity an output-token-variable-name", [concat(", ", [s | some s in _scope_order; s in scopes]), name])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), loc, msg),
		[r | some t in tokens; some r in t[1]],
	)
}

_scope_order := ["global", "workspace", "product", "api", "operation"]

# _across holds [location, name, tokens] for every validation that tokens
# of broader scopes precede: [scope, related places] for each.
_across contains [vanchor.location, v.name, tokens] if {
	some [p, vanchor, vown, v] in _validating
	vanchor.section == "inbound"
	_token_may_precede(p)
	top := chain.statement(vown, v)
	tokens := {[st.scope, _token_places(st, mi)] |
		some eid in _effective_of(p)
		stmts := input.effective[eid].sections.inbound
		some j, vs in stmts
		vs.element == top
		_places(vs, p, vanchor, vown, v)
		some st in array.slice(stmts, 0, j)
		chain.holds_msi(st)
		not _brought_by(st, p.id)
		some mi in chain.msi_of(st)
		not policy.has_attr(mi, "output-token-variable-name")
	}
	count(tokens) > 0
}

# _token_may_precede holds unless no policy that runs with p, other than p,
# obtains a token: then what APIM runs for p's operations is not read. A
# token may come from a global, workspace, product or fragment policy of
# p's service, and for an API policy from its operations' policies, for an
# operation policy from its API's.
_token_may_precede(p) if p.service in _broad_token_services

_token_may_precede(p) if {
	p.scope == "api"
	[p.api, "operation"] in _api_tokens
}

_token_may_precede(p) if {
	p.scope == "operation"
	[p.api, "api"] in _api_tokens
}

_token_may_precede(p) if p.scope in {"workspace", "product"}

# A global validation: any other policy of the service may run before it.
_token_may_precede(p) if {
	p.scope == "global"
	some pid in chain.token_policies
	pid != p.id
	input.policies[pid].service == p.service
}

# _broad_token_services are the services with a policy of a broad scope that
# obtains a token; _api_tokens holds [API, scope] for API and operation
# policies that do.
_broad_token_services contains input.policies[pid].service if {
	some pid in chain.token_policies
	input.policies[pid].scope in {"global", "workspace", "product", "fragment"}
}

_api_tokens contains [input.policies[pid].api, scope] if {
	some pid in chain.token_policies
	scope := input.policies[pid].scope
	scope in {"api", "operation"}
}

# _token_places are the related places of a token: the include-fragment
# that brings it in, if any, and the authentication-managed-identity.
_token_places(st, mi) := array.concat(
	[result.related(input.policies[st.include.policy].elements[st.include.element].location, sprintf("include-fragment in the %s policy that brings in the token", [st.scope])) | st.include],
	[result.related(mi.location, sprintf("authentication-managed-identity in the %s policy", [st.scope]))],
)

# _places holds for the statement of what APIM runs that is the validation:
# written in p itself, or brought in by that include-fragment of p.
_places(vs, p, vanchor, _, v) if {
	vanchor == v
	vs.policy == p.id
}

_places(vs, p, vanchor, vown, v) if {
	vanchor != v
	vs.policy == vown.id
	vs.include.policy == p.id
	vs.include.element == vanchor.index
}

# _brought_by holds for a statement the policy holds itself, or brings in
# with an include-fragment.
_brought_by(st, pid) if st.policy == pid

_brought_by(st, pid) if st.include.policy == pid

# _effective_of returns the IDs of what APIM runs with a policy: an
# operation's, those of an API's operations (or the API's own when it
# declares none), those of a product's or a workspace's APIs, and all of a
# service's for its global policy.
_effective_of(p) := {id | some id, e in input.effective; e.service == p.service} if p.scope == "global"

_effective_of(p) := {p.operation} if p.scope == "operation"

_effective_of(p) := _api_effective(p.api) if p.scope == "api"

_effective_of(p) := {id | some api in input.products[p.product].apis; some id in _api_effective(api)} if p.scope == "product"

_effective_of(p) := {id |
	some api, a in input.apis
	a.service == p.service
	object.get(a, "workspace", "") == p.workspace
	some id in _api_effective(api)
} if p.scope == "workspace"

_api_effective(api) := {id | some id in input.apis[api].operations} if count(input.apis[api].operations) > 0

_api_effective(api) := {api} if count(input.apis[api].operations) == 0

_reads_authorization(v) if lower(policy.attr(v, "header-name", "")) == "authorization"

_reads_authorization(v) if {
	v.name == "validate-azure-ad-token"
	not policy.has_attr(v, "header-name")
	not policy.has_attr(v, "query-parameter-name")
	not policy.has_attr(v, "token-value")
}

_reads_authorization(v) if contains(lower(policy.attr(v, "token-value", "")), "authorization")
