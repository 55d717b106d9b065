package apimlint.rules["easyauth-restricts-callers_test"]

import data.apimlint.rules["easyauth-restricts-callers"] as rule

_site := `
resource func 'Microsoft.Web/sites@2022-03-01' existing = {
  name: 'contoso-func'
}
`

_auth(validation) := sprintf(`
resource funcAuth 'Microsoft.Web/sites/config@2022-03-01' = {
  parent: func
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: '11111111-1111-1111-1111-111111111111'
        }
        validation: %s
      }
    }
  }
}
`, [validation])

test_only_allowed_principals_restricts if {
	inp := apimlint.estate({"main.bicep": concat("", [
		`
resource apim 'Microsoft.ApiManagement/service@2022-08-01' = {
  name: 'contoso-apim'
  identity: {
    type: 'SystemAssigned'
  }
}
`,
		_site,
		_auth(`{
          defaultAuthorizationPolicy: {
            allowedPrincipals: {
              identities: [
                apim.identity.principalId
              ]
            }
          }
        }`),
	])})
	count(rule.report) == 0 with input as inp
}

test_no_restriction_is_reported if {
	inp := apimlint.estate({"main.bicep": concat("", [_site, _auth(`{
          allowedAudiences: []
        }`)])})
	rule.report == {{
		"rule": "easyauth-restricts-callers",
		"severity": "warning",
		"message": "Easy Auth of the Function app \"contoso-func\" lets in any app of the tenant that obtains a token for its audience: no allowed applications, principals or client applications; allow only APIM's managed identity",
		"location": {"file": "main.bicep", "line": 17, "column": 21, "end_line": 17, "end_column": 59},
		"related": [],
	}} with input as inp
}
