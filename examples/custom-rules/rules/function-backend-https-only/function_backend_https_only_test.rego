package apimlint.rules["function-backend-https-only_test"]

import data.apimlint.rules["function-backend-https-only"] as rule

# An API policy names a backend entity whose URL is the Function app's host
# name; the Function app is declared in an ARM template elsewhere.
_files(https_only) := {
	"apim/apis/orders/apiInformation.json": `{"properties": {"displayName": "Orders", "path": "orders", "serviceUrl": "https://example.com"}}`,
	"apim/apis/orders/policy.xml": `<policies>
  <inbound>
    <base />
    <set-backend-service backend-id="orders-func" />
  </inbound>
</policies>`,
	"apim/backends/orders-func/backendInformation.json": `{"properties": {"url": "https://func-orders.azurewebsites.net/api", "protocol": "http"}}`,
	"infra/functions.json": sprintf(
		`{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Web/sites",
      "apiVersion": "2023-12-01",
      "name": "func-orders",
      "kind": "functionapp",
      "properties": {%s}
    }
  ]
}`,
		[https_only],
	),
}

test_policy_to_backend_to_function_app_is_followed if {
	inp := apimlint.estate(_files(`"httpsOnly": false`))
	rule.report == {{
		"rule": "function-backend-https-only",
		"severity": "error",
		"message": "API \"orders\" sends requests to the Function app \"func-orders\", which accepts plain HTTP too (httpsOnly is false): set properties.httpsOnly to true",
		"location": {"file": "apim/apis/orders/policy.xml", "line": 4, "column": 5, "end_line": 4, "end_column": 53},
		"related": [{
			"location": {"file": "infra/functions.json", "line": 5, "column": 5, "end_line": 11, "end_column": 6},
			"message": "Function app \"func-orders\"",
		}],
	}} with input as inp
}

test_missing_https_only_is_reported if {
	inp := apimlint.estate(_files(""))
	some f in rule.report with input as inp
	contains(f.message, "(httpsOnly is not set)")
}

test_https_only_passes if {
	inp := apimlint.estate(_files(`"httpsOnly": true`))
	count(rule.report) == 0 with input as inp
}

test_unrelated_function_app_is_not_judged if {
	files := object.union(_files(`"httpsOnly": true`), {"apim/backends/orders-func/backendInformation.json": `{"properties": {"url": "https://other.example.com/api", "protocol": "http"}}`})
	inp := apimlint.estate(object.union(files, {"infra/functions.json": replace(files["infra/functions.json"], `"httpsOnly": true`, `"httpsOnly": false`)}))
	count(rule.report) == 0 with input as inp
}
