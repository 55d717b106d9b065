package apimlint.rules["allowed-backend-hosts_test"]

import data.apimlint.rules["allowed-backend-hosts"] as rule

_files := {
	"apim/backends/orders/backendInformation.json": `{"properties": {"url": "https://func-orders.azurewebsites.net/api", "protocol": "http"}}`,
	"apim/backends/partner/backendInformation.json": `{"properties": {"url": "https://api.partner.example:8443/v1", "protocol": "http"}}`,
	"apim/apis/orders/policy.xml": `<policies>
  <inbound>
    <base />
    <set-backend-service base-url="https://scratch.ngrok.io/api" />
  </inbound>
</policies>`,
}

test_unapproved_hosts_are_reported if {
	inp := apimlint.estate(_files)
	{[f.location.file, f.location.line, f.message] | some f in rule.report} == {
		["apim/backends/partner/backendInformation.json", 1, "backend \"partner\" goes to api.partner.example, which is not an approved backend host (*.azurewebsites.net)"],
		["apim/apis/orders/policy.xml", 4, "set-backend-service base-url goes to scratch.ngrok.io, which is not an approved backend host (*.azurewebsites.net)"],
	} with input as inp
}

test_hosts_from_the_configuration if {
	inp := apimlint.estate(_files)
	count(rule.report) == 0 with input as inp
		with data.apimlint.config as {"rules": {"allowed-backend-hosts": {"params": {"hosts": ["*.azurewebsites.net", "*.partner.example", "*.ngrok.io"]}}}}
}

test_expressions_and_named_values_are_not_judged if {
	inp := apimlint.estate({"policy.xml": `<policies><inbound>
    <set-backend-service base-url="@(context.Variables.GetValueOrDefault<string>(&quot;url&quot;))" />
    <set-backend-service base-url="{{orders-url}}" />
</inbound></policies>`})
	count(rule.report) == 0 with input as inp
}
