# METADATA
# title: client-id and output-token-variable-name are literals
# description: |
#   The client-id and output-token-variable-name attributes of
#   authentication-managed-identity do not accept policy expressions: a value
#   such as @(context.Variables["id"]) fails at runtime ("Managed service
#   identity is not enabled"). Use a literal or a {{named value}}.
# custom:
#   id: mi-client-id-static
#   severity: error
#   remediation: Write the user-assigned identity's client ID, or a {{named value}} holding it.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/mi-client-id-static.md
package apimlint.rules["mi-client-id-static"]

import data.apimlint.lib.policy
import data.apimlint.lib.result

report contains result.fail(rego.metadata.chain(), a.location, msg) if {
	some [_, el] in policy.located("authentication-managed-identity")
	some name in ["client-id", "output-token-variable-name"]
	a := el.attributes[name]
	a.expression
	msg := sprintf("%s of authentication-managed-identity is a policy expression (%s), which it does not accept: use a literal or a {{named value}}", [name, a.value])
}
