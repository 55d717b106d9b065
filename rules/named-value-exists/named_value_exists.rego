# METADATA
# title: Every {{name}} names a named value
# description: |
#   {{name}} in a policy is replaced by the named value whose display name is
#   name. When the estate declares the service's named values (an APIOps
#   folder, or named value resources in a template), a name that is not among
#   them makes the deployment fail. Liquid bodies are skipped: they use the
#   same braces for their own variables.
# custom:
#   id: named-value-exists
#   severity: warning
#   remediation: Declare the named value, or fix the name (display names are case-sensitive).
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/named-value-exists.md
package apimlint.rules["named-value-exists"]

import data.apimlint.lib.result

report contains result.fail(rego.metadata.chain(), ref.location, msg) if {
	some pid in input.index.named_value_refs
	service := input.policies[pid].service
	input.services[service].known.named_values
	not service in _unknown_names
	some ref in input.policies[pid].named_value_refs
	not ref.name in object.get(_names, service, set())
	msg := sprintf("{{%s}} does not name a named value of this service: declare a named value with display name %q, or fix the reference", [ref.name, ref.name])
}

# _names maps each service to the display names (else resource names) of its
# named values.
_names := {svc: names | some [svc, _] in _named; names := {n | some [s, n] in _named; s == svc}}

_named contains [nv.service, _display(nv)] if some nv in input.named_values

_display(nv) := nv.display_name.value if nv.display_name.known

_display(nv) := nv.name if not nv.display_name

# _unknown_names are the services with a named value whose display name is
# decided at deployment: any reference may be that one.
_unknown_names contains nv.service if {
	some nv in input.named_values
	nv.display_name.known == false
}
