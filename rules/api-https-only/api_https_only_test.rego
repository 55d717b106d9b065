package apimlint.rules["api-https-only_test"]

import data.apimlint.rules["api-https-only"] as rule

test_http_protocol_is_reported if {
	inp := apimlint.estate({"apis/shop/apiInformation.json": `{
  "properties": {
    "displayName": "Shop",
    "path": "shop",
    "protocols": ["https", "HTTP"]
  }
}`})
	rule.report == {{
		"rule": "api-https-only",
		"severity": "warning",
		"message": "API \"shop\" accepts http: calls, subscription keys and tokens travel in clear text; set protocols to ['https']",
		"location": {"file": "apis/shop/apiInformation.json", "line": 5, "column": 18, "end_line": 5, "end_column": 35},
		"related": [],
	}} with input as inp
}

test_https_only_passes if {
	inp := apimlint.estate({
		"apis/shop/apiInformation.json": `{"properties": {"displayName": "Shop", "path": "shop", "protocols": ["https"]}}`,
		"apis/ws/apiInformation.json": `{"properties": {"displayName": "Chat", "path": "chat", "type": "websocket", "protocols": ["wss"]}}`,
		"apis/bare/apiInformation.json": `{"properties": {"displayName": "Bare", "path": "bare"}}`,
	})
	count(rule.report) == 0 with input as inp
}

# A protocol from a template parameter without a value is unknown; the known
# entries beside it are still judged.
test_unknown_protocols_are_skipped if {
	inp := apimlint.estate({"azuredeploy.json": `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"protocol": {"type": "string"}, "protocols": {"type": "array"}},
  "resources": [
    {"type": "Microsoft.ApiManagement/service", "name": "contoso-apim"},
    {"type": "Microsoft.ApiManagement/service/apis", "name": "contoso-apim/orders", "properties": {"path": "orders", "protocols": ["https", "[parameters('protocol')]"]}},
    {"type": "Microsoft.ApiManagement/service/apis", "name": "contoso-apim/billing", "properties": {"path": "billing", "protocols": "[parameters('protocols')]"}},
    {"type": "Microsoft.ApiManagement/service/apis", "name": "contoso-apim/legacy", "properties": {"path": "legacy", "protocols": ["[parameters('protocol')]", "http"]}}
  ]
}`})
	rule.report == {{
		"rule": "api-https-only",
		"severity": "warning",
		"message": "API \"legacy\" accepts http: calls, subscription keys and tokens travel in clear text; set protocols to ['https']",
		"location": {"file": "azuredeploy.json", "line": 9, "column": 131, "end_line": 9, "end_column": 167},
		"related": [],
	}} with input as inp
}
