package apimlint.rules["required-correlation-header_test"]

import data.apimlint.rules["required-correlation-header"] as rule

_api := `{"properties": {"displayName": "Orders", "path": "orders", "serviceUrl": "https://orders.example.com"}}`

_policy(inbound) := sprintf(
	`<policies>
  <inbound>
    <base />%s
  </inbound>
  <backend><base /></backend>
  <outbound><base /></outbound>
  <on-error><base /></on-error>
</policies>`,
	[inbound],
)

test_api_without_the_header_is_reported if {
	inp := apimlint.estate({
		"apim/apis/orders/apiInformation.json": _api,
		"apim/apis/orders/policy.xml": _policy(""),
	})
	rule.report == {{
		"rule": "required-correlation-header",
		"severity": "warning",
		"message": "API \"orders\" does not set the x-correlation-id header in its inbound policies at any scope: add <set-header name=\"x-correlation-id\" exists-action=\"skip\">",
		"location": {"file": "apim/apis/orders/policy.xml", "line": 1, "column": 1, "end_line": 1, "end_column": 1},
		"related": [],
	}} with input as inp
}

# The global policy sets the header: <base /> brings it into every API.
test_header_set_at_global_scope_passes if {
	inp := apimlint.estate({
		"apim/policy.xml": `<policies><inbound><set-header name="X-Correlation-Id" exists-action="skip"><value>@(context.RequestId.ToString())</value></set-header></inbound></policies>`,
		"apim/apis/orders/apiInformation.json": _api,
		"apim/apis/orders/policy.xml": _policy(""),
	})
	count(rule.report) == 0 with input as inp
}

test_header_name_from_the_configuration if {
	inp := apimlint.estate({
		"apim/apis/orders/apiInformation.json": _api,
		"apim/apis/orders/policy.xml": _policy(`
    <set-header name="x-request-id" exists-action="skip"><value>@(context.RequestId.ToString())</value></set-header>`),
	})
	count(rule.report) == 1 with input as inp
	count(rule.report) == 0 with input as inp
		with data.apimlint.config as {"rules": {"required-correlation-header": {"params": {"header": "X-Request-ID"}}}}
}
