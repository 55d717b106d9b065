# METADATA
# title: Get the managed-identity token in inbound
# description: |
#   authentication-managed-identity only works in the inbound section (or
#   inside send-request or send-one-way-request). In backend, outbound or
#   on-error no token reaches the backend, and an Easy Auth protected
#   Function answers 401.
# custom:
#   id: mi-in-api-inbound
#   severity: error
#   remediation: Move authentication-managed-identity into the API's <inbound> section, after <base />.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/mi-in-api-inbound.md
package apimlint.rules["mi-in-api-inbound"]

import data.apimlint.lib.policy
import data.apimlint.lib.result

report contains result.fail(rego.metadata.chain(), el.location, msg) if {
	some [p, el] in policy.located("authentication-managed-identity")
	el.section in {"backend", "outbound", "on-error"}
	not policy.in_side_request(p, el)
	msg := sprintf("authentication-managed-identity is in the %s section, where it is not allowed: no token reaches the backend; move it to <inbound>", [el.section])
}

# A fragment has no section of its own: its statements land in the section of
# the include-fragment that brings them in.
report contains finding if {
	some [p, inc, fp, el] in policy.placed("authentication-managed-identity")
	inc != el
	inc.section in {"backend", "outbound", "on-error"}
	not policy.in_side_request(p, inc)
	not policy.in_side_request(fp, el)
	f := input.fragments[fp.fragment]
	msg := sprintf("fragment %q puts authentication-managed-identity in the %s section, where it is not allowed: no token reaches the backend; include it in <inbound>", [f.name, inc.section])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), inc.location, msg),
		[result.related(el.location, "authentication-managed-identity in the fragment")],
	)
}
