package apimlint.rules["appreg-no-redirect-uris_test"]

import data.apimlint.rules["appreg-no-redirect-uris"] as rule

# A backend entity of APIM calls contoso-func, whose Easy Auth uses the app
# registration with client ID 1111...
_estate(manifest) := apimlint.estate({
	"backends/orders/backendInformation.json": `{"properties": {"url": "https://contoso-func.azurewebsites.net/api", "protocol": "http"}}`,
	"auth.json": `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Web/sites/config",
      "name": "contoso-func/authsettingsV2",
      "properties": {
        "platform": {"enabled": true},
        "identityProviders": {"azureActiveDirectory": {"registration": {"clientId": "11111111-1111-1111-1111-111111111111"}}}
      }
    }
  ]
}`,
	"app.json": manifest,
})

_finding(n, loc) := {
	"rule": "appreg-no-redirect-uris",
	"severity": "warning",
	"message": sprintf("the app registration of the Easy Auth of Function app \"contoso-func\" has %d redirect URI(s), starting with \"https://contoso-func.azurewebsites.net/.auth/login/aad/callback\": an app that only accepts APIM's tokens needs none; remove them", [n]),
	"location": object.union({"file": "app.json"}, loc),
	"related": [],
}

test_redirect_uris_of_every_kind_are_counted if {
	rule.report == {_finding(3, {"line": 5, "column": 22, "end_line": 5, "end_column": 87})} with input as _estate(`{
  "appId": "11111111-1111-1111-1111-111111111111",
  "displayName": "contoso-func",
  "web": {
    "redirectUris": ["https://contoso-func.azurewebsites.net/.auth/login/aad/callback"],
    "implicitGrantSettings": {"enableIdTokenIssuance": false, "enableAccessTokenIssuance": false}
  },
  "spa": {"redirectUris": ["https://app.contoso.com"]},
  "publicClient": {"redirectUris": ["http://localhost"]}
}`)
}

test_legacy_reply_urls_are_reported if {
	rule.report == {_finding(1, {"line": 4, "column": 13, "end_line": 4, "end_column": 78})} with input as _estate(`{
  "appId": "11111111-1111-1111-1111-111111111111",
  "replyUrlsWithType": [
    {"url": "https://contoso-func.azurewebsites.net/.auth/login/aad/callback", "type": "Web"}
  ]
}`)
}

test_no_redirect_uris_pass if {
	count(rule.report) == 0 with input as _estate(`{
  "appId": "11111111-1111-1111-1111-111111111111",
  "web": {"redirectUris": [], "implicitGrantSettings": {"enableIdTokenIssuance": false}},
  "spa": {"redirectUris": []}
}`)
}

# Only the registration behind the Easy Auth of a Function that APIM calls
# is judged.
test_other_registrations_pass if {
	count(rule.report) == 0 with input as _estate(`{
  "appId": "22222222-2222-2222-2222-222222222222",
  "web": {"redirectUris": ["https://portal.contoso.com/signin"], "implicitGrantSettings": {}}
}`)
}

# A URI built from a parameter without a value is unknown and not counted.
test_unknown_redirect_uri_passes if {
	count(rule.report) == 0 with input as _estate(`{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"host": {"type": "string"}},
  "resources": [
    {
      "type": "Microsoft.Graph/applications@v1.0",
      "name": "contoso-func",
      "properties": {
        "appId": "11111111-1111-1111-1111-111111111111",
        "uniqueName": "contoso-func",
        "web": {"redirectUris": ["[format('https://{0}/.auth/login/aad/callback', parameters('host'))]"]}
      }
    }
  ]
}`)
}
