# METADATA
# title: set-backend-service names an existing backend
# description: |
#   backend-id names a backend entity of the same service. When the estate
#   declares the service's backends (an APIOps folder, or backend resources in
#   a template), a name that is not among them fails at deployment ("Backend
#   with id '...' could not be found").
# custom:
#   id: backend-id-exists
#   severity: error
#   remediation: Use the name of a declared backend, or declare the backend.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/backend-id-exists.md
package apimlint.rules["backend-id-exists"]

import data.apimlint.lib.policy
import data.apimlint.lib.result

# The linker lists the set-backend-service elements whose literal
# backend-id names no backend the policy can use
# (input.index.unresolved.backends); the rule judges those few.
report contains finding if {
	some ref in input.index.unresolved.backends
	p := policy.head(ref.policy)
	el := input.policies[ref.policy].elements[ref.element]
	id := policy.attr(el, "backend-id", "")
	svc := input.services[p.service]
	svc.known.backends
	backends := [b | some bid in svc.backends; b := input.backends[bid]; policy.visible(p, b)]
	msg := sprintf("backend-id %q does not name a backend of this service%s; declared backends: %s", [id, _elsewhere(svc, id), _list(backends)])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), policy.attr_loc(el, "backend-id"), msg),
		[result.related(b.location, sprintf("backend %q", [b.name])) | some b in array.slice(backends, 0, 3)],
	)
}

# _backend_names holds [service, workspace ("" for the service's own),
# lower-case name] for every backend, built once.
_backend_names contains [b.service, object.get(b, "workspace", ""), lower(b.name)] if some b in input.backends

# _elsewhere names a workspace that has a backend of that name, which the
# policy cannot use.
_elsewhere(svc, id) := sprintf(" (workspace %q has one, which a policy outside it cannot use)", [ws[0]]) if {
	ws := sort({w | some [s, w, n] in _backend_names; s == svc.id; w != ""; n == lower(id)})
	count(ws) > 0
} else := ""

_list(backends) := "none" if count(backends) == 0

_list(backends) := concat(", ", sort([sprintf("%q", [b.name]) | some b in backends])) if count(backends) > 0
