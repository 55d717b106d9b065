package apimlint.rules["named-value-secret_test"]

import data.apimlint.rules["named-value-secret"] as rule

_msg(name, what) := sprintf("named value %q carries a credential (%s) but is neither secret nor Key Vault backed: its value shows in the portal and in exports; set secret to true or back it with a Key Vault secret", [name, what])

_backend := `{
  "properties": {
    "url": "https://orders-func.azurewebsites.net/api",
    "protocol": "http",
    "credentials": {
      "header": {
        "x-functions-key": ["{{orders-func-key}}"]
      }
    }
  }
}`

_key(secret) := sprintf(
	`{
  "properties": {
    "displayName": "orders-func-key",
    "secret": %s,
    "value": "q1w2e3r4"
  }
}`,
	[secret],
)

test_plain_function_key_in_backend_credentials_is_reported if {
	inp := apimlint.estate({
		"backends/orders/backendInformation.json": _backend,
		"named values/fn-key/namedValueInformation.json": _key("false"),
	})
	rule.report == {{
		"rule": "named-value-secret",
		"severity": "error",
		"message": _msg("orders-func-key", `credentials of backend "orders"`),
		"location": {"file": "named values/fn-key/namedValueInformation.json", "line": 4, "column": 15, "end_line": 4, "end_column": 20},
		"related": [{
			"location": {"file": "backends/orders/backendInformation.json", "line": 7, "column": 29, "end_line": 7, "end_column": 50},
			"message": "used here as a credential",
		}],
	}} with input as inp
}

# One finding per named value, at the named value, naming the first use; a
# named value without a secret property is reported at its file.
test_each_named_value_is_reported_once if {
	inp := apimlint.estate({
		"named values/pw/namedValueInformation.json": `{"properties": {"displayName": "svc-password", "value": "hunter2"}}`,
		"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <authentication-basic username="svc" password="{{svc-password}}" />
    <set-header name="Authorization" exists-action="override">
      <value>{{svc-password}}</value>
    </set-header>
  </inbound>
</policies>`,
	})
	rule.report == {{
		"rule": "named-value-secret",
		"severity": "error",
		"message": _msg("svc-password", "authentication-basic in apis/shop/policy.xml:4 and 1 more"),
		"location": {"file": "named values/pw/namedValueInformation.json", "line": 1, "column": 1, "end_line": 1, "end_column": 1},
		"related": [
			{
				"location": {"file": "apis/shop/policy.xml", "line": 4, "column": 52, "end_line": 4, "end_column": 68},
				"message": "used here as a credential",
			},
			{
				"location": {"file": "apis/shop/policy.xml", "line": 6, "column": 14, "end_line": 6, "end_column": 30},
				"message": "used here as a credential",
			},
		],
	}} with input as inp
}

test_secret_or_key_vault_named_values_pass if {
	inp := apimlint.estate({
		"backends/orders/backendInformation.json": _backend,
		"named values/fn-key/namedValueInformation.json": _key("true"),
		"named values/kv-key/namedValueInformation.json": `{
  "properties": {
    "displayName": "kv-key",
    "secret": false,
    "keyVault": {"secretIdentifier": "https://kv.vault.azure.net/secrets/key"}
  }
}`,
		"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <set-query-parameter name="code" exists-action="override">
      <value>{{kv-key}}</value>
    </set-query-parameter>
  </inbound>
</policies>`,
	})
	count(rule.report) == 0 with input as inp
}

