package apimlint.rules["mi-ignore-error-false_test"]

import data.apimlint.rules["mi-ignore-error-false"] as rule

test_ignore_error_true_is_reported if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <base />
    <authentication-managed-identity resource="api://x" ignore-error="true" />
  </inbound>
</policies>`})
	rule.report == {{
		"rule": "mi-ignore-error-false",
		"severity": "error",
		"message": "authentication-managed-identity for resource \"api://x\" has ignore-error=\"true\": without a token the request still goes to the backend; remove ignore-error or set it to false",
		"location": {"file": "policy.xml", "line": 4, "column": 71, "end_line": 4, "end_column": 75},
		"related": [],
	}} with input as inp
}

test_ignore_error_false_or_absent_passes if {
	inp := apimlint.estate({"policy.xml": `<policies><inbound>
    <authentication-managed-identity resource="a" ignore-error="false" />
    <authentication-managed-identity resource="b" />
    <authentication-managed-identity resource="c" ignore-error="@(true)" />
</inbound></policies>`})
	count(rule.report) == 0 with input as inp
}
