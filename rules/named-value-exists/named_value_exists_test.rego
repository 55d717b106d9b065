package apimlint.rules["named-value-exists_test"]

import data.apimlint.rules["named-value-exists"] as rule

_region := `{"properties": {"displayName": "region", "secret": false, "value": "westeurope"}}`

test_undeclared_named_value_is_reported if {
	inp := apimlint.estate({
		"named values/region/namedValueInformation.json": _region,
		"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <set-header name="X-Region" exists-action="override">
      <value>{{Region}}</value>
    </set-header>
    <set-backend-service base-url="@("https://" + "{{backend-host}}" + "/api")" />
  </inbound>
</policies>`,
	})
	rule.report == {
		{
			"rule": "named-value-exists",
			"severity": "warning",
			"message": `{{Region}} does not name a named value of this service: declare a named value with display name "Region", or fix the reference`,
			"location": {"file": "apis/shop/policy.xml", "line": 5, "column": 14, "end_line": 5, "end_column": 24},
			"related": [],
		},
		{
			"rule": "named-value-exists",
			"severity": "warning",
			"message": `{{backend-host}} does not name a named value of this service: declare a named value with display name "backend-host", or fix the reference`,
			"location": {"file": "apis/shop/policy.xml", "line": 7, "column": 52, "end_line": 7, "end_column": 68},
			"related": [],
		},
	} with input as inp
}

# {{name}} matches the display name, which may differ from the folder name.
test_declared_display_name_passes if {
	inp := apimlint.estate({
		"named values/region-nv/namedValueInformation.json": _region,
		"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <set-header name="X-Region" exists-action="override">
      <value>{{region}}</value>
    </set-header>
  </inbound>
</policies>`,
	})
	count(rule.report) == 0 with input as inp
}

# Liquid templates use the same braces for their own variables.
test_liquid_body_is_skipped if {
	inp := apimlint.estate({
		"named values/region/namedValueInformation.json": _region,
		"apis/shop/policy.xml": `<policies>
  <outbound>
    <base />
    <set-body template="liquid">{"id": "{{body.id}}", "name": "{{ body.name }}"}</set-body>
  </outbound>
</policies>`,
	})
	count(rule.report) == 0 with input as inp
}

# A policy file that no service holds has no known set of named values.
test_loose_policy_file_passes if {
	inp := apimlint.estate({"policies/shop.xml": `<policies><inbound><set-header name="X-Region"><value>{{region}}</value></set-header></inbound></policies>`})
	count(rule.report) == 0 with input as inp
}

# A display name from a template parameter without a value may be the one a
# reference names: nothing is reported for that service.
test_unknown_display_name_passes if {
	inp := apimlint.estate({"azuredeploy.json": `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"name": {"type": "string"}},
  "resources": [
    {"type": "Microsoft.ApiManagement/service", "name": "contoso-apim"},
    {"type": "Microsoft.ApiManagement/service/namedValues", "name": "contoso-apim/region", "properties": {"displayName": "[parameters('name')]", "value": "westeurope"}},
    {"type": "Microsoft.ApiManagement/service/policies", "name": "contoso-apim/policy", "properties": {
      "format": "rawxml",
      "value": "<policies><inbound><set-header name=\"X-Region\" exists-action=\"override\"><value>{{region-name}}</value></set-header></inbound></policies>"
    }}
  ]
}`})
	count(rule.report) == 0 with input as inp
}
