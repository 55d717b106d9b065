package apimlint.rules["arm-template_test"]

import data.apimlint.rules["arm-template"] as rule

test_undeclared_parameter_is_reported_at_its_name if {
	inp := apimlint.estate({"azuredeploy.json": `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.ApiManagement/service",
      "apiVersion": "2022-08-01",
      "name": "[parameters('apimName')]"
    }
  ]
}`})
	rule.report == {{
		"rule": "arm-template",
		"severity": "error",
		"message": `no parameter named "apimName" is declared`,
		"location": {"file": "azuredeploy.json", "line": 8, "column": 28, "end_line": 8, "end_column": 38},
		"related": [],
	}} with input as inp
}

test_resource_without_type_is_reported if {
	inp := apimlint.estate({"azuredeploy.json": `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [
    {"name": "x"}
  ]
}`})
	rule.report == {{
		"rule": "arm-template",
		"severity": "error",
		"message": "a resource needs a type",
		"location": {"file": "azuredeploy.json", "line": 4, "column": 5, "end_line": 4, "end_column": 18},
		"related": [],
	}} with input as inp
}

test_valid_template_passes if {
	inp := apimlint.estate({"azuredeploy.json": `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": {"apimName": {"type": "string"}},
  "resources": [
    {"type": "Microsoft.ApiManagement/service", "apiVersion": "2022-08-01", "name": "[parameters('apimName')]"}
  ]
}`})
	count(rule.report) == 0 with input as inp
}
