package apimlint.rules["mi-client-id-static_test"]

import data.apimlint.rules["mi-client-id-static"] as rule

test_expressions_in_client_id_and_output_variable_are_reported if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <authentication-managed-identity resource="api://shop" client-id="@(context.Variables.GetValueOrDefault<string>("id"))" />
    <authentication-managed-identity resource="api://shop"
        output-token-variable-name="@{ return "t"; }" />
  </inbound>
</policies>`})
	rule.report == {
		{
			"rule": "mi-client-id-static",
			"severity": "error",
			"message": `client-id of authentication-managed-identity is a policy expression (@(context.Variables.GetValueOrDefault<string>("id"))), which it does not accept: use a literal or a {{named value}}`,
			"location": {"file": "policy.xml", "line": 3, "column": 71, "end_line": 3, "end_column": 123},
			"related": [],
		},
		{
			"rule": "mi-client-id-static",
			"severity": "error",
			"message": `output-token-variable-name of authentication-managed-identity is a policy expression (@{ return "t"; }), which it does not accept: use a literal or a {{named value}}`,
			"location": {"file": "policy.xml", "line": 5, "column": 37, "end_line": 5, "end_column": 53},
			"related": [],
		},
	} with input as inp
}

test_literals_and_named_values_pass if {
	inp := apimlint.estate({"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <authentication-managed-identity resource="api://shop" client-id="{{uami-client-id}}" output-token-variable-name="msi-token" />
    <authentication-managed-identity resource="api://shop" client-id="00000000-0000-0000-0000-000000000001" />
    <authentication-managed-identity resource="api://shop" />
  </inbound>
</policies>`})
	count(rule.report) == 0 with input as inp
}

# resource accepts expressions: only client-id and output-token-variable-name
# are judged.
test_expression_in_resource_passes if {
	inp := apimlint.estate({"policy.xml": `<policies><inbound>
  <authentication-managed-identity resource="@(context.Variables.GetValueOrDefault<string>("audience"))" />
</inbound></policies>`})
	count(rule.report) == 0 with input as inp
}

test_in_a_fragment_is_reported if {
	inp := apimlint.estate({"policy fragments/mi/policy.xml": `<fragment>
  <authentication-managed-identity resource="api://shop" client-id="@((string)context.Variables["id"])" />
</fragment>`})
	rule.report == {{
		"rule": "mi-client-id-static",
		"severity": "error",
		"message": `client-id of authentication-managed-identity is a policy expression (@((string)context.Variables["id"])), which it does not accept: use a literal or a {{named value}}`,
		"location": {"file": "policy fragments/mi/policy.xml", "line": 2, "column": 69, "end_line": 2, "end_column": 103},
		"related": [],
	}} with input as inp
}
