# METADATA
# title: App registrations issue no implicit-grant tokens
# description: |
#   The backend's app registration is only called with access tokens that
#   APIM's managed identity obtains. Implicit (and hybrid) issuance of ID or
#   access tokens, which the portal's express Easy Auth setup turns on, only
#   widens what can be obtained for the app: turn both off.
# custom:
#   id: appreg-implicit-grant-disabled
#   severity: error
#   remediation: Set web.implicitGrantSettings.enableIdTokenIssuance and enableAccessTokenIssuance to false (legacy manifest - oauth2AllowIdTokenImplicitFlow and oauth2AllowImplicitFlow).
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/appreg-implicit-grant-disabled.md
package apimlint.rules["appreg-implicit-grant-disabled"]

import data.apimlint.lib.known
import data.apimlint.lib.result

_settings := {
	"implicit_id_token": ["ID", {"graph": "web.implicitGrantSettings.enableIdTokenIssuance", "bicep-graph": "web.implicitGrantSettings.enableIdTokenIssuance", "aad-graph": "oauth2AllowIdTokenImplicitFlow"}],
	"implicit_access_token": ["access", {"graph": "web.implicitGrantSettings.enableAccessTokenIssuance", "bicep-graph": "web.implicitGrantSettings.enableAccessTokenIssuance", "aad-graph": "oauth2AllowImplicitFlow"}],
}

report contains result.fail(rego.metadata.chain(), app[field].location, msg) if {
	some app in input.app_registrations
	some field, [kind, names] in _settings
	known.is_true(app[field])
	msg := sprintf("%s is true: app registration %s issues %s tokens through the implicit grant; turn it off", [names[app.format], _name(app), kind])
}

# _name is the display name, else the appId. The lookups sit inside helper
# rules: a function call on an absent field is undefined even under "not".
_name(app) := sprintf("%q", [_display(app)])

_name(app) := sprintf("%q", [known.string(app.app_id)]) if not _display(app)

_name(app) := "(unnamed)" if {
	not _display(app)
	not _app_id(app)
}

_display(app) := known.string(app.display_name)

_app_id(app) := known.string(app.app_id)
