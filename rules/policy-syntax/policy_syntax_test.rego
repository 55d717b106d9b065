package apimlint.rules["policy-syntax_test"]

import data.apimlint.rules["policy-syntax"] as rule

_finding(loc, msg) := {
	"rule": "policy-syntax",
	"severity": "error",
	"message": msg,
	"location": loc,
	"related": [],
}

test_unclosed_element_is_reported_at_the_end_tag_that_does_not_match if {
	inp := apimlint.estate({"apis/echo/policy.xml": `<policies>
  <inbound>
    <base />
  </inbound>
  <backend>
</policies>`})
	rule.report == {_finding(
		{"file": "apis/echo/policy.xml", "line": 6, "column": 1, "end_line": 6, "end_column": 12},
		"expected </backend>, found </policies>",
	)} with input as inp
}

test_unterminated_attribute_value_is_reported_at_its_quote if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <set-header name="x" exists-action="override>
`})
	rule.report == {_finding(
		{"file": "policy.xml", "line": 3, "column": 40, "end_line": 3, "end_column": 41},
		`unterminated value of attribute "exists-action": expected '"', found end of input`,
	)} with input as inp
}

test_only_the_first_fault_of_a_file_is_reported if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <base>
  </inbound>
  <outbound>
</policies>`})
	count(rule.report) == 1 with input as inp
	some f in rule.report with input as inp
	f.location.line == 4
}

test_every_broken_file_is_reported if {
	inp := apimlint.estate({
		"a.xml": "<policies><inbound></policies>",
		"b.xml": "<policies><inbound></inbound></policies>",
		"c.xml": "<fragment>",
	})
	{[f.location.file, f.location.line] | some f in rule.report} == {["a.xml", 1], ["c.xml", 1]} with input as inp
}

test_policy_text_in_json_is_reported_where_it_is_written if {
	inp := apimlint.estate({"policy fragments/auth/policyFragmentInformation.json": `{
  "properties": {
    "format": "rawxml",
    "value": "<fragment>\n  <base />\n"
  }
}`})
	rule.report == {_finding(
		{"file": "policy fragments/auth/policyFragmentInformation.json", "line": 4, "column": 15, "end_line": 4, "end_column": 25},
		"unclosed element <fragment>: expected </fragment>, found end of input",
	)} with input as inp
}

test_empty_policy_file_is_reported if {
	inp := apimlint.estate({"apis/echo/policy.xml": ""})
	rule.report == {_finding(
		{"file": "apis/echo/policy.xml", "line": 1, "column": 1, "end_line": 1, "end_column": 1},
		"expected a policy document (<policies>, or <fragment> in a fragment), found no XML",
	)} with input as inp
}

test_policy_file_holding_a_path_is_reported if {
	inp := apimlint.estate({"policies/echo.xml": "policies/echo-api.xml\n"})
	rule.report == {_finding(
		{"file": "policies/echo.xml", "line": 1, "column": 1, "end_line": 1, "end_column": 1},
		"expected a policy document (<policies>, or <fragment> in a fragment), found no XML",
	)} with input as inp
}

test_rawxml_expressions_parse if {
	inp := apimlint.estate({"apis/echo/policy.xml": `<policies>
  <inbound>
    <base />
    <choose>
      <when condition="@(context.Request.Method != "GET" && context.Variables.GetValueOrDefault<bool>("on"))">
        <set-body>@(context.Request.Body.As<string>())</set-body>
      </when>
    </choose>
    <set-header name="x" exists-action="override">
      <value>@{ var n = 1; return n < 2 ? "a" : "b"; }</value>
    </set-header>
  </inbound>
  <backend><base /></backend>
  <outbound><base /></outbound>
  <on-error><base /></on-error>
</policies>`})
	count(rule.report) == 0 with input as inp
}

test_declaration_and_comment_before_the_root_parse if {
	inp := apimlint.estate({
		"policy.xml": `<?xml version="1.0" encoding="utf-8"?>
<!-- IMPORTANT: this comment comes before the root element -->
<policies>
  <inbound />
  <backend><forward-request /></backend>
  <outbound />
</policies>`,
		"fragment.xml": "<fragment><set-header name=\"a\"><value>b</value></set-header></fragment>",
	})
	count(rule.report) == 0 with input as inp
}

# A document at a scope needs that scope's root element.
test_wrong_root_at_a_scope_is_reported if {
	inp := apimlint.estate({
		"apis/orders/apiInformation.json": `{"properties": {"displayName": "Orders", "path": "orders"}}`,
		"apis/orders/policy.xml": "<policy>\n  <inbound>\n    <base />\n  </inbound>\n</policy>",
		"policy fragments/f/policy.xml": "<policies>\n  <inbound />\n</policies>",
		"loose.xml": "<configuration />",
	})
	rule.report == {
		{
			"rule": "policy-syntax",
			"severity": "error",
			"message": "the root element is <policy>, but an API policy is a <policies> document: APIM rejects it",
			"location": {"file": "apis/orders/policy.xml", "line": 1, "column": 1, "end_line": 1, "end_column": 9},
			"related": [],
		},
		{
			"rule": "policy-syntax",
			"severity": "error",
			"message": "the root element is <policies>, but a policy fragment is a <fragment> document: APIM rejects it",
			"location": {"file": "policy fragments/f/policy.xml", "line": 1, "column": 1, "end_line": 1, "end_column": 11},
			"related": [],
		},
	} with input as inp
}
