# METADATA
# title: Bicep files must parse and evaluate
# description: |
#   The Bicep or .bicepparam file has a syntax error (reported at the first
#   fault of each line, "expected X, found Y"), or an expression apimlint
#   cannot evaluate although it should (warning, for example a name that is
#   not declared). Notes say which parts are not read at all, such as
#   modules from a registry. The rest of the file is still checked.
# custom:
#   id: bicep-syntax
#   severity: error
#   remediation: Fix the Bicep at the reported position; bicep build reports the same fault.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/bicep-syntax.md
package apimlint.rules["bicep-syntax"]

import data.apimlint.lib.result

report contains result.fail_as(rego.metadata.chain(), d.location, d.message, severity) if {
	some d in input.diagnostics
	d.rule == "bicep-syntax"
	severity := object.get(d, "severity", "error")
}
