# METADATA
# title: Easy Auth answers unauthenticated calls with 401
# description: |
#   Where Easy Auth requires authentication, an API behind APIM must answer an
#   unauthenticated call with 401 (Return401; Return403 and Return404 also
#   refuse), not a 302 redirect to a login page (RedirectToLoginPage, the
#   default). A value outside the enum (such as the CLI's RejectWith401) is an
#   error too, never taken as compliant. AllowAnonymous is the fault of
#   easyauth-requires-authentication; legacy authsettings has no 401 option.
# custom:
#   id: easyauth-returns-401
#   severity: error
#   remediation: Set globalValidation.unauthenticatedClientAction to 'Return401'.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/easyauth-returns-401.md
package apimlint.rules["easyauth-returns-401"]

import data.apimlint.lib.known
import data.apimlint.lib.result

_refusing := {"return401", "return403", "return404"}

_valid := {"redirecttologinpage", "allowanonymous", "return401", "return403", "return404"}

_requires(ea) if {
	ea.version == "v2"
	not known.false_at(ea, "enabled")
	known.is_true(ea.require_authentication)
}

report contains result.fail(rego.metadata.chain(), ea.unauthenticated_client_action.location, msg) if {
	some ea in input.easy_auth
	_requires(ea)
	action := known.string(ea.unauthenticated_client_action)
	lower(action) == "redirecttologinpage"
	msg := sprintf("unauthenticatedClientAction is %q: unauthenticated calls to the Function app %q get a 302 to a login page; an API must answer 401: set it to 'Return401'", [action, input.sites[ea.site].name])
}

report contains result.fail(rego.metadata.chain(), ea.unauthenticated_client_action.location, msg) if {
	some ea in input.easy_auth
	_requires(ea)
	action := known.string(ea.unauthenticated_client_action)
	not lower(action) in _valid
	msg := sprintf("unauthenticatedClientAction %q is not a valid value (RedirectToLoginPage, AllowAnonymous, Return401, Return403, Return404); use 'Return401'", [action])
}

report contains result.fail(rego.metadata.chain(), ea.require_authentication.location, msg) if {
	some ea in input.easy_auth
	_requires(ea)
	not ea.unauthenticated_client_action
	msg := sprintf("unauthenticatedClientAction is not set: unauthenticated calls to the Function app %q get the default 302 to a login page; set it to 'Return401'", [input.sites[ea.site].name])
}
