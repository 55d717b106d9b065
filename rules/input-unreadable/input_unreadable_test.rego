package apimlint.rules["input-unreadable_test"]

import data.apimlint.rules["input-unreadable"] as rule

# A file over the 16 MiB size limit is the one unreadable input that file
# contents can produce; permissions, broken links and paths outside the
# checked folder need the file system itself.
_megabyte := sprintf("%01000000d", [0])

_oversized := concat("", [_megabyte | some _ in numbers.range(1, 17)])

test_file_over_the_size_limit_is_reported if {
	inp := apimlint.estate({"policies/huge.xml": _oversized, "policies/small.xml": "<policies />"})
	rule.report == {{
		"rule": "input-unreadable",
		"severity": "error",
		"message": "could not read policies/huge.xml: file is 17000000 bytes, over the 16777216-byte limit; not checked",
		"location": {"file": "policies/huge.xml", "line": 1, "column": 1, "end_line": 1, "end_column": 1},
		"related": [],
	}} with input as inp
}

test_readable_files_pass if {
	inp := apimlint.estate({"policies/small.xml": "<policies />", "empty.json": ""})
	count(rule.report) == 0 with input as inp
}
