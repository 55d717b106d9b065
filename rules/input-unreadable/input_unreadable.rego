# METADATA
# title: Every input must be readable
# description: |
#   A file or folder could not be read (permissions, size limit, broken
#   symlink, a path outside the checked folder), so it was not checked.
# custom:
#   id: input-unreadable
#   severity: error
#   remediation: Make the file readable, or exclude it with --exclude or the config file.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/input-unreadable.md
package apimlint.rules["input-unreadable"]

import data.apimlint.lib.result

report contains result.fail_as(rego.metadata.chain(), d.location, d.message, severity) if {
	some d in input.diagnostics
	d.rule == "input-unreadable"
	severity := object.get(d, "severity", "error")
}
