# METADATA
# title: Easy Auth requires authentication
# description: |
#   App Service authentication (Easy Auth) in front of a Function lets
#   unauthenticated requests through unless requireAuthentication is true and
#   the unauthenticated action is not AllowAnonymous (legacy authsettings:
#   not AllowAnonymous). Anyone could then call the Function directly,
#   bypassing APIM. Reported once per configuration.
# custom:
#   id: easyauth-requires-authentication
#   severity: error
#   remediation: Set globalValidation.requireAuthentication to true and unauthenticatedClientAction to 'Return401'.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/easyauth-requires-authentication.md
package apimlint.rules["easyauth-requires-authentication"]

import data.apimlint.lib.known
import data.apimlint.lib.result

# Only configurations that turn Easy Auth on; one that is off is the fault
# of easyauth-enabled.
_on(ea) if not known.false_at(ea, "enabled")

report contains result.fail(rego.metadata.chain(), ea.require_authentication.location, msg) if {
	some ea in input.easy_auth
	ea.version == "v2"
	_on(ea)
	known.is_false(ea.require_authentication)
	msg := sprintf("requireAuthentication is false%s: the Function app %q accepts calls without any token, bypassing APIM; set requireAuthentication to true", [_action(ea), _site(ea)])
}

report contains result.fail(rego.metadata.chain(), ea.unauthenticated_client_action.location, msg) if {
	some ea in input.easy_auth
	ea.version == "v2"
	_on(ea)
	not known.false_at(ea, "require_authentication")
	_anonymous(ea)
	msg := sprintf("unauthenticatedClientAction is 'AllowAnonymous': the Function app %q accepts calls without any token, bypassing APIM; set it to 'Return401'", [_site(ea)])
}

report contains result.fail(rego.metadata.chain(), ea.location, msg) if {
	some ea in input.easy_auth
	ea.version == "v2"
	_on(ea)
	not ea.require_authentication
	not _anonymous(ea)
	msg := sprintf("globalValidation.requireAuthentication is not set (false by default): the Function app %q accepts calls without any token, bypassing APIM; set it to true", [_site(ea)])
}

report contains result.fail(rego.metadata.chain(), ea.unauthenticated_client_action.location, msg) if {
	some ea in input.easy_auth
	ea.version == "v1"
	_on(ea)
	lower(known.string(ea.unauthenticated_client_action)) == "allowanonymous"
	msg := sprintf("unauthenticatedClientAction is 'AllowAnonymous': the Function app %q accepts calls without any token, bypassing APIM; set it to 'RedirectToLoginPage', or better, use authsettingsV2 with 'Return401'", [_site(ea)])
}

_action(ea) := sprintf(" and unauthenticatedClientAction is %q", [known.string(ea.unauthenticated_client_action)])

_action(ea) := "" if not known.string_at(ea, "unauthenticated_client_action")

_anonymous(ea) if lower(known.string(ea.unauthenticated_client_action)) == "allowanonymous"

_site(ea) := input.sites[ea.site].name
