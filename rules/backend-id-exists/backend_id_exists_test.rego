package apimlint.rules["backend-id-exists_test"]

import data.apimlint.rules["backend-id-exists"] as rule

_orders := `{"properties": {"url": "https://orders-func.azurewebsites.net/api", "protocol": "http"}}`

test_unknown_backend_is_reported if {
	inp := apimlint.estate({
		"backends/orders/backendInformation.json": _orders,
		"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <set-backend-service backend-id="payments" />
  </inbound>
</policies>`,
	})
	rule.report == {{
		"rule": "backend-id-exists",
		"severity": "error",
		"message": `backend-id "payments" does not name a backend of this service; declared backends: "orders"`,
		"location": {"file": "apis/shop/policy.xml", "line": 4, "column": 38, "end_line": 4, "end_column": 46},
		"related": [{
			"location": {"file": "backends/orders/backendInformation.json", "line": 1, "column": 1, "end_line": 1, "end_column": 1},
			"message": `backend "orders"`,
		}],
	}} with input as inp
}

# An APIOps folder holds the service's whole set of backends, even when it
# has none.
test_apiops_folder_without_backends_reports if {
	inp := apimlint.estate({"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <set-backend-service id="apim-generated-policy" backend-id="orders" />
  </inbound>
</policies>`})
	rule.report == {{
		"rule": "backend-id-exists",
		"severity": "error",
		"message": `backend-id "orders" does not name a backend of this service; declared backends: none`,
		"location": {"file": "apis/shop/policy.xml", "line": 4, "column": 65, "end_line": 4, "end_column": 71},
		"related": [],
	}} with input as inp
}

test_declared_backend_passes_in_any_case if {
	inp := apimlint.estate({
		"backends/orders/backendInformation.json": _orders,
		"apis/shop/operations/get/policy.xml": `<policies>
  <inbound>
    <base />
    <set-backend-service backend-id="Orders" />
  </inbound>
</policies>`,
		"policy fragments/route/policy.xml": `<fragment><set-backend-service backend-id="orders" /></fragment>`,
	})
	count(rule.report) == 0 with input as inp
}

# Expressions and named values are decided at runtime or deployment.
test_expression_and_named_value_pass if {
	inp := apimlint.estate({
		"backends/orders/backendInformation.json": _orders,
		"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <set-backend-service backend-id="@((string)context.Variables["backend"])" />
    <set-backend-service backend-id="{{backend-name}}" />
    <set-backend-service base-url="https://example.com/api" />
  </inbound>
</policies>`,
	})
	count(rule.report) == 0 with input as inp
}

# A policy file that no service holds has no known set of backends.
test_loose_policy_file_passes if {
	inp := apimlint.estate({"policies/shop.xml": `<policies><inbound><set-backend-service backend-id="payments" /></inbound></policies>`})
	count(rule.report) == 0 with input as inp
}

# A workspace's backends serve the workspace's policies, not the service's;
# the message names the workspace that has one.
test_workspace_backend_is_not_the_services if {
	inp := apimlint.estate({
		"apis/orders/apiInformation.json": `{"properties": {"displayName": "Orders", "path": "orders"}}`,
		"apis/orders/policy.xml": "<policies>\n  <inbound>\n    <set-backend-service backend-id=\"pay-func\" />\n  </inbound>\n</policies>",
		"backends/orders-func/backendInformation.json": `{"properties": {"url": "https://orders.example.com", "protocol": "http"}}`,
		"workspaces/ws1/apis/pay/apiInformation.json": `{"properties": {"displayName": "Pay", "path": "pay"}}`,
		"workspaces/ws1/apis/pay/policy.xml": "<policies>\n  <inbound>\n    <set-backend-service backend-id=\"pay-func\" />\n  </inbound>\n</policies>",
		"workspaces/ws1/backends/pay-func/backendInformation.json": `{"properties": {"url": "https://pay.example.com", "protocol": "http"}}`,
	})
	{[f.location.file, f.location.line, f.message] | some f in rule.report} == {[
		"apis/orders/policy.xml", 3,
		"backend-id \"pay-func\" does not name a backend of this service (workspace \"ws1\" has one, which a policy outside it cannot use); declared backends: \"orders-func\"",
	]} with input as inp
}
