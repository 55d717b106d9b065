# METADATA
# title: JSON files must parse
# description: |
#   The file is not valid JSON (comments are allowed, as ARM allows them).
#   Warnings point at JSON that ARM accepts but that is likely a mistake, such
#   as a key written twice.
# custom:
#   id: json-syntax
#   severity: error
#   remediation: Fix the JSON at the reported position.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/json-syntax.md
package apimlint.rules["json-syntax"]

import data.apimlint.lib.result

report contains result.fail_as(rego.metadata.chain(), d.location, d.message, severity) if {
	some d in input.diagnostics
	d.rule == "json-syntax"
	severity := object.get(d, "severity", "error")
}
