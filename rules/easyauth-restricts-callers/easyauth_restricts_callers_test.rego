package apimlint.rules["easyauth-restricts-callers_test"]

import data.apimlint.rules["easyauth-restricts-callers"] as rule

# _auth is an ARM template holding one Easy Auth config of contoso-func; the
# Entra provider's registration is on line 13 and its validation on line 14.
_auth(enabled, validation) := apimlint.estate({"auth.json": sprintf(
	`{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"callers": {"type": "array"}},
  "resources": [
    {
      "type": "Microsoft.Web/sites/config",
      "name": "contoso-func/authsettingsV2",
      "properties": {
        "platform": {"enabled": %s},
        "identityProviders": {
          "azureActiveDirectory": {
            "registration": {"clientId": "11111111-1111-1111-1111-111111111111"},
            "validation": %s
          }
        }
      }
    }
  ]
}`,
	[enabled, validation],
)})

_finding := {
	"rule": "easyauth-restricts-callers",
	"severity": "warning",
	"message": "Easy Auth of the Function app \"contoso-func\" lets in any app of the tenant that obtains a token for its audience: no allowed applications, principals or client applications; allow only APIM's managed identity",
	"location": {"file": "auth.json", "line": 13, "column": 42, "end_line": 13, "end_column": 80},
	"related": [],
}

test_no_restriction_is_reported_at_the_client_id if {
	rule.report == {_finding} with input as _auth("true", `{"allowedAudiences": ["api://contoso-func"]}`)
}

test_empty_lists_are_reported if {
	rule.report == {_finding} with input as _auth("true", `{
              "jwtClaimChecks": {"allowedClientApplications": []},
              "defaultAuthorizationPolicy": {"allowedApplications": [], "allowedPrincipals": {"identities": []}}
            }`)
}

test_any_allow_list_passes if {
	count(rule.report) == 0 with input as _auth("true", `{"defaultAuthorizationPolicy": {"allowedApplications": ["22222222-2222-2222-2222-222222222222"]}}`)
	count(rule.report) == 0 with input as _auth("true", `{"jwtClaimChecks": {"allowedClientApplications": ["22222222-2222-2222-2222-222222222222"]}}`)
	count(rule.report) == 0 with input as _auth("true", `{"defaultAuthorizationPolicy": {"allowedPrincipals": {"identities": ["33333333-3333-3333-3333-333333333333"]}}}`)
}

# APIM's principal ID is only known after deployment; the reference still
# restricts callers. So does a list from a parameter without a value.
test_unknown_entries_count_as_restrictions if {
	count(rule.report) == 0 with input as _auth("true", `{"defaultAuthorizationPolicy": {"allowedPrincipals": {"identities": [
              "[reference(resourceId('Microsoft.ApiManagement/service', 'contoso-apim'), '2022-08-01', 'full').identity.principalId]"
            ]}}}`)
	count(rule.report) == 0 with input as _auth("true", `{"defaultAuthorizationPolicy": {"allowedApplications": "[parameters('callers')]"}}`)
}

# A config that is off is the fault of easyauth-enabled.
test_disabled_config_passes if {
	count(rule.report) == 0 with input as _auth("false", `{}`)
}
