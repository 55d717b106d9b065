# METADATA
# title: APIM has the managed identity its policies use
# description: |
#   authentication-managed-identity without client-id uses the service's
#   system-assigned identity; with client-id, the user-assigned identity of
#   that client ID. When the service declared in the estate has no such
#   identity, every call fails at runtime (500, "Managed service identity is
#   not enabled for this service").
# custom:
#   id: apim-has-managed-identity
#   severity: error
#   remediation: Add identity { type 'SystemAssigned' } to the service, or add client-id for a user-assigned identity it has.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/apim-has-managed-identity.md
package apimlint.rules["apim-has-managed-identity"]

import data.apimlint.lib.policy
import data.apimlint.lib.result

# _uses holds [service, kind, file, line, policy, element] for every token
# a policy obtains, of a kind: system (no client-id) or user (client-id).
# (A flat set: a set under each key would be copied at every insertion.)
_uses contains [p.service, _kind(el), el.location.file, el.location.line, p.id, el.index] if {
	some [p, el] in policy.located("authentication-managed-identity")
}

# _services are the [service, kind] pairs of _uses.
_services contains [u[0], u[1]] if some u in _uses

_kind(el) := "user" if policy.has_attr(el, "client-id")

_kind(el) := "system" if not policy.has_attr(el, "client-id")

# Services whose identity the estate states: declared in a template.
_judged(svc) if {
	svc.declared
	not svc.existing
	svc.origin in {"bicep", "arm"}
}

report contains finding if {
	some [svc_id, "system"] in _services
	svc := input.services[svc_id]
	_judged(svc)
	not _has_system(svc)
	el := _first(svc_id, "system")
	msg := sprintf("APIM service %q has no system-assigned managed identity, but %s:%d uses authentication-managed-identity without client-id: every token request fails (500); add the SystemAssigned identity, or set client-id to a user-assigned identity of the service", [svc.name, el.location.file, el.location.line])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), _where(svc), msg),
		[result.related(el.location, "authentication-managed-identity without client-id")],
	)
}

report contains finding if {
	some [svc_id, "user"] in _services
	svc := input.services[svc_id]
	_judged(svc)
	not _may_have_user(svc)
	el := _first(svc_id, "user")
	msg := sprintf("APIM service %q has no user-assigned managed identity, but %s:%d uses authentication-managed-identity with client-id %q: every token request fails (500); assign that user-assigned identity to the service", [svc.name, el.location.file, el.location.line, policy.attr(el, "client-id", "")])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), _where(svc), msg),
		[result.related(el.location, "authentication-managed-identity with client-id")],
	)
}

# _first is the first statement, by file and line, of a service's tokens of
# a kind.
_first(svc_id, kind) := input.policies[k[2]].elements[k[3]] if {
	keys := sort([array.slice(u, 2, 6) | some u in _uses; u[0] == svc_id; u[1] == kind])
	k := keys[0]
}

# _has_system fails only when the identity is known not to be system-assigned.
_has_system(svc) if svc.identity.system_assigned == true

_has_system(svc) if {
	svc.identity
	svc.identity.system_assigned == null
}

_may_have_user(svc) if count(svc.identity.user_assigned) > 0

_may_have_user(svc) if {
	svc.identity
	not svc.identity.type.known
}

_may_have_user(svc) if contains(lower(svc.identity.type.value), "userassigned")

_where(svc) := svc.identity.type.location if svc.identity.type

_where(svc) := svc.identity.location if {
	svc.identity
	not svc.identity.type
}

_where(svc) := svc.location if not svc.identity
