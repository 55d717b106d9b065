package apimlint.rules["policy-value-not-xml_test"]

import data.apimlint.rules["policy-value-not-xml"] as rule

# Until the ARM and Bicep readers land, a policy value that a template holds
# is written here as the value of an APIOps fragment information file, which
# the linker reads the same way (properties.format and properties.value).
_fragment(format, value) := apimlint.estate({"policy fragments/auth/policyFragmentInformation.json": sprintf(
	`{
  "properties": {
    "format": %q,
    "value": %q
  }
}`,
	[format, value],
)})

_finding(loc, msg) := {
	"rule": "policy-value-not-xml",
	"severity": "error",
	"message": msg,
	"location": loc,
	"related": [],
}

_file := "policy fragments/auth/policyFragmentInformation.json"

test_file_path_is_reported if {
	rule.report == {_finding(
		{"file": _file, "line": 4, "column": 14, "end_line": 4, "end_column": 34},
		`policy value "fragments/auth.xml" is a file path, not XML: APIM rejects it; use loadTextContent("fragments/auth.xml")`,
	)} with input as _fragment("rawxml", "fragments/auth.xml")
}

test_url_is_reported_as_a_url_even_when_it_ends_in_xml if {
	rule.report == {_finding(
		{"file": _file, "line": 4, "column": 14, "end_line": 4, "end_column": 53},
		`policy value "https://example.com/policies/auth.xml" is a URL, not XML: with format 'xml' or 'rawxml' APIM rejects it; use format 'rawxml-link' for a URL`,
	)} with input as _fragment("xml", "https://example.com/policies/auth.xml")
}

test_other_text_is_reported_shortened if {
	text := "set the Authorization header from the managed identity of the gateway"
	rule.report == {_finding(
		{"file": _file, "line": 4, "column": 14, "end_line": 4, "end_column": 85},
		`policy value "set the Authorization header from the managed identity of..." is not XML: APIM rejects it (a policy document starts with <policies> or <fragment>)`,
	)} with input as _fragment("rawxml", text)
}

test_xml_value_passes if {
	count(rule.report) == 0 with input as _fragment("rawxml", "\n  <fragment><base /></fragment>")
}

test_link_format_passes if {
	count(rule.report) == 0 with input as _fragment("rawxml-link", "https://example.com/policies/auth.xml")
}

test_policy_files_are_left_to_policy_syntax if {
	inp := apimlint.estate({
		"apis/echo/policy.xml": "",
		"policies/echo.xml": "policies/echo-api.xml",
	})
	count(rule.report) == 0 with input as inp
}
