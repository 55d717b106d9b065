package apimlint.rules["appreg-implicit-grant-disabled_test"]

import data.apimlint.rules["appreg-implicit-grant-disabled"] as rule

_finding(setting, name, kind, loc) := {
	"rule": "appreg-implicit-grant-disabled",
	"severity": "error",
	"message": sprintf("%s is true: app registration %s issues %s tokens through the implicit grant; turn it off", [setting, name, kind]),
	"location": loc,
	"related": [],
}

test_graph_manifest_with_implicit_grant_is_reported if {
	inp := apimlint.estate({"app-registration.json": `{
  "appId": "11111111-1111-1111-1111-111111111111",
  "displayName": "contoso-func-easyauth",
  "web": {
    "redirectUris": [],
    "implicitGrantSettings": {
      "enableIdTokenIssuance": true,
      "enableAccessTokenIssuance": true
    }
  }
}`})
	rule.report == {
		_finding("web.implicitGrantSettings.enableIdTokenIssuance", `"contoso-func-easyauth"`, "ID", {"file": "app-registration.json", "line": 7, "column": 32, "end_line": 7, "end_column": 36}),
		_finding("web.implicitGrantSettings.enableAccessTokenIssuance", `"contoso-func-easyauth"`, "access", {"file": "app-registration.json", "line": 8, "column": 36, "end_line": 8, "end_column": 40}),
	} with input as inp
}

# The legacy Azure AD Graph manifest names the settings differently; an app
# without a display name is named by its appId.
test_legacy_manifest_is_reported_by_app_id if {
	inp := apimlint.estate({"legacy-manifest.json": `{
  "appId": "11111111-1111-1111-1111-111111111111",
  "oauth2AllowIdTokenImplicitFlow": false,
  "oauth2AllowImplicitFlow": true,
  "replyUrlsWithType": []
}`})
	rule.report == {_finding("oauth2AllowImplicitFlow", `"11111111-1111-1111-1111-111111111111"`, "access", {"file": "legacy-manifest.json", "line": 4, "column": 30, "end_line": 4, "end_column": 34})} with input as inp
}

test_implicit_grant_off_or_absent_passes if {
	inp := apimlint.estate({
		"graph.json": `{
  "appId": "11111111-1111-1111-1111-111111111111",
  "displayName": "a",
  "web": {"redirectUris": [], "implicitGrantSettings": {"enableIdTokenIssuance": false, "enableAccessTokenIssuance": false}}
}`,
		"legacy.json": `{"appId": "22222222-2222-2222-2222-222222222222", "displayName": "b", "replyUrlsWithType": []}`,
	})
	count(rule.report) == 0 with input as inp
}

test_unnamed_registration_is_reported if {
	inp := apimlint.estate({"manifest.json": `{"oauth2AllowIdTokenImplicitFlow": true, "replyUrlsWithType": []}`})
	rule.report == {_finding("oauth2AllowIdTokenImplicitFlow", "(unnamed)", "ID", {"file": "manifest.json", "line": 1, "column": 36, "end_line": 1, "end_column": 40})} with input as inp
}

# A setting from a template parameter without a value is unknown: no finding
# for it, while the literal one beside it is judged.
test_unknown_setting_passes if {
	inp := apimlint.estate({"app.json": `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"implicit": {"type": "bool"}},
  "resources": [
    {
      "type": "Microsoft.Graph/applications@v1.0",
      "name": "fn-app",
      "properties": {
        "displayName": "fn-app",
        "uniqueName": "fn-app",
        "web": {
          "implicitGrantSettings": {
            "enableIdTokenIssuance": "[parameters('implicit')]",
            "enableAccessTokenIssuance": true
          }
        }
      }
    }
  ]
}`})
	rule.report == {_finding("web.implicitGrantSettings.enableAccessTokenIssuance", `"fn-app"`, "access", {"file": "app.json", "line": 15, "column": 42, "end_line": 15, "end_column": 46})} with input as inp
}
