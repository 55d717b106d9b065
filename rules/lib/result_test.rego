package apimlint.lib.result_test

import data.apimlint.lib.result

_chain := [
	{"path": ["x"], "annotations": {"scope": "rule"}},
	{"path": ["y"], "annotations": {"custom": {"id": "demo-rule", "severity": "warning"}}},
]

_loc := {"file": "a.xml", "line": 2, "column": 3, "end_line": 2, "end_column": 9}

test_fail_takes_id_and_severity_from_metadata if {
	result.fail(_chain, _loc, "msg") == {
		"rule": "demo-rule",
		"severity": "warning",
		"message": "msg",
		"location": _loc,
		"related": [],
	}
}

test_fail_as_overrides_severity if {
	result.fail_as(_chain, _loc, "msg", "error").severity == "error"
}

test_with_related if {
	f := result.with_related(result.fail(_chain, _loc, "m"), [result.related(_loc, "see")])
	f.related == [{"location": _loc, "message": "see"}]
}
