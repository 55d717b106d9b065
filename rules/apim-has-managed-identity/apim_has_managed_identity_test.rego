package apimlint.rules["apim-has-managed-identity_test"]

import data.apimlint.rules["apim-has-managed-identity"] as rule

# _estate declares APIM last in main.bicep (from line 21), so that its
# identity block moves nothing else; the API policy is policy.xml.
_estate(identity) := apimlint.estate({
	"main.bicep": sprintf(
		`param identityType string

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

resource apim 'Microsoft.ApiManagement/service@2023-05-01-preview' = {
  name: 'contoso-apim'
  location: 'westeurope'%s
}
`,
		[identity],
	),
	"policy.xml": `<policies>
  <inbound>
    <base />
    <authentication-managed-identity resource="11111111-1111-1111-1111-111111111111" />
    <authentication-managed-identity resource="api://audit" client-id="22222222-2222-2222-2222-222222222222" />
    <authentication-managed-identity resource="api://other" />
  </inbound>
</policies>`,
})

_identity(type) := sprintf(
	`
  identity: {
    type: %s
  }`,
	[type],
)

_system(loc) := {
	"rule": "apim-has-managed-identity",
	"severity": "error",
	"message": "APIM service \"contoso-apim\" has no system-assigned managed identity, but policy.xml:4 uses authentication-managed-identity without client-id: every token request fails (500); add the SystemAssigned identity, or set client-id to a user-assigned identity of the service",
	"location": object.union({"file": "main.bicep"}, loc),
	"related": [{
		"location": {"file": "policy.xml", "line": 4, "column": 5, "end_line": 4, "end_column": 88},
		"message": "authentication-managed-identity without client-id",
	}],
}

_user(loc) := {
	"rule": "apim-has-managed-identity",
	"severity": "error",
	"message": "APIM service \"contoso-apim\" has no user-assigned managed identity, but policy.xml:5 uses authentication-managed-identity with client-id \"22222222-2222-2222-2222-222222222222\": every token request fails (500); assign that user-assigned identity to the service",
	"location": object.union({"file": "main.bicep"}, loc),
	"related": [{
		"location": {"file": "policy.xml", "line": 5, "column": 5, "end_line": 5, "end_column": 112},
		"message": "authentication-managed-identity with client-id",
	}],
}

# Without an identity block, each kind of use is reported once, at the
# service, naming its first statement.
test_service_without_identity_is_reported if {
	loc := {"line": 21, "column": 1, "end_line": 24, "end_column": 2}
	rule.report == {_system(loc), _user(loc)} with input as _estate("")
}

test_user_assigned_only_is_reported_for_the_system_identity if {
	rule.report == {_system({"line": 25, "column": 11, "end_line": 25, "end_column": 25})} with input as _estate(`
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${uami.id}': {}
    }
  }`)
}

test_system_assigned_only_is_reported_for_client_id if {
	rule.report == {_user({"line": 25, "column": 11, "end_line": 25, "end_column": 27})} with input as _estate(_identity("'SystemAssigned'"))
}

test_type_none_is_reported if {
	loc := {"line": 25, "column": 11, "end_line": 25, "end_column": 17}
	rule.report == {_system(loc), _user(loc)} with input as _estate(_identity("'None'"))
}

test_both_identities_pass if {
	count(rule.report) == 0 with input as _estate(_identity("'SystemAssigned, UserAssigned'"))
}

# An identity type from a parameter without a value is unknown.
test_unknown_identity_type_passes if {
	count(rule.report) == 0 with input as _estate(_identity("identityType"))
}

# The identity of a service the estate only references, or one extracted by
# APIOps (whose files hold no identity), is not stated here.
test_service_without_stated_identity_passes if {
	count(rule.report) == 0 with input as apimlint.estate({"apis/orders/policy.xml": `<policies>
  <inbound>
    <base />
    <authentication-managed-identity resource="11111111-1111-1111-1111-111111111111" />
  </inbound>
</policies>`})
	count(rule.report) == 0 with input as apimlint.estate({
		"main.bicep": `resource apim 'Microsoft.ApiManagement/service@2023-05-01-preview' existing = {
  name: 'contoso-apim'
}

resource policy 'Microsoft.ApiManagement/service/policies@2023-05-01-preview' = {
  parent: apim
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: '<policies><inbound><authentication-managed-identity resource="api://x" /></inbound></policies>'
  }
}
`,
	})
}
