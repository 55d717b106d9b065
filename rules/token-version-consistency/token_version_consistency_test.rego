package apimlint.rules["token-version-consistency_test"]

import data.apimlint.rules["token-version-consistency"] as rule

_app(version) := sprintf(
	`{
  "appId": "11111111-1111-1111-1111-111111111111",
  "displayName": "orders-api",
  "identifierUris": ["api://orders"],
  "api": {"requestedAccessTokenVersion": %s},
  "web": {"redirectUris": [], "implicitGrantSettings": {}}
}`,
	[version],
)

# _policy is a validate-jwt for audience api://orders; issuers is the text of
# its <issuers> element (line 8), or "".
_policy(config, issuers) := sprintf(
	`<policies>
  <inbound>
    <validate-jwt header-name="Authorization">
      <openid-config url="%s" />
      <audiences>
        <audience>api://orders</audience>
      </audiences>
      <issuers>%s</issuers>
    </validate-jwt>
  </inbound>
</policies>`,
	[config, issuers],
)

_v1_config := "https://login.microsoftonline.com/contoso.onmicrosoft.com/.well-known/openid-configuration"

_v2_config := "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration"

_v1_issuer := "<issuer>https://sts.windows.net/99999999-9999-9999-9999-999999999999/</issuer>"

_v2_issuer := "<issuer>https://login.microsoftonline.com/99999999-9999-9999-9999-999999999999/v2.0</issuer>"

_v1_what := "issuer https://sts.windows.net/<tenant>/"

_v2_what := "issuer https://login.microsoftonline.com/<tenant>/v2.0"

_finding(expected, version, loc, version_loc) := {
	"rule": "token-version-consistency",
	"severity": "warning",
	"message": sprintf("validate-jwt expects v%d tokens (%s), but the app registration of its audience issues v%d tokens: every token is rejected; expect the %s, or make the app issue v%d tokens", [expected, _what(expected), version, _what(version), expected]),
	"location": object.union({"file": "policy.xml"}, loc),
	"related": [{"location": version_loc, "message": "token version of the app registration"}],
}

_what(1) := _v1_what

_what(2) := _v2_what

# The issuer decides, even when the openid-config is of the other version.
test_v1_issuer_for_a_v2_app_is_reported_at_the_issuer if {
	inp := apimlint.estate({"app.json": _app("2"), "policy.xml": _policy(_v2_config, _v1_issuer)})
	rule.report == {_finding(
		1, 2,
		{"line": 8, "column": 24, "end_line": 8, "end_column": 85},
		{"file": "app.json", "line": 5, "column": 42, "end_line": 5, "end_column": 43},
	)} with input as inp
}

# Without issuers the openid-config URL decides; a null version is v1.
test_v2_openid_config_for_a_v1_app_is_reported_at_the_config if {
	inp := apimlint.estate({"app.json": _app("null"), "policy.xml": _policy(_v2_config, "")})
	rule.report == {_finding(
		2, 1,
		{"line": 4, "column": 7, "end_line": 4, "end_column": 126},
		{"file": "app.json", "line": 5, "column": 42, "end_line": 5, "end_column": 46},
	)} with input as inp
}

# An app whose manifest leaves the version out issues v1 tokens; the legacy
# manifest is matched by appId too.
test_version_left_out_is_v1 if {
	inp := apimlint.estate({
		"app.json": `{"appId": "11111111-1111-1111-1111-111111111111", "identifierUris": ["api://orders"], "replyUrlsWithType": []}`,
		"policy.xml": _policy(_v1_config, _v2_issuer),
	})
	rule.report == {_finding(
		2, 1,
		{"line": 8, "column": 24, "end_line": 8, "end_column": 99},
		{"file": "app.json", "line": 1, "column": 1, "end_line": 1, "end_column": 111},
	)} with input as inp
}

test_matching_versions_pass if {
	count(rule.report) == 0 with input as apimlint.estate({"app.json": _app("2"), "policy.xml": _policy(_v2_config, _v2_issuer)})
	count(rule.report) == 0 with input as apimlint.estate({"app.json": _app("1"), "policy.xml": _policy(_v1_config, "")})
	count(rule.report) == 0 with input as apimlint.estate({
		"app.json": `{"appId": "11111111-1111-1111-1111-111111111111", "accessTokenAcceptedVersion": 2, "replyUrlsWithType": []}`,
		"policy.xml": replace(_policy(_v2_config, ""), "api://orders", "11111111-1111-1111-1111-111111111111"),
	})
}

# Accepting both issuers accepts the app's version.
test_issuers_of_both_versions_pass if {
	inp := apimlint.estate({"app.json": _app("2"), "policy.xml": _policy(_v1_config, concat("", [_v1_issuer, _v2_issuer]))})
	count(rule.report) == 0 with input as inp
}

test_audience_of_another_app_passes if {
	inp := apimlint.estate({"app.json": _app("2"), "policy.xml": replace(_policy(_v1_config, ""), "api://orders", "api://billing")})
	count(rule.report) == 0 with input as inp
}

# Issuers from named values, other identity providers' addresses and a token
# version from a parameter without a value are unknown: no finding.
test_unknown_values_pass if {
	count(rule.report) == 0 with input as apimlint.estate({"app.json": _app("2"), "policy.xml": _policy(_v2_config, "<issuer>{{token-issuer}}</issuer>")})
	count(rule.report) == 0 with input as apimlint.estate({"app.json": _app("null"), "policy.xml": _policy("https://contoso.b2clogin.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration", "")})
	count(rule.report) == 0 with input as apimlint.estate({
		"app.json": `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"version": {"type": "int"}},
  "resources": [
    {
      "type": "Microsoft.Graph/applications@v1.0",
      "name": "orders-api",
      "properties": {
        "uniqueName": "orders-api",
        "identifierUris": ["api://orders"],
        "api": {"requestedAccessTokenVersion": "[parameters('version')]"}
      }
    }
  ]
}`,
		"policy.xml": _policy(_v2_config, ""),
	})
}
