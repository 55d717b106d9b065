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
	some [p, jwt] in policy.elements("validate-jwt")
	app := _app(p, jwt)
	version := _version(app)
	[loc, expected] := _expectation(p, jwt)
	expected != version
	msg := sprintf("validate-jwt expects v%d tokens (%s), but the app registration of its audience issues v%d tokens: every token is rejected", [expected, _what(expected), version])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), loc, msg),
		[result.related(_version_loc(app), "token version of the app registration")],
	)
}

_children(p, el, name) := [p.elements[i] | some i in el.children; p.elements[i].name == name]

_audiences(p, jwt) := [a.text | some auds in _children(p, jwt, "audiences"); some a in _children(p, auds, "audience")]

# _app is the app registration whose appId or identifierUris holds an
# audience of the validate-jwt.
_app(p, jwt) := app if {
	some app in input.app_registrations
	some aud in _audiences(p, jwt)
	_names_app(app, aud)
}

_names_app(app, aud) if chain.same(known.string(app.app_id), aud)

_names_app(app, aud) if {
	some uri in known.value(app.identifier_uris)
	chain.same(uri, aud)
}

_version(app) := 2 if known.value(app.token_version) == 2

_version(app) := 1 if not known.value(app.token_version) == 2

_version_loc(app) := app.token_version.location if app.token_version

_version_loc(app) := app.location if not app.token_version

# _expectation: the first <issuer> (else <openid-config>) and the version
# it implies.
_expectation(p, jwt) := [i.text_location, _issuer_version(i.text)] if {
	some iss in _children(p, jwt, "issuers")
	i := _children(p, iss, "issuer")[0]
	not policy.is_expression(i.text)
	not policy.references_named_value(i.text)
}

_expectation(p, jwt) := [c.location, _config_version(policy.attr(c, "url", ""))] if {
	not _has_issuer(p, jwt)
	c := _children(p, jwt, "openid-config")[0]
	policy.literal(c, "url")
	contains(lower(policy.attr(c, "url", "")), "login.microsoftonline.com")
}

_has_issuer(p, jwt) if {
	some iss in _children(p, jwt, "issuers")
	count(_children(p, iss, "issuer")) > 0
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
