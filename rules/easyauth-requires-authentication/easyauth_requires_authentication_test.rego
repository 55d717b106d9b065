package apimlint.rules["easyauth-requires-authentication_test"]

import data.apimlint.rules["easyauth-requires-authentication"] as rule

# _auth is an ARM template holding one Easy Auth config of contoso-func; its
# properties start on line 9.
_auth(name, props) := apimlint.estate({"auth.json": sprintf(
	`{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"flag": {"type": "bool"}, "action": {"type": "string"}},
  "resources": [
    {
      "type": "Microsoft.Web/sites/config",
      "name": "contoso-func/%s",
      "properties": %s
    }
  ]
}`,
	[name, props],
)})

_finding(message, loc) := {
	"rule": "easyauth-requires-authentication",
	"severity": "error",
	"message": message,
	"location": object.union({"file": "auth.json"}, loc),
	"related": [],
}

_anonymous_msg := "unauthenticatedClientAction is 'AllowAnonymous': the Function app \"contoso-func\" accepts calls without any token, bypassing APIM; set it to 'Return401'"

test_require_authentication_false_is_reported if {
	rule.report == {_finding(
		"requireAuthentication is false and unauthenticatedClientAction is \"Return401\": the Function app \"contoso-func\" accepts calls without any token, bypassing APIM; set requireAuthentication to true",
		{"line": 11, "column": 55, "end_line": 11, "end_column": 60},
	)} with input as _auth("authsettingsV2", `{
        "platform": {"enabled": true},
        "globalValidation": {"requireAuthentication": false, "unauthenticatedClientAction": "Return401"}
      }`)
}

# Without an action the message names none; platform.enabled left out is
# judged as on.
test_require_authentication_false_without_action_is_reported if {
	rule.report == {_finding(
		"requireAuthentication is false: the Function app \"contoso-func\" accepts calls without any token, bypassing APIM; set requireAuthentication to true",
		{"line": 10, "column": 55, "end_line": 10, "end_column": 60},
	)} with input as _auth("authsettingsV2", `{
        "globalValidation": {"requireAuthentication": false}
      }`)
}

test_allow_anonymous_is_reported_at_the_action if {
	rule.report == {_finding(_anonymous_msg, {"line": 11, "column": 92, "end_line": 11, "end_column": 108})} with input as _auth("authsettingsV2", `{
        "platform": {"enabled": true},
        "globalValidation": {"requireAuthentication": true, "unauthenticatedClientAction": "AllowAnonymous"}
      }`)
}

# One finding per config: AllowAnonymous, not also "requireAuthentication is
# not set".
test_allow_anonymous_without_require_authentication_is_reported_once if {
	rule.report == {_finding(_anonymous_msg, {"line": 10, "column": 61, "end_line": 10, "end_column": 77})} with input as _auth("authsettingsV2", `{
        "globalValidation": {"unauthenticatedClientAction": "allowAnonymous"}
      }`)
}

test_require_authentication_not_set_is_reported_at_the_config if {
	rule.report == {_finding(
		"globalValidation.requireAuthentication is not set (false by default): the Function app \"contoso-func\" accepts calls without any token, bypassing APIM; set it to true",
		{"line": 6, "column": 5, "end_line": 10, "end_column": 6},
	)} with input as _auth("authsettingsV2", `{"platform": {"enabled": true}}`)
}

test_legacy_allow_anonymous_is_reported if {
	rule.report == {_finding(
		"unauthenticatedClientAction is 'AllowAnonymous': the Function app \"contoso-func\" accepts calls without any token, bypassing APIM; set it to 'RedirectToLoginPage', or better, use authsettingsV2 with 'Return401'",
		{"line": 11, "column": 40, "end_line": 11, "end_column": 56},
	)} with input as _auth("authsettings", `{
        "enabled": true,
        "unauthenticatedClientAction": "AllowAnonymous",
        "defaultProvider": "AzureActiveDirectory"
      }`)
}

test_required_authentication_passes if {
	count(rule.report) == 0 with input as _auth("authsettingsV2", `{
        "platform": {"enabled": true},
        "globalValidation": {"requireAuthentication": true, "unauthenticatedClientAction": "Return401"}
      }`)
	count(rule.report) == 0 with input as _auth("authsettings", `{"enabled": true, "unauthenticatedClientAction": "RedirectToLoginPage"}`)
}

# A config that is turned off is the fault of easyauth-enabled.
test_disabled_config_passes if {
	count(rule.report) == 0 with input as _auth("authsettingsV2", `{
        "platform": {"enabled": false},
        "globalValidation": {"requireAuthentication": false, "unauthenticatedClientAction": "AllowAnonymous"}
      }`)
	count(rule.report) == 0 with input as _auth("authsettings", `{"enabled": false, "unauthenticatedClientAction": "AllowAnonymous"}`)
}

# Calls without a token get in whether Easy Auth is on or off: an unknown
# platform.enabled does not hide a known requireAuthentication false.
test_unknown_enabled_still_reports_known_settings if {
	rule.report == {_finding(
		"requireAuthentication is false and unauthenticatedClientAction is \"AllowAnonymous\": the Function app \"contoso-func\" accepts calls without any token, bypassing APIM; set requireAuthentication to true",
		{"line": 11, "column": 55, "end_line": 11, "end_column": 60},
	)} with input as _auth("authsettingsV2", `{
        "platform": {"enabled": "[parameters('flag')]"},
        "globalValidation": {"requireAuthentication": false, "unauthenticatedClientAction": "AllowAnonymous"}
      }`)
}

# Values from parameters without a value are unknown: no finding.
test_unknown_values_pass if {
	count(rule.report) == 0 with input as _auth("authsettingsV2", `{
        "platform": {"enabled": true},
        "globalValidation": {"requireAuthentication": "[parameters('flag')]", "unauthenticatedClientAction": "[parameters('action')]"}
      }`)
	count(rule.report) == 0 with input as _auth("authsettings", `{"enabled": true, "unauthenticatedClientAction": "[parameters('action')]"}`)
}
