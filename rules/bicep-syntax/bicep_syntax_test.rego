package apimlint.rules["bicep-syntax_test"]

import data.apimlint.rules["bicep-syntax"] as rule

test_syntax_error_is_an_error if {
	inp := apimlint.estate({"main.bicep": `param location string = 'westeurope'

resource apim 'Microsoft.ApiManagement/service@2022-08-01' = {
  name: 'contoso-apim'
  location: location
  sku: {
    name: 'Developer'
    capacity: 1 2
  }
}
`})
	rule.report == {{
		"rule": "bicep-syntax",
		"severity": "error",
		"message": "expected ',' or newline, found 2",
		"location": {"file": "main.bicep", "line": 8, "column": 17, "end_line": 8, "end_column": 18},
		"related": [],
	}} with input as inp
}

test_undeclared_name_is_a_warning if {
	inp := apimlint.estate({"main.bicep": `resource apim 'Microsoft.ApiManagement/service@2022-08-01' = {
  name: apimName
}
`})
	rule.report == {{
		"rule": "bicep-syntax",
		"severity": "warning",
		"message": "apimName is not declared",
		"location": {"file": "main.bicep", "line": 2, "column": 9, "end_line": 2, "end_column": 17},
		"related": [],
	}} with input as inp
}

test_registry_module_is_a_note if {
	inp := apimlint.estate({"main.bicep": `module apim 'br/public:avm/res/api-management/service:0.9.0' = {
  name: 'apim'
}
`})
	rule.report == {{
		"rule": "bicep-syntax",
		"severity": "note",
		"message": "module br/public:avm/res/api-management/service:0.9.0 comes from a registry; apimlint does not fetch it, so its resources are not checked",
		"location": {"file": "main.bicep", "line": 1, "column": 13, "end_line": 1, "end_column": 61},
		"related": [],
	}} with input as inp
}

test_valid_bicep_passes if {
	inp := apimlint.estate({"main.bicep": `param location string = resourceGroup().location
var names = [for i in range(0, 2): 'api-${i}']

resource apim 'Microsoft.ApiManagement/service@2022-08-01' = {
  name: 'contoso-apim'
  location: location
  sku: { name: 'Developer', capacity: 1 }
}

resource apis 'Microsoft.ApiManagement/service/apis@2022-08-01' = [for n in names: {
  parent: apim
  name: n
  properties: {
    path: n
  }
}]
`})
	count(rule.report) == 0 with input as inp
}
