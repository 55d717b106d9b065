# METADATA
# title: Policy content must match its declared format
# description: |
#   Content declared as format xml must be well-formed XML: policy expressions
#   holding raw <, & or quotes only parse as rawxml, and APIM rejects the
#   deployment. Content declared rawxml that writes entity references such as
#   &lt; inside a policy expression passes them to C# undecoded (a warning).
# custom:
#   id: policy-format-mismatch
#   severity: error
#   remediation: Declare format 'rawxml', or escape the expressions (&lt; &amp; &quot;) for 'xml'.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/policy-format-mismatch.md
package apimlint.rules["policy-format-mismatch"]

import data.apimlint.lib.result

report contains result.fail(rego.metadata.chain(), p.format_fault.location, msg) if {
	some pid in input.index.format_faults
	p := input.policies[pid]
	msg := sprintf("format is 'xml' but the content is not well-formed XML (%s); it only parses as rawxml, so APIM rejects it: declare format 'rawxml' or escape the expression", [p.format_fault.message])
}

report contains result.fail_as(rego.metadata.chain(), e.location, msg, "warning") if {
	some pid in input.index.expression_entities
	input.policies[pid].declared_format.value == "rawxml"
	some e in input.policies[pid].expression_entities
	msg := sprintf("%q inside a policy expression of rawxml content is not decoded: C# sees those %d characters; write the character itself", [e.ref, count(e.ref)])
}
