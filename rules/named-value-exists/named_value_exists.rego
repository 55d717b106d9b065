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

# The linker lists the references that match no named value of their
# service (input.index.unresolved.named_values); the rule judges those few.
report contains result.fail(rego.metadata.chain(), ref.location, msg) if {
	some u in input.index.unresolved.named_values
	service := input.policy_heads[u.policy].service
	input.services[service].known.named_values
	not service in _unknown_names
	ref := input.policies[u.policy].named_value_refs[u.ref]
	msg := sprintf("{{%s}} does not name a named value of this service: declare a named value with display name %q, or fix the reference", [ref.name, ref.name])
}

# _unknown_names are the services with a named value whose display name is
# decided at deployment: any reference may be that one.
_unknown_names contains nv.service if {
	some nv in input.named_values
	nv.display_name.known == false
}
