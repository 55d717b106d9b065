# METADATA
# title: Easy Auth restricts which callers get in
# description: |
#   Easy Auth with the Entra provider accepts any token issued for its
#   audience, and any app in the tenant can obtain one. Without allowed
#   applications, allowed principals (ideally APIM's managed identity) or
#   allowed client applications, every app in the tenant can call the
#   Function directly. A symbolic reference such as apim.identity.principalId
#   counts as an entry.
# custom:
#   id: easyauth-restricts-callers
#   severity: warning
#   remediation: List APIM's managed identity in validation.defaultAuthorizationPolicy.allowedPrincipals.identities (or its client ID in allowedApplications).
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/easyauth-restricts-callers.md
package apimlint.rules["easyauth-restricts-callers"]

import data.apimlint.lib.known
import data.apimlint.lib.result

report contains result.fail(rego.metadata.chain(), _where(ea), msg) if {
	some ea in input.easy_auth
	ea.version == "v2"
	not known.false_at(ea, "enabled")
	not known.false_at(ea, "aad_enabled")
	ea.client_id
	not _restricted(ea)
	msg := sprintf("Easy Auth of the Function app %q lets in any app of the tenant that obtains a token for its audience: no allowed applications, principals or client applications; allow only APIM's managed identity", [input.sites[ea.site].name])
}

# Each list is looked up on its own: an absent one must not hide the others.
_restricted(ea) if {
	some key in ["allowed_applications", "allowed_principals", "allowed_client_applications"]
	_entries(ea[key])
}

# A list with entries, or a value we cannot see (an expression).
_entries(f) if {
	is_array(f.value)
	count(f.value) > 0
}

_entries(f) if {
	f
	not f.known
	not is_array(f.value)
}

_where(ea) := ea.client_id.location
