# METADATA
# title: Override the Authorization header with the token
# description: |
#   The set-header that forwards the managed-identity token must replace the
#   caller's Authorization header: exists-action "override" (or left out).
#   With "skip" or "append" the caller's own header can reach the backend.
# custom:
#   id: token-header-override
#   severity: error
#   remediation: Set exists-action="override" or remove the attribute.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/token-header-override.md
package apimlint.rules["token-header-override"]

import data.apimlint.lib.policy
import data.apimlint.lib.result

report contains finding if {
	some [p, anchor, _, mi] in policy.placed("authentication-managed-identity")
	policy.literal(mi, "output-token-variable-name")
	var := policy.attr(mi, "output-token-variable-name", "")
	some h in policy.authorization_headers[p.id]
	h.section == anchor.section
	policy.after(anchor, h)
	_reads(p, h, var)
	policy.literal(h, "exists-action")
	action := lower(policy.attr(h, "exists-action", "override"))
	action != "override"
	msg := sprintf("set-header Authorization has exists-action=%q: the managed-identity token must replace the caller's header; use \"override\"", [action])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), policy.attr_loc(h, "exists-action"), msg),
		[result.related(mi.location, "authentication-managed-identity that obtains the token")],
	)
}

_reads(p, h, var) if {
	some i in h.children
	var in data.apimlint.lib.policy.variables_read(input.policies[p.id].elements[i].text)
}
