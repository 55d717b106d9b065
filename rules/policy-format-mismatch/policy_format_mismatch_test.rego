package apimlint.rules["policy-format-mismatch_test"]

import data.apimlint.rules["policy-format-mismatch"] as rule

# Until the ARM and Bicep readers land, content with a declared format is
# written as an APIOps fragment information file, which the linker reads the
# same way (properties.format and properties.value).
_fragment(format, value) := apimlint.estate({"policy fragments/auth/policyFragmentInformation.json": sprintf(
	`{
  "properties": {
    "format": %q,
    "value": %q
  }
}`,
	[format, value],
)})

_file := "policy fragments/auth/policyFragmentInformation.json"

test_xml_format_with_a_raw_expression_is_an_error if {
	inp := _fragment("xml", `<fragment><set-header name="a"><value>@(1 < 2)</value></set-header></fragment>`)
	rule.report == {{
		"rule": "policy-format-mismatch",
		"severity": "error",
		"message": `format is 'xml' but the content is not well-formed XML (expected element name after "<", found " "); it only parses as rawxml, so APIM rejects it: declare format 'rawxml' or escape the expression`,
		"location": {"file": _file, "line": 4, "column": 59, "end_line": 4, "end_column": 60},
		"related": [],
	}} with input as inp
}

test_escaped_xml_format_passes if {
	inp := _fragment("xml", `<fragment><set-header name="a"><value>@(1 &lt; 2)</value></set-header></fragment>`)
	count(rule.report) == 0 with input as inp
}

test_content_broken_even_as_rawxml_is_left_to_policy_syntax if {
	inp := _fragment("xml", `<fragment><set-header name="a"><value>@(1 < 2)</value>`)
	count(rule.report) == 0 with input as inp
}

test_entity_in_a_rawxml_expression_is_a_warning if {
	inp := _fragment("rawxml", `<fragment><set-header name="a"><value>@(1 &lt; 2)</value></set-header></fragment>`)
	rule.report == {{
		"rule": "policy-format-mismatch",
		"severity": "warning",
		"message": `"&lt;" inside a policy expression of rawxml content is not decoded: C# sees those 4 characters; write the character itself`,
		"location": {"file": _file, "line": 4, "column": 59, "end_line": 4, "end_column": 63},
		"related": [],
	}} with input as inp
}

test_each_entity_in_an_apiops_expression_is_a_warning if {
	inp := apimlint.estate({"apis/echo/policy.xml": `<policies>
  <inbound>
    <base />
    <set-header name="x" exists-action="override">
      <value>@(context.Variables.GetValueOrDefault&lt;string&gt;("id"))</value>
    </set-header>
    <choose>
      <when condition="@(context.Request.Method != &quot;GET&quot;)" />
    </choose>
  </inbound>
</policies>`})
	rule.report == {
		_warning("&lt;", {"file": "apis/echo/policy.xml", "line": 5, "column": 51, "end_line": 5, "end_column": 55}),
		_warning("&gt;", {"file": "apis/echo/policy.xml", "line": 5, "column": 61, "end_line": 5, "end_column": 65}),
		_warning("&quot;", {"file": "apis/echo/policy.xml", "line": 8, "column": 52, "end_line": 8, "end_column": 58}),
		_warning("&quot;", {"file": "apis/echo/policy.xml", "line": 8, "column": 61, "end_line": 8, "end_column": 67}),
	} with input as inp
}

_warning(ref, loc) := {
	"rule": "policy-format-mismatch",
	"severity": "warning",
	"message": sprintf("%q inside a policy expression of rawxml content is not decoded: C# sees those %d characters; write the character itself", [ref, count(ref)]),
	"location": loc,
	"related": [],
}

test_entities_outside_expressions_pass if {
	inp := apimlint.estate({"apis/echo/policy.xml": `<policies>
  <inbound>
    <base />
    <set-header name="a&amp;b" exists-action="override">
      <value>1 &lt; 2 &amp;&amp; "x"</value>
    </set-header>
    <set-query-parameter name="q" exists-action="override">
      <value>@(context.Request.Url.Query.GetValueOrDefault("q", "a") + "&b")</value>
    </set-query-parameter>
  </inbound>
</policies>`})
	count(rule.report) == 0 with input as inp
}

test_loose_file_without_a_declared_format_passes if {
	inp := apimlint.estate({"policies/echo.xml": `<policies><inbound><set-header name="a"><value>@(1 &lt; 2)</value></set-header></inbound></policies>`})
	count(rule.report) == 0 with input as inp
}
