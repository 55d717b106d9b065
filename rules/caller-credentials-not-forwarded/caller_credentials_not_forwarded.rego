# METADATA
# title: Do not forward the caller's subscription key
# description: |
#   APIM passes the caller's Ocp-Apim-Subscription-Key header on to the
#   backend unless a policy removes it, so the key lands in the backend's logs.
#   Advisory: reported at the API policy's inbound section when neither the
#   API policy nor the global policy deletes the header of an API that
#   requires a subscription.
# custom:
#   id: caller-credentials-not-forwarded
#   severity: note
#   remediation: Add <set-header name="Ocp-Apim-Subscription-Key" exists-action="delete" /> to the inbound section.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/caller-credentials-not-forwarded.md
package apimlint.rules["caller-credentials-not-forwarded"]

import data.apimlint.lib.known
import data.apimlint.lib.policy
import data.apimlint.lib.result

report contains result.fail(rego.metadata.chain(), loc, msg) if {
	some pid in input.index.scopes.api
	not _global_deletes_key(input.policies[pid].service)
	not pid in _deleting
	input.policies[pid].parsed
	_subscription_required(input.policies[pid].api)
	loc := _inbound_loc(pid)
	msg := "the caller's Ocp-Apim-Subscription-Key header is forwarded to the backend (and its logs): delete it with set-header exists-action=\"delete\""
}

# _subscription_required holds when the API requires a subscription: by
# default, or by a known true. An unknown value is no violation.
_subscription_required(api) if {
	input.apis[api].id
	not input.apis[api].subscription_required
}

_subscription_required(api) if known.is_true(input.apis[api].subscription_required)

# _global_deletes_key keeps the lookup of the global policy inside the
# negation: with no global policy it is simply undefined.
_global_deletes_key(service) if input.services[service].policy in _deleting

# _deleting holds the IDs of the policies whose request sections (inbound,
# backend) delete the header, directly or in an included fragment (outbound
# and on-error act on the response). It is found through the index: every
# set-header once, not every element of every policy once per API.
_deleting contains p.id if {
	some [p, h] in _key_deletes
	h.section in {"inbound", "backend"}
}

_deleting contains p.id if {
	some fpid in _deleting_fragments
	some [p, inc] in policy.includes[fpid]
	inc.section in {"inbound", "backend"}
}

# _deleting_fragments holds the fragment policies that delete the header
# anywhere.
_deleting_fragments contains p.id if {
	some [p, _] in _key_deletes
	p.scope == "fragment"
}

# A header named by an expression ("@") may be the key: with a delete, no
# finding rests on a name known only at run time.
_key_deletes contains [p, h] if {
	some name in ["ocp-apim-subscription-key", "@"]
	some [p, h] in policy.named("set-header", name)
	_may_delete(h)
}

_may_delete(h) if lower(policy.attr(h, "exists-action", "")) == "delete"

# An action computed at runtime may delete the header: unknown, no finding.
_may_delete(h) if h.attributes["exists-action"].expression

_inbound_loc(pid) := input.policies[pid].elements[input.policies[pid].sections.inbound.element].location

_inbound_loc(pid) := input.policies[pid].elements[input.policies[pid].root].location if {
	not input.policies[pid].sections.inbound
}
