package apimlint.rules["mi-scope_test"]

import data.apimlint.rules["mi-scope"] as rule

# APIOps files for an API whose serviceUrl is contoso-func, a Function app
# protected by Easy Auth (declared in auth.json).
_base := {
	"auth.json": `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Web/sites/config",
      "name": "contoso-func/authsettingsV2",
      "properties": {
        "platform": {"enabled": true},
        "identityProviders": {"azureActiveDirectory": {"registration": {"clientId": "11111111-1111-1111-1111-111111111111"}}}
      }
    }
  ]
}`,
	"apis/orders/apiInformation.json": `{"properties": {"displayName": "Orders", "path": "orders", "serviceUrl": "https://contoso-func.azurewebsites.net/api"}}`,
}

_estate(files) := apimlint.estate(object.union(_base, files))

_policy(inbound) := sprintf("<policies>\n  <inbound>\n%s  </inbound>\n</policies>", [inbound])

_msi := "    <authentication-managed-identity resource=\"11111111-1111-1111-1111-111111111111\" />\n"

_api_inbound := {"file": "apis/orders/policy.xml", "line": 2, "column": 3, "end_line": 2, "end_column": 12}

_no_token(loc) := {
	"rule": "mi-scope",
	"severity": "error",
	"message": "requests to API \"orders\" reach the Easy Auth protected Function app \"contoso-func\" without a managed-identity token: no authentication-managed-identity runs in inbound; add it to the API policy's inbound",
	"location": loc,
	"related": [],
}

# One finding per API, however many operations it has.
test_no_token_is_reported_at_the_api_inbound if {
	inp := _estate({
		"apis/orders/policy.xml": _policy("    <base />\n"),
		"apis/orders/operations/get/policy.xml": _policy("    <base />\n"),
		"apis/orders/operations/list/policy.xml": _policy("    <base />\n"),
	})
	rule.report == {_no_token(_api_inbound)} with input as inp
}

test_api_without_policy_is_reported_at_the_api if {
	rule.report == {_no_token({"file": "apis/orders/apiInformation.json", "line": 1, "column": 1, "end_line": 1, "end_column": 1})} with input as _estate({})
}

test_operation_dropping_base_is_reported if {
	inp := _estate({
		"apis/orders/policy.xml": _policy(concat("", ["    <base />\n", _msi])),
		"apis/orders/operations/get/policy.xml": _policy("    <set-header name=\"X-Op\" exists-action=\"override\"><value>get</value></set-header>\n"),
		"apis/orders/operations/list/policy.xml": _policy("    <base />\n"),
	})
	rule.report == {{
		"rule": "mi-scope",
		"severity": "error",
		"message": "operation \"get\" drops <base /> in inbound, so the managed-identity token of API \"orders\" is not obtained: its requests reach the Easy Auth protected Function app \"contoso-func\" without a token; keep <base /> in the operation's inbound",
		"location": {"file": "apis/orders/operations/get/policy.xml", "line": 2, "column": 3, "end_line": 2, "end_column": 12},
		"related": [],
	}} with input as inp
}

test_token_only_in_a_product_policy_is_reported if {
	inp := _estate({
		"apis/orders/policy.xml": _policy("    <base />\n"),
		"products/starter/productInformation.json": `{"properties": {"displayName": "Starter"}}`,
		"products/starter/apis/orders/productApiInformation.json": "{}",
		"products/starter/policy.xml": _policy(concat("", ["    <base />\n", _msi])),
	})
	rule.report == {{
		"rule": "mi-scope",
		"severity": "error",
		"message": "API \"orders\" obtains the managed-identity token only in a product policy, which APIM skips for API-scoped, all-APIs and all-access subscriptions: those requests reach the Function app \"contoso-func\" without a token; move it to the API policy",
		"location": _api_inbound,
		"related": [{
			"location": {"file": "products/starter/policy.xml", "line": 4, "column": 5, "end_line": 4, "end_column": 88},
			"message": "authentication-managed-identity in a product policy",
		}],
	}} with input as inp
}

test_token_at_api_or_global_scope_or_in_a_fragment_passes if {
	count(rule.report) == 0 with input as _estate({"apis/orders/policy.xml": _policy(concat("", ["    <base />\n", _msi]))})
	count(rule.report) == 0 with input as _estate({
		"policy.xml": _policy(_msi),
		"apis/orders/policy.xml": _policy("    <base />\n"),
	})
	count(rule.report) == 0 with input as _estate({
		"policy fragments/msi/policy.xml": sprintf("<fragment>\n%s</fragment>", [_msi]),
		"apis/orders/policy.xml": _policy("    <base />\n    <include-fragment fragment-id=\"msi\" />\n"),
	})
}

# A token obtained inside a <choose> branch, of the API policy or of a
# fragment, is obtained in inbound: which branch runs is known only then.
_choose := concat("", [
	"    <choose>\n      <when condition=\"@(context.Request.Headers.ContainsKey(\"X-Legacy\"))\">\n  ",
	_msi,
	"      </when>\n    </choose>\n",
])

test_token_in_a_choose_branch_passes if {
	count(rule.report) == 0 with input as _estate({"apis/orders/policy.xml": _policy(concat("", ["    <base />\n", _choose]))})
	count(rule.report) == 0 with input as _estate({
		"policy fragments/msi/policy.xml": sprintf("<fragment>\n%s</fragment>", [_choose]),
		"apis/orders/policy.xml": _policy("    <base />\n    <include-fragment fragment-id=\"msi\" />\n"),
	})
}

# A token obtained in the wrong section is reported by mi-in-api-inbound.
test_misplaced_token_is_left_to_mi_in_api_inbound if {
	count(rule.report) == 0 with input as _estate({"apis/orders/policy.xml": `<policies>
  <inbound><base /></inbound>
  <backend>
    <base />
    <authentication-managed-identity resource="11111111-1111-1111-1111-111111111111" />
  </backend>
</policies>`})
	count(rule.report) == 0 with input as _estate({
		"policy fragments/msi/policy.xml": sprintf("<fragment>\n%s</fragment>", [_msi]),
		"apis/orders/policy.xml": `<policies>
  <inbound><base /></inbound>
  <backend><base /><include-fragment fragment-id="msi" /></backend>
</policies>`,
	})
}

# A backend that is no Easy Auth protected site of the estate is not judged.
test_other_backends_pass if {
	count(rule.report) == 0 with input as apimlint.estate({
		"apis/orders/apiInformation.json": `{"properties": {"displayName": "Orders", "path": "orders", "serviceUrl": "https://contoso-func.azurewebsites.net/api"}}`,
		"apis/orders/policy.xml": _policy("    <base />\n"),
	})
	count(rule.report) == 0 with input as _estate({
		"apis/orders/apiInformation.json": `{"properties": {"displayName": "Orders", "path": "orders", "serviceUrl": "https://orders.contoso.com/api"}}`,
		"apis/orders/policy.xml": _policy("    <base />\n"),
	})
}
