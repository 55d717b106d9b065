package apimlint.rules["backend-https_test"]

import data.apimlint.rules["backend-https"] as rule

test_http_backend_url_is_reported if {
	inp := apimlint.estate({"backends/orders/backendInformation.json": `{
  "properties": {
    "url": "http://orders-func.azurewebsites.net/api",
    "protocol": "http"
  }
}`})
	rule.report == {{
		"rule": "backend-https",
		"severity": "error",
		"message": `backend "orders" has url "http://orders-func.azurewebsites.net/api": requests and their credentials travel in clear text; use https://`,
		"location": {"file": "backends/orders/backendInformation.json", "line": 3, "column": 12, "end_line": 3, "end_column": 54},
		"related": [],
	}} with input as inp
}

test_http_service_url_is_reported_in_any_case if {
	inp := apimlint.estate({"apis/shop/apiInformation.json": `{
  "properties": {
    "displayName": "Shop",
    "path": "shop",
    "serviceUrl": "HTTP://shop-func.azurewebsites.net/api"
  }
}`})
	rule.report == {{
		"rule": "backend-https",
		"severity": "error",
		"message": `API "shop" has serviceUrl "HTTP://shop-func.azurewebsites.net/api": requests and their credentials travel in clear text; use https://`,
		"location": {"file": "apis/shop/apiInformation.json", "line": 5, "column": 19, "end_line": 5, "end_column": 59},
		"related": [],
	}} with input as inp
}

# The backend's protocol property names the kind of backend (http or soap),
# not the scheme: only the address is judged.
test_https_addresses_pass if {
	inp := apimlint.estate({
		"backends/orders/backendInformation.json": `{"properties": {"url": "https://orders-func.azurewebsites.net/api", "protocol": "http"}}`,
		"apis/shop/apiInformation.json": `{"properties": {"displayName": "Shop", "path": "shop", "serviceUrl": "https://shop-func.azurewebsites.net/api"}}`,
		"apis/bare/apiInformation.json": `{"properties": {"displayName": "Bare", "path": "bare"}}`,
	})
	count(rule.report) == 0 with input as inp
}

# An address held in a named value is not known here.
test_named_value_address_passes if {
	inp := apimlint.estate({"backends/orders/backendInformation.json": `{"properties": {"url": "{{orders-url}}", "protocol": "http"}}`})
	count(rule.report) == 0 with input as inp
}

# Addresses from template parameters without a value are unknown.
test_unknown_addresses_pass if {
	inp := apimlint.estate({"azuredeploy.json": `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"url": {"type": "string"}},
  "resources": [
    {"type": "Microsoft.ApiManagement/service", "name": "contoso-apim"},
    {"type": "Microsoft.ApiManagement/service/apis", "name": "contoso-apim/orders", "properties": {"path": "orders", "serviceUrl": "[parameters('url')]"}},
    {"type": "Microsoft.ApiManagement/service/backends", "name": "contoso-apim/orders", "properties": {"url": "[parameters('url')]", "protocol": "http"}}
  ]
}`})
	count(rule.report) == 0 with input as inp
}
