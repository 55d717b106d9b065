package apimlint.rules["easyauth-returns-401_test"]

import data.apimlint.rules["easyauth-returns-401"] as rule

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

_v2(require, action) := _auth("authsettingsV2", sprintf(
	`{
        "platform": {"enabled": true},
        "globalValidation": {"requireAuthentication": %s, "unauthenticatedClientAction": %s}
      }`,
	[require, action],
))

_finding(message, loc) := {
	"rule": "easyauth-returns-401",
	"severity": "error",
	"message": message,
	"location": object.union({"file": "auth.json", "line": 11}, loc),
	"related": [],
}

test_redirect_to_login_page_is_reported if {
	rule.report == {_finding(
		"unauthenticatedClientAction is \"RedirectToLoginPage\": unauthenticated calls to the Function app \"contoso-func\" get a 302 to a login page; an API must answer 401: set it to 'Return401'",
		{"column": 92, "end_line": 11, "end_column": 113},
	)} with input as _v2("true", `"RedirectToLoginPage"`)
}

# The Azure CLI spells it RejectWith401; the service does not know it.
test_value_outside_the_enum_is_reported if {
	rule.report == {_finding(
		"unauthenticatedClientAction \"RejectWith401\" is not a valid value (RedirectToLoginPage, AllowAnonymous, Return401, Return403, Return404); use 'Return401'",
		{"column": 92, "end_line": 11, "end_column": 107},
	)} with input as _v2("true", `"RejectWith401"`)
}

# Without an action Easy Auth redirects: reported at requireAuthentication.
test_missing_action_is_reported if {
	rule.report == {_finding(
		"unauthenticatedClientAction is not set: unauthenticated calls to the Function app \"contoso-func\" get the default 302 to a login page; set it to 'Return401'",
		{"line": 10, "column": 55, "end_line": 10, "end_column": 59},
	)} with input as _auth("authsettingsV2", `{
        "globalValidation": {"requireAuthentication": true}
      }`)
}

test_refusing_actions_pass if {
	count(rule.report) == 0 with input as _v2("true", `"Return401"`)
	count(rule.report) == 0 with input as _v2("true", `"Return403"`)
	count(rule.report) == 0 with input as _v2("true", `"return404"`)
}

# AllowAnonymous and requireAuthentication false are the faults of
# easyauth-requires-authentication; a config that is off, of easyauth-enabled;
# the legacy authsettings has no 401 option.
test_faults_of_other_rules_pass if {
	count(rule.report) == 0 with input as _v2("true", `"AllowAnonymous"`)
	count(rule.report) == 0 with input as _v2("false", `"RedirectToLoginPage"`)
	count(rule.report) == 0 with input as _auth("authsettingsV2", `{
        "platform": {"enabled": false},
        "globalValidation": {"requireAuthentication": true, "unauthenticatedClientAction": "RedirectToLoginPage"}
      }`)
	count(rule.report) == 0 with input as _auth("authsettings", `{"enabled": true, "unauthenticatedClientAction": "RedirectToLoginPage"}`)
}

test_unknown_values_pass if {
	count(rule.report) == 0 with input as _v2("true", `"[parameters('action')]"`)
	count(rule.report) == 0 with input as _v2(`"[parameters('flag')]"`, `"RedirectToLoginPage"`)
}
