package apimlint.rules["easyauth-enabled_test"]

import data.apimlint.rules["easyauth-enabled"] as rule

# _main declares APIM with an API whose serviceUrl is the Function app
# contoso-func, and whose policy obtains a managed-identity token.
_main(url) := sprintf(
	`resource apim 'Microsoft.ApiManagement/service@2023-05-01-preview' = {
  name: 'contoso-apim'
  location: 'westeurope'
  identity: {
    type: 'SystemAssigned'
  }
}

resource api 'Microsoft.ApiManagement/service/apis@2023-05-01-preview' = {
  parent: apim
  name: 'orders'
  properties: {
    path: 'orders'
    serviceUrl: '%s'
  }
}

resource apiPolicy 'Microsoft.ApiManagement/service/apis/policies@2023-05-01-preview' = {
  parent: api
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: '<policies><inbound><base /><authentication-managed-identity resource="11111111-1111-1111-1111-111111111111" /></inbound></policies>'
  }
}

resource func 'Microsoft.Web/sites@2023-12-01' = {
  name: 'contoso-func'
  location: 'westeurope'
  kind: 'functionapp'
}
`,
	[url],
)

_calls_func := _main("https://contoso-func.azurewebsites.net/api")

# _auth is an ARM template holding one Easy Auth config of contoso-func; its
# properties start on line 9.
_auth(name, props) := sprintf(
	`{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"flag": {"type": "bool"}},
  "resources": [
    {
      "type": "Microsoft.Web/sites/config",
      "name": "contoso-func/%s",
      "properties": %s
    }
  ]
}`,
	[name, props],
)

_finding(message, loc) := _finding_from(message, loc, [_api_calls])

# _api_calls is the related place of findings on contoso-func in _main: the
# serviceUrl that sends the API's requests to it.
_api_calls := {
	"location": {"file": "main.bicep", "line": 14, "column": 17, "end_line": 14, "end_column": 61},
	"message": "API \"orders\" sends its requests to it",
}

_finding_from(message, loc, related) := {
	"rule": "easyauth-enabled",
	"severity": "error",
	"message": message,
	"location": object.union({"file": "auth.json"}, loc),
	"related": related,
}

test_platform_disabled_is_reported if {
	inp := apimlint.estate({"main.bicep": _calls_func, "auth.json": _auth("authsettingsV2", `{
        "platform": {"enabled": false}
      }`)})
	rule.report == {_finding(
		"Easy Auth of the Function app \"contoso-func\", which APIM calls, is turned off (platform.enabled is false): the Function does not check who calls it; set it to true",
		{"line": 10, "column": 33, "end_line": 10, "end_column": 38},
	)} with input as inp
}

test_legacy_disabled_is_reported if {
	inp := apimlint.estate({"main.bicep": _calls_func, "auth.json": _auth("authsettings", `{"enabled": false}`)})
	rule.report == {_finding(
		"Easy Auth of the Function app \"contoso-func\", which APIM calls, is turned off (enabled is false): the Function does not check who calls it; set it to true",
		{"line": 9, "column": 33, "end_line": 9, "end_column": 38},
	)} with input as inp
}

test_entra_provider_disabled_is_reported if {
	inp := apimlint.estate({"main.bicep": _calls_func, "auth.json": _auth("authsettingsV2", `{
        "platform": {"enabled": true},
        "identityProviders": {"azureActiveDirectory": {"enabled": false, "registration": {"clientId": "11111111-1111-1111-1111-111111111111"}}}
      }`)})
	rule.report == {_finding(
		"the Microsoft Entra provider of the Function app \"contoso-func\", which APIM calls, is turned off: APIM's managed-identity token is not checked; enable it",
		{"line": 11, "column": 67, "end_line": 11, "end_column": 72},
	)} with input as inp
}

test_missing_client_id_is_reported_at_the_config if {
	inp := apimlint.estate({"main.bicep": _calls_func, "auth.json": _auth("authsettingsV2", `{
        "platform": {"enabled": true},
        "identityProviders": {"azureActiveDirectory": {"enabled": true}}
      }`)})
	rule.report == {_finding(
		"Easy Auth of the Function app \"contoso-func\", which APIM calls, has no Microsoft Entra client ID (identityProviders.azureActiveDirectory.registration.clientId): no token can be validated; set it to the client ID of the Function's app registration",
		{"line": 6, "column": 5, "end_line": 13, "end_column": 6},
	)} with input as inp
}

test_function_without_easy_auth_is_reported_at_the_site if {
	inp := apimlint.estate({"main.bicep": _calls_func})
	rule.report == {{
		"rule": "easyauth-enabled",
		"severity": "error",
		"message": "the Function app \"contoso-func\" is called with a managed-identity token but has no Easy Auth configuration (authsettingsV2) in the checked files: the token is never checked; add one with the Microsoft Entra provider",
		"location": {"file": "main.bicep", "line": 27, "column": 1, "end_line": 31, "end_column": 2},
		"related": [_api_calls],
	}} with input as inp
}

# A backend entity that points at the site makes it a site APIM targets.
test_site_targeted_by_a_backend_is_judged if {
	inp := apimlint.estate({
		"backends/orders/backendInformation.json": `{"properties": {"url": "https://contoso-func.azurewebsites.net/api", "protocol": "http"}}`,
		"auth.json": _auth("authsettingsV2", `{
        "platform": {"enabled": false}
      }`),
	})
	rule.report == {_finding_from(
		"Easy Auth of the Function app \"contoso-func\", which APIM calls, is turned off (platform.enabled is false): the Function does not check who calls it; set it to true",
		{"line": 10, "column": 33, "end_line": 10, "end_column": 38},
		[{
			"location": {"file": "backends/orders/backendInformation.json", "line": 1, "column": 1, "end_line": 1, "end_column": 1},
			"message": "backend \"orders\" points to it",
		}],
	)} with input as inp
}

test_enabled_config_passes if {
	inp := apimlint.estate({"main.bicep": _calls_func, "auth.json": _auth("authsettingsV2", `{
        "platform": {"enabled": true},
        "identityProviders": {"azureActiveDirectory": {"registration": {"clientId": "11111111-1111-1111-1111-111111111111"}}}
      }`)})
	count(rule.report) == 0 with input as inp
}

# Only sites that APIM calls are judged; a site only referenced as existing
# may have its Easy Auth configured elsewhere.
test_sites_apim_does_not_call_pass if {
	inp := apimlint.estate({"main.bicep": _main("https://other.example.com/api"), "auth.json": _auth("authsettingsV2", `{
        "platform": {"enabled": false}
      }`)})
	count(rule.report) == 0 with input as inp
	count(rule.report) == 0 with input as apimlint.estate({"main.bicep": replace(_calls_func, "= {\n  name: 'contoso-func'\n  location: 'westeurope'\n  kind: 'functionapp'\n}", "existing = {\n  name: 'contoso-func'\n}")})
}

test_unknown_values_pass if {
	inp := apimlint.estate({"main.bicep": _calls_func, "auth.json": _auth("authsettingsV2", `{
        "platform": {"enabled": "[parameters('flag')]"},
        "identityProviders": {"azureActiveDirectory": {"enabled": "[parameters('flag')]", "registration": {"clientId": "[parameters('flag')]"}}}
      }`)})
	count(rule.report) == 0 with input as inp
}
