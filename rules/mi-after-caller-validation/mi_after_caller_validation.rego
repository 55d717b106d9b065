# METADATA
# title: Validate the caller's token before replacing it
# description: |
#   authentication-managed-identity replaces the Authorization header with
#   APIM's own token. A validate-jwt or validate-azure-ad-token that reads the
#   Authorization header after it validates APIM's token, not the caller's:
#   every caller passes.
# custom:
#   id: mi-after-caller-validation
#   severity: error
#   remediation: Put validate-jwt / validate-azure-ad-token before authentication-managed-identity.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/mi-after-caller-validation.md
package apimlint.rules["mi-after-caller-validation"]

import data.apimlint.lib.policy
import data.apimlint.lib.result

# A token obtained through an include-fragment is reported at the include,
# with the fragment's statement as a related place.
report contains finding if {
	some [p, anchor, own, mi] in policy.placed("authentication-managed-identity")
	not policy.has_attr(mi, "output-token-variable-name")
	not policy.ancestor_named(own, mi, "send-request")
	some v in _validations[p.id]
	v.section == anchor.section
	policy.after(anchor, v)
	_reads_authorization(v)
	msg := sprintf("authentication-managed-identity replaces the Authorization header before %s reads it (line %d): the caller's token is never validated; validate first", [v.name, v.location.line])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), anchor.location, msg),
		array.concat(
			[result.related(v.location, sprintf("%s that reads Authorization", [v.name]))],
			[result.related(mi.location, "authentication-managed-identity in the included fragment") | anchor != mi],
		),
	)
}

_reads_authorization(v) if lower(policy.attr(v, "header-name", "")) == "authorization"

_reads_authorization(v) if {
	v.name == "validate-azure-ad-token"
	not policy.has_attr(v, "header-name")
	not policy.has_attr(v, "query-parameter-name")
	not policy.has_attr(v, "token-value")
}

_reads_authorization(v) if contains(lower(policy.attr(v, "token-value", "")), "authorization")

_validations[p.id] contains v if {
	some name in ["validate-jwt", "validate-azure-ad-token"]
	some [p, v] in policy.located(name)
}
