# METADATA
# title: ARM templates must be valid
# description: |
#   A template expression does not parse or cannot be evaluated (an undeclared
#   parameter or variable, a wrong argument count), or a declaration is not a
#   resource ARM can deploy (no type, no name, a bad copy count). ARM rejects
#   such a template at deployment.
# custom:
#   id: arm-template
#   severity: error
#   remediation: Fix the expression or declaration at the reported position.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/arm-template.md
package apimlint.rules["arm-template"]

import data.apimlint.lib.result

report contains result.fail_as(rego.metadata.chain(), d.location, d.message, severity) if {
	some d in input.diagnostics
	d.rule == "arm-template"
	severity := object.get(d, "severity", "error")
}