# Named values that carry no credential may be plain.
# A key in a URL's query string (code=, sig=), and a backend's authorization
# credentials, are credentials too.
test_key_in_a_url_and_backend_authorization_are_reported if {
	inp := apimlint.estate({
		"named values/fn-key/namedValueInformation.json": _key("false"),
		"named values/basic/namedValueInformation.json": `{"properties": {"displayName": "basic", "secret": false}}`,
		"backends/legacy/backendInformation.json": `{"properties": {"url": "https://legacy.example.com", "protocol": "http",
  "credentials": {"authorization": {"scheme": "Basic", "parameter": "{{basic}}"}}}}`,
		"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <set-backend-service base-url="https://orders-func.azurewebsites.net/api?code={{orders-func-key}}" />
    <rewrite-uri template="/items?region={{basic2}}" />
  </inbound>
</policies>`,
	})
	{[f.message, f.location.file] | some f in rule.report} == {
		[_msg("orders-func-key", "set-backend-service in apis/shop/policy.xml:4"), "named values/fn-key/namedValueInformation.json"],
		[_msg("basic", `authorization credentials of backend "legacy"`), "named values/basic/namedValueInformation.json"],
	} with input as inp
}

# The query parameter counts as APIM reads it: written with a character
# reference, split by CDATA, or in upper case; each policy is looked at on
# its own.
test_key_in_a_url_written_otherwise_is_reported if {
	inp := apimlint.estate({
		"named values/fn-key/namedValueInformation.json": _key("false"),
		"named values/sas/namedValueInformation.json": `{"properties": {"displayName": "sas", "secret": false}}`,
		"named values/other/namedValueInformation.json": `{"properties": {"displayName": "other", "secret": false}}`,
		"apis/a/policy.xml": `<policies>
  <inbound>
    <rewrite-uri template="/api/run?code&#61;{{orders-func-key}}" />
  </inbound>
</policies>`,
		"apis/b/policy.xml": `<policies>
  <inbound>
    <set-query-parameter name="x" exists-action="override">
      <value>https://st.example.com/c?sv=1&amp;si<![CDATA[g=]]>{{sas}}</value>
    </set-query-parameter>
  </inbound>
</policies>`,
		"apis/c/policy.xml": `<policies>
  <inbound>
    <set-variable name="u" value="/api/run?CODE={{other}}" />
  </inbound>
</policies>`,
	})
	{[f.message, f.location.file] | some f in rule.report} == {
		[_msg("orders-func-key", "rewrite-uri in apis/a/policy.xml:3"), "named values/fn-key/namedValueInformation.json"],
		[_msg("sas", "value in apis/b/policy.xml:4"), "named values/sas/namedValueInformation.json"],
		[_msg("other", "set-variable in apis/c/policy.xml:3"), "named values/other/namedValueInformation.json"],
	} with input as inp
}

test_named_value_in_other_places_passes if {
	inp := apimlint.estate({
		"named values/region/namedValueInformation.json": `{"properties": {"displayName": "region", "secret": false, "value": "westeurope"}}`,
		"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <set-header name="X-Region" exists-action="override">
      <value>{{region}}</value>
    </set-header>
    <authentication-basic username="{{region}}" password="{{missing-password}}" />
  </inbound>
</policies>`,
	})
	count(rule.report) == 0 with input as inp
}

# A secret flag or a display name from a template parameter without a value
# is unknown: no finding.
test_unknown_secret_or_display_name_passes if {
	inp := apimlint.estate({"azuredeploy.json": `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"secret": {"type": "bool"}, "name": {"type": "string"}},
  "resources": [
    {"type": "Microsoft.ApiManagement/service", "name": "contoso-apim"},
    {"type": "Microsoft.ApiManagement/service/namedValues", "name": "contoso-apim/fn-key", "properties": {"displayName": "fn-key", "secret": "[parameters('secret')]"}},
    {"type": "Microsoft.ApiManagement/service/namedValues", "name": "contoso-apim/other-key", "properties": {"displayName": "[parameters('name')]", "secret": false}},
    {"type": "Microsoft.ApiManagement/service/backends", "name": "contoso-apim/orders", "properties": {
      "url": "https://contoso-func.azurewebsites.net/api",
      "protocol": "http",
      "credentials": {"header": {"x-functions-key": ["{{fn-key}}"], "x-api-key": ["{{other-key}}"]}}
    }}
  ]
}`})
	count(rule.report) == 0 with input as inp
}
