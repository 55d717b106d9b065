package apimlint.rules["fragment-exists_test"]

import data.apimlint.rules["fragment-exists"] as rule

_fragment := `<fragment>
  <authentication-managed-identity resource="api://shop" />
</fragment>`

test_unknown_fragment_is_reported if {
	inp := apimlint.estate({
		"policy fragments/msi-auth/policy.xml": _fragment,
		"policy fragments/cors/policy.xml": `<fragment><cors><allowed-origins><origin>*</origin></allowed-origins></cors></fragment>`,
		"products/starter/policy.xml": `<policies>
  <inbound>
    <base />
    <include-fragment fragment-id="rate-limits" />
  </inbound>
</policies>`,
	})
	rule.report == {{
		"rule": "fragment-exists",
		"severity": "error",
		"message": `fragment-id "rate-limits" does not name a policy fragment of this service; declared fragments: "cors", "msi-auth"`,
		"location": {"file": "products/starter/policy.xml", "line": 4, "column": 36, "end_line": 4, "end_column": 47},
		"related": [
			{
				"location": {"file": "policy fragments/cors/policy.xml", "line": 1, "column": 1, "end_line": 1, "end_column": 1},
				"message": `fragment "cors"`,
			},
			{
				"location": {"file": "policy fragments/msi-auth/policy.xml", "line": 1, "column": 1, "end_line": 1, "end_column": 1},
				"message": `fragment "msi-auth"`,
			},
		],
	}} with input as inp
}

# An APIOps folder holds the service's whole set of fragments, even when it
# has none.
test_apiops_folder_without_fragments_reports if {
	inp := apimlint.estate({
		"apis/shop/apiInformation.json": `{"properties": {"displayName": "Shop", "path": "shop"}}`,
		"policy.xml": `<policies>
  <inbound>
    <include-fragment fragment-id="msi-auth" />
  </inbound>
</policies>`,
	})
	rule.report == {{
		"rule": "fragment-exists",
		"severity": "error",
		"message": `fragment-id "msi-auth" does not name a policy fragment of this service; declared fragments: none`,
		"location": {"file": "policy.xml", "line": 3, "column": 36, "end_line": 3, "end_column": 44},
		"related": [],
	}} with input as inp
}

test_declared_fragment_passes_in_any_case if {
	inp := apimlint.estate({
		"policy fragments/msi-auth/policy.xml": _fragment,
		"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <include-fragment fragment-id="MSI-Auth" />
  </inbound>
</policies>`,
	})
	count(rule.report) == 0 with input as inp
}

test_named_value_and_loose_file_pass if {
	inp := apimlint.estate({
		"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <include-fragment fragment-id="{{auth-fragment}}" />
  </inbound>
</policies>`,
		"policies/loose.xml": `<policies><inbound><include-fragment fragment-id="anything" /></inbound></policies>`,
	})
	count(rule.report) == 0 with input as inp
}

# A workspace's fragments serve the workspace's policies, not the service's.
test_workspace_fragment_is_not_the_services if {
	inp := apimlint.estate({
		"apis/orders/apiInformation.json": `{"properties": {"displayName": "Orders", "path": "orders"}}`,
		"apis/orders/policy.xml": "<policies>\n  <inbound>\n    <include-fragment fragment-id=\"ws-frag\" />\n  </inbound>\n</policies>",
		"workspaces/ws1/apis/pay/apiInformation.json": `{"properties": {"displayName": "Pay", "path": "pay"}}`,
		"workspaces/ws1/apis/pay/policy.xml": "<policies>\n  <inbound>\n    <include-fragment fragment-id=\"ws-frag\" />\n  </inbound>\n</policies>",
		"workspaces/ws1/policy fragments/ws-frag/policy.xml": "<fragment>\n  <set-header name=\"X-A\" exists-action=\"override\"><value>a</value></set-header>\n</fragment>",
	})
	{[f.location.file, f.location.line] | some f in rule.report} == {["apis/orders/policy.xml", 3]} with input as inp
}

test_expression_fragment_id_is_reported if {
	inp := apimlint.estate({"policy.xml": "<policies>\n  <inbound>\n    <include-fragment fragment-id=\"@(context.Api.Name)\" />\n  </inbound>\n</policies>"})
	{[f.location.line, f.location.column, f.message] | some f in rule.report} == {[
		3, 36,
		"fragment-id \"@(context.Api.Name)\" is a policy expression, which include-fragment does not accept: APIM rejects the policy; write the fragment's name",
	]} with input as inp
}
