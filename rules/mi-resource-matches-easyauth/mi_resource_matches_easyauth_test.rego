package apimlint.rules["mi-resource-matches-easyauth_test"]

import data.apimlint.rules["mi-resource-matches-easyauth"] as rule

# _estate: APIM's API calls contoso-func with a managed-identity token for
# resource; the Function's Easy Auth (client ID 1111..., on line 42 of
# main.bicep) has the given validation block. app is the registration's
# manifest, or "" for none.
_estate(resource, validation, app) := apimlint.estate(object.union(
	{
		"main.bicep": sprintf(
			`param clientId string

resource apim 'Microsoft.ApiManagement/service@2023-05-01-preview' = {
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
    serviceUrl: 'https://contoso-func.azurewebsites.net/api'
  }
}

resource apiPolicy 'Microsoft.ApiManagement/service/apis/policies@2023-05-01-preview' = {
  parent: api
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: loadTextContent('policy.xml')
  }
}

resource func 'Microsoft.Web/sites@2023-12-01' = {
  name: 'contoso-func'
  location: 'westeurope'
  kind: 'functionapp'
}

resource auth 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: func
  name: 'authsettingsV2'
  properties: {
    identityProviders: {
      azureActiveDirectory: {
        registration: {
          clientId: '11111111-1111-1111-1111-111111111111'
        }%s
      }
    }
  }
}
`,
			[validation],
		),
		"policy.xml": sprintf(
			`<policies>
  <inbound>
    <base />
    <authentication-managed-identity resource=%s />
  </inbound>
</policies>`,
			[resource],
		),
	},
	_app(app),
))

_app("") := {}

_app(manifest) := {"app.json": manifest} if manifest != ""

_audiences(list) := sprintf(
	`
        validation: {
          allowedAudiences: %s
        }`,
	[list],
)

_manifest(uris) := sprintf(
	`{
  "appId": "11111111-1111-1111-1111-111111111111",
  "displayName": "contoso-func",
  "identifierUris": %s,
  "web": {"redirectUris": [], "implicitGrantSettings": {}}
}`,
	[uris],
)

_client_id := {"location": {"file": "main.bicep", "line": 42, "column": 21, "end_line": 42, "end_column": 59}, "message": "Easy Auth client ID"}

_audiences_rel := {"location": {"file": "main.bicep", "line": 45, "column": 29, "end_line": 45, "end_column": 31}, "message": "allowedAudiences"}

_uris_rel := {"location": {"file": "app.json", "line": 4, "column": 21, "end_line": 4, "end_column": 23}, "message": "identifierUris of the app registration"}

_finding(message, end, related) := {
	"rule": "mi-resource-matches-easyauth",
	"severity": "error",
	"message": message,
	"location": {"file": "policy.xml", "line": 4, "column": 48, "end_line": 4, "end_column": end},
	"related": related,
}

# The Application ID URI is neither accepted by Easy Auth nor registered.
test_unregistered_uri_is_reported if {
	rule.report == {_finding(
		"resource \"api://11111111-1111-1111-1111-111111111111\" is neither the Easy Auth client ID (11111111-1111-1111-1111-111111111111), nor in allowedAudiences (empty), nor an identifierUri of the app registration (identifierUris empty): Entra refuses the token request (AADSTS500011) and APIM answers 500; set resource to the client ID",
		90,
		[_client_id, _audiences_rel, _uris_rel],
	)} with input as _estate(`"api://11111111-1111-1111-1111-111111111111"`, _audiences("[]"), _manifest("[]"))
}

# Without allowedAudiences only the client ID is accepted; with the
# registration outside the estate the token may be issued, and Easy Auth
# rejects it.
test_uri_not_in_absent_audiences_is_reported if {
	rule.report == {_finding(
		"resource \"api://contoso-func\" is neither the Easy Auth client ID (11111111-1111-1111-1111-111111111111) nor in allowedAudiences (empty): Easy Auth of the Function app \"contoso-func\" rejects the token (401); set resource to the client ID",
		66,
		[_client_id],
	)} with input as _estate(`"api://contoso-func"`, "", "")
}

test_listed_but_unregistered_uri_is_reported if {
	rule.report == {_finding(
		"resource \"api://contoso-func\" is in allowedAudiences but not an identifierUri of the app registration (identifierUris api://other): Entra refuses the token request (AADSTS500011) and APIM answers 500; set resource to the client ID (11111111-1111-1111-1111-111111111111), or register the URI",
		66,
		[
			_client_id,
			object.union(_audiences_rel, {"location": {"end_column": 51}}),
			object.union(_uris_rel, {"location": {"end_column": 36}}),
		],
	)} with input as _estate(`"api://contoso-func"`, _audiences("['api://contoso-func']"), _manifest(`["api://other"]`))
}

test_client_id_passes if {
	count(rule.report) == 0 with input as _estate(`"11111111-1111-1111-1111-111111111111"`, "", "")
	count(rule.report) == 0 with input as _estate(`"11111111-1111-1111-1111-111111111111"`, _audiences("[]"), _manifest("[]"))
}

test_listed_and_registered_uri_passes if {
	count(rule.report) == 0 with input as _estate(`"api://contoso-func/"`, _audiences("['api://contoso-func']"), _manifest(`["api://contoso-func"]`))
	count(rule.report) == 0 with input as _estate(`"api://contoso-func"`, _audiences("['api://contoso-func']"), "")
}

# Platform audiences are the concern of mi-resource-not-platform-audience.
test_platform_audience_passes if {
	count(rule.report) == 0 with input as _estate(`"https://management.azure.com/"`, "", "")
}

# Expressions, named values, a client ID or an audience from a parameter
# without a value are unknown: no finding.
test_unknown_values_pass if {
	count(rule.report) == 0 with input as _estate(`"@((string)context.Variables[&quot;aud&quot;])"`, "", "")
	count(rule.report) == 0 with input as _estate(`"{{function-audience}}"`, "", "")
	count(rule.report) == 0 with input as _estate(`"api://contoso-func"`, _audiences("[clientId]"), "")
	count(rule.report) == 0 with input as _estate(`"api://contoso-func"`, _audiences("clientId"), "")
}

test_extra_audience_from_the_configuration_passes if {
	count(rule.report) == 0 with input as _estate(`"api://contoso-func"`, "", "")
		with data.apimlint.config as {"rules": {"mi-resource-matches-easyauth": {"params": {"extra-audiences": ["API://contoso-func/"]}}}}
}

test_other_extra_audience_still_reports if {
	count(rule.report) == 1 with input as _estate(`"api://contoso-func"`, "", "")
		with data.apimlint.config as {"rules": {"mi-resource-matches-easyauth": {"params": {"extra-audiences": ["api://other"]}}}}
}
