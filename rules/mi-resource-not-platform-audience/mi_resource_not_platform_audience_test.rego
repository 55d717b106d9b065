package apimlint.rules["mi-resource-not-platform-audience_test"]

import data.apimlint.rules["mi-resource-not-platform-audience"] as rule

# _estate: APIM's API calls the site contoso-func with a managed-identity
# token for resource; auth is the site's Easy Auth config in Bicep (from line
# 35 of main.bicep), or "" for none.
_estate(resource, auth) := apimlint.estate({
	"main.bicep": sprintf(
		`param audience string

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
%s`,
		[auth],
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
})

_auth(validation) := sprintf(
	`
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
)

_arm_audiences := `
        validation: {
          allowedAudiences: ['https://management.azure.com/']
        }`

_finding(resource, end, related) := {
	"rule": "mi-resource-not-platform-audience",
	"severity": "warning",
	"message": sprintf("resource %q is a shared platform audience: any identity in the tenant can obtain a token for it, so the Function app \"contoso-func\" cannot tell APIM from other callers; use the Function's own app registration (Easy Auth client ID)", [resource]),
	"location": {"file": "policy.xml", "line": 4, "column": 48, "end_line": 4, "end_column": end},
	"related": [related],
}

# The anti-pattern of a public sample: the ARM audience, accepted through
# allowedAudiences; the finding points at them.
test_arm_audience_is_reported if {
	rule.report == {_finding("https://management.azure.com/", 77, {
		"location": {"file": "main.bicep", "line": 45, "column": 29, "end_line": 45, "end_column": 62},
		"message": "Easy Auth of the Function app",
	})} with input as _estate(`"https://management.azure.com/"`, _auth(_arm_audiences))
}

# Without allowedAudiences the related place is the Easy Auth config.
test_graph_audience_is_reported if {
	rule.report == {_finding("HTTPS://graph.microsoft.com", 75, {
		"location": {"file": "main.bicep", "line": 35, "column": 1, "end_line": 47, "end_column": 2},
		"message": "Easy Auth of the Function app",
	})} with input as _estate(`"HTTPS://graph.microsoft.com"`, _auth(""))
}

test_own_app_registration_passes if {
	count(rule.report) == 0 with input as _estate(`"11111111-1111-1111-1111-111111111111"`, _auth(""))
	count(rule.report) == 0 with input as _estate(`"api://contoso-func"`, _auth(""))
}

# A site without Easy Auth in the estate is the concern of easyauth-enabled.
test_function_without_easy_auth_passes if {
	count(rule.report) == 0 with input as _estate(`"https://management.azure.com/"`, "")
}

test_expression_and_named_value_pass if {
	count(rule.report) == 0 with input as _estate(`"@((string)context.Variables[&quot;aud&quot;])"`, _auth(""))
	count(rule.report) == 0 with input as _estate(`"{{function-audience}}"`, _auth(""))
}
