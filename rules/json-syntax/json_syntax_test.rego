package apimlint.rules["json-syntax_test"]

import data.apimlint.rules["json-syntax"] as rule

test_invalid_json_is_an_error if {
	inp := apimlint.estate({"azuredeploy.json": `{
  "resources": [],
  "outputs":
}`})
	rule.report == {{
		"rule": "json-syntax",
		"severity": "error",
		"message": "expected a JSON value, found '}'",
		"location": {"file": "azuredeploy.json", "line": 4, "column": 1, "end_line": 4, "end_column": 2},
		"related": [],
	}} with input as inp
}

test_broken_apiops_information_file_is_an_error if {
	inp := apimlint.estate({"backends/orders/backendInformation.json": `{"properties": {"url": "https://orders}}`})
	rule.report == {{
		"rule": "json-syntax",
		"severity": "error",
		"message": "string is not closed before end of file",
		"location": {"file": "backends/orders/backendInformation.json", "line": 1, "column": 24, "end_line": 1, "end_column": 25},
		"related": [],
	}} with input as inp
}

test_duplicate_key_is_a_warning if {
	inp := apimlint.estate({"named values/key/namedValueInformation.json": `{
  "properties": {
    "displayName": "key",
    "displayName": "function-key"
  }
}`})
	rule.report == {{
		"rule": "json-syntax",
		"severity": "warning",
		"message": `duplicate key "displayName" (first at line 3); the last one wins`,
		"location": {"file": "named values/key/namedValueInformation.json", "line": 4, "column": 5, "end_line": 4, "end_column": 18},
		"related": [],
	}} with input as inp
}

test_trailing_comma_is_a_warning if {
	inp := apimlint.estate({"payload.json": `{
  "name": "policy",
  "properties": {"format": "rawxml",},
}`})
	rule.report == {
		{
			"rule": "json-syntax",
			"severity": "warning",
			"message": "trailing comma before '}'; strict JSON readers reject it",
			"location": {"file": "payload.json", "line": 3, "column": 36, "end_line": 3, "end_column": 37},
			"related": [],
		},
		{
			"rule": "json-syntax",
			"severity": "warning",
			"message": "trailing comma before '}'; strict JSON readers reject it",
			"location": {"file": "payload.json", "line": 3, "column": 38, "end_line": 3, "end_column": 39},
			"related": [],
		},
	} with input as inp
}

test_comments_are_allowed if {
	inp := apimlint.estate({"azuredeploy.json": `{
  // ARM templates may hold comments
  "resources": [ /* none yet */ ]
}`})
	count(rule.report) == 0 with input as inp
}

test_valid_json_passes if {
	inp := apimlint.estate({
		"apis/echo/apiInformation.json": `{"properties": {"displayName": "Echo", "subscriptionRequired": true}}`,
		"other.json": "[1, 2.5e3, null, \"\\u00e9\"]",
	})
	count(rule.report) == 0 with input as inp
}
