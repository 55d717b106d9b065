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

# A token obtained through an include-fragment is reported at the include,
# with the fragment's statement as a related place.
report contains finding if {
	some [p, anchor, own, mi] in policy.placed("authentication-managed-identity")
	not policy.has_attr(mi, "output-token-variable-name")
	not policy.ancestor_named(own, mi, "send-request")
	some v in _validations[p.id]
	v.section == anchor.section
	policy.after(anchor, v)
	_reads_authorization(v)
	msg := sprintf("authentication-managed-identity replaces the Authorization header before %s reads it (line %d): the caller's token is never validated; validate first", [v.name, v.location.line])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), anchor.location, msg),
		array.concat(
			[result.related(v.location, sprintf("%s that reads Authorization", [v.name]))],
			[result.related(mi.location, "authentication-managed-identity in the included fragment") | anchor != mi],
		),
	)
}

# Across scopes: in what APIM runs for an operation, a statement of a
# broader scope (brought in by <base />) obtains the token before the
# narrower policy's validation. The finding is at the validation, once
# for every token that precedes it; a token the validating policy obtains
# itself, or through a fragment it includes, is the rule above's.
report contains finding if {
	some p in _validating
	some v in _validations[p.id]
	v.section == "inbound"
	_reads_authorization(v)
	top := chain.statement(input.policies[p.id], v)
	some eid in _effective_of(p)
	stmts := input.effective[eid].sections.inbound
	some j, vs in stmts
	vs.policy == p.id
	vs.element == top
	some i, st in stmts
	i < j
	not _brought_by(st, p.id)
	some mi in chain.msi_of(st)
	not policy.has_attr(mi, "output-token-variable-name")
	not policy.ancestor_named(input.policies[st.policy], mi, "send-request")
	msg := sprintf("authentication-managed-identity in the %s policy (%s:%d) replaces the Authorization header before this %s reads it: the caller's token is never validated; validate in that policy before the token is obtained, or give authentication-managed-identity an output-token-variable-name", [st.scope, mi.location.file, mi.location.line, v.name])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), v.location, msg),
		[result.related(mi.location, sprintf("authentication-managed-identity in the %s policy", [st.scope]))],
	)
}

# _validating are the heads of the policies that validate the caller's token.
_validating contains p if {
	some name in ["validate-jwt", "validate-azure-ad-token"]
	some [p, _] in policy.located(name)
}

# _brought_by holds for a statement the policy holds itself, or brings in
# with an include-fragment.
_brought_by(st, pid) if st.policy == pid

_brought_by(st, pid) if st.include.policy == pid

# _effective_of returns the IDs of what APIM runs with a policy: an
# operation's, those of an API's operations (or the API's own when it
# declares none), and those of a product's APIs.
_effective_of(p) := {p.operation} if p.scope == "operation"

_effective_of(p) := _api_effective(p.api) if p.scope == "api"

_effective_of(p) := {id | some api in input.products[p.product].apis; some id in _api_effective(api)} if p.scope == "product"

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

_validations[p.id] contains v if {
	some name in ["validate-jwt", "validate-azure-ad-token"]
	some [p, v] in policy.located(name)
}
