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

import data.apimlint.lib.policy
import data.apimlint.lib.result

report contains result.fail(rego.metadata.chain(), loc, msg) if {
	some p in input.policies
	p.scope == "api"
	p.parsed
	not _no_subscription(input.apis[p.api])
	not _deletes_key(p)
	not _deletes_key(input.policies[input.services[p.service].policy])
	loc := _inbound_loc(p)
	msg := "the caller's Ocp-Apim-Subscription-Key header is forwarded to the backend (and its logs): delete it with set-header exists-action=\"delete\""
}

_no_subscription(api) if {
	api.subscription_required.known
	api.subscription_required.value == false
}

_deletes_key(p) if {
	some h in p.elements
	h.name == "set-header"
	lower(policy.attr(h, "name", "")) == "ocp-apim-subscription-key"
	lower(policy.attr(h, "exists-action", "")) == "delete"
}

_inbound_loc(p) := p.elements[p.sections.inbound.element].location

_inbound_loc(p) := p.elements[p.root].location if not p.sections.inbound
