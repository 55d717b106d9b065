# METADATA
# title: validate-jwt expects the token version the app issues
# description: |
#   An app registration issues v1.0 access tokens unless it requests v2
#   (requestedAccessTokenVersion / accessTokenAcceptedVersion 2); v1 tokens
#   carry the issuer https://sts.windows.net/<tenant>/, v2 tokens
#   https://login.microsoftonline.com/<tenant>/v2.0. A validate-jwt whose
#   issuers or openid-config expect the other version rejects every token.
#   One finding per validate-jwt, at <issuer> if present, else <openid-config>.
# custom:
#   id: token-version-consistency
#   severity: warning
#   remediation: Match the issuer and the openid-config URL to the app's token version, or set the app's requested token version.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/token-version-consistency.md
package apimlint.rules["token-version-consistency"]

import data.apimlint.lib.chain
import data.apimlint.lib.known
import data.apimlint.lib.policy
import data.apimlint.lib.result

report contains finding if {
	some [p, jwt] in policy.located("validate-jwt")
	apps := _apps(p, jwt)
	count(apps) > 0
	every app in apps {
		_version(app)
	}
	versions := {_version(app) | some app in apps}
	count(versions) == 1
	some version in versions
	[loc, expected] := _expectation(p, jwt)
	expected != version
	app := [a | some a in apps][0]
	msg := sprintf("validate-jwt expects v%d tokens (%s), but the app registration of its audience issues v%d tokens: every token is rejected; expect the %s, or make the app issue v%d tokens", [expected, _what(expected), version, _what(version), expected])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), loc, msg),
		[result.related(_version_loc(app), "token version of the app registration")],
	)
}

_children(p, el, name) := [c | some i in el.children; c := input.policies[p.id].elements[i]; c.name == name]

_audiences(p, jwt) := [a.text | some auds in _children(p, jwt, "audiences"); some a in _children(p, auds, "audience")]

# _apps are the app registrations whose appId or identifierUris hold an
# audience of the validate-jwt (two manifests of one app may both be there).
_apps(p, jwt) := {app |
	some app in input.app_registrations
	some aud in _audiences(p, jwt)
	_names_app(app, aud)
}

_names_app(app, aud) if chain.same(known.string(app.app_id), aud)

_names_app(app, aud) if {
	some uri in known.value(app.identifier_uris)
	is_string(uri)
	chain.same(uri, aud)
}

# _version is the token version an app issues: 2 when it requests v2, else 1
# (null or left out means v1). Undefined when the setting is unknown.
_version(app) := 2 if known.value(app.token_version) == 2

_version(app) := 1 if {
	app.token_version.known
	app.token_version.value in {null, 1}
}

_version(app) := 1 if not app.token_version

_version_loc(app) := app.token_version.location if app.token_version

_version_loc(app) := app.location if not app.token_version

# _expectation is where the validate-jwt states the token version it accepts
# and that version: its issuers if it lists any, else its openid-config
# URLs. Every one must be a literal Entra address of the same version.
_expectation(p, jwt) := [issuers[0].text_location, v] if {
	issuers := _issuers(p, jwt)
	count(issuers) > 0
	versions := {_issuer_version(i.text) | some i in issuers; _literal(i.text)}
	count(versions) == 1
	every i in issuers {
		_literal(i.text)
		_issuer_version(i.text)
	}
	some v in versions
}

_expectation(p, jwt) := [configs[0].location, v] if {
	count(_issuers(p, jwt)) == 0
	configs := _children(p, jwt, "openid-config")
	count(configs) > 0
	every c in configs {
		policy.literal(c, "url")
		contains(lower(policy.attr(c, "url", "")), "login.microsoftonline.com")
	}
	versions := {_config_version(policy.attr(c, "url", "")) | some c in configs}
	count(versions) == 1
	some v in versions
}

_issuers(p, jwt) := [i | some iss in _children(p, jwt, "issuers"); some i in _children(p, iss, "issuer")]

_literal(s) if {
	not policy.is_expression(s)
	not policy.references_named_value(s)
}

_issuer_version(s) := 2 if contains(lower(s), "/v2.0")

_issuer_version(s) := 1 if {
	not contains(lower(s), "/v2.0")
	contains(lower(s), "sts.windows.net")
}

_config_version(u) := 2 if contains(lower(u), "/v2.0/")

_config_version(u) := 1 if not contains(lower(u), "/v2.0/")

_what(1) := "issuer https://sts.windows.net/<tenant>/"

_what(2) := "issuer https://login.microsoftonline.com/<tenant>/v2.0"
