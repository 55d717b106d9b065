# METADATA
# title: Fail closed when no managed-identity token is obtained
# description: |
#   With ignore-error="true", a request goes on to the backend without a token
#   when APIM cannot obtain one; the failure only shows as a 401 from the
#   backend, far from its cause. Leave ignore-error out or set it to false.
# custom:
#   id: mi-ignore-error-false
#   severity: error
#   remediation: Remove ignore-error or set ignore-error="false".
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/mi-ignore-error-false.md
package apimlint.rules["mi-ignore-error-false"]

import data.apimlint.lib.policy
import data.apimlint.lib.result

report contains result.fail(rego.metadata.chain(), policy.attr_loc(el, "ignore-error"), msg) if {
	some [_, el] in policy.located("authentication-managed-identity")
	policy.literal(el, "ignore-error")
	lower(trim_space(policy.attr(el, "ignore-error", ""))) == "true"
	msg := sprintf("authentication-managed-identity for resource %q has ignore-error=\"true\": without a token the request still goes to the backend; remove ignore-error or set it to false", [policy.attr(el, "resource", "")])
}
