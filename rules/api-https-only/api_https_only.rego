# METADATA
# title: APIs accept HTTPS only
# description: |
#   An API whose protocols include http accepts calls, subscription keys and
#   bearer tokens in clear text.
# custom:
#   id: api-https-only
#   severity: warning
#   remediation: Set protocols to ['https'].
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/api-https-only.md
package apimlint.rules["api-https-only"]

import data.apimlint.lib.result

report contains result.fail(rego.metadata.chain(), api.protocols.location, msg) if {
	some api in input.apis
	some p in _entries(api.protocols)
	is_string(p)
	lower(p) == "http"
	msg := sprintf("API %q accepts http: calls, subscription keys and tokens travel in clear text; set protocols to ['https']", [api.name])
}

# _entries are the entries of the protocols list, known or not: an unknown
# entry ({"$unknown": ...}) does not hide a known "http" beside it.
_entries(f) := f.value if is_array(f.value)
