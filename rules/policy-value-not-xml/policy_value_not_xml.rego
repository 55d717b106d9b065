# METADATA
# title: A policy value must be XML
# description: |
#   The value of a policy or fragment resource is the policy document itself.
#   A file path or a URL written there is not XML, and APIM rejects it ("Data
#   at the root level is invalid. Line 1, position 1").
# custom:
#   id: policy-value-not-xml
#   severity: error
#   remediation: Load the file with loadTextContent('...') in Bicep, or use format 'xml-link' / 'rawxml-link' for a URL.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/policy-value-not-xml.md
package apimlint.rules["policy-value-not-xml"]

import data.apimlint.lib.result

report contains result.fail(rego.metadata.chain(), p.value.location, _message(p.value.value)) if {
	some pid in input.index.contents["not-xml"]
	p := input.policies[pid]
	not _policy_file(p.file)
}

# _policy_file holds for a file read as a policy document: its whole text is
# the value, and policy-syntax reports it.
_policy_file(path) if {
	some f in input.files
	f.path == path
	f.kind in {"policy", "apiops-policy"}
}

_path := `(?i)^[^<\s]*\.xml\s*$`

_url := `(?i)^\s*https?://`

_message(v) := sprintf("policy value %q is a file path, not XML: APIM rejects it; use loadTextContent(%q)", [v, v]) if {
	regex.match(_path, v)
	not regex.match(_url, v)
}

_message(v) := sprintf("policy value %q is a URL, not XML: with format 'xml' or 'rawxml' APIM rejects it; use format 'rawxml-link' for a URL", [v]) if {
	regex.match(_url, v)
}

_message(v) := sprintf("policy value %q is not XML: APIM rejects it (a policy document starts with <policies> or <fragment>)", [_short(v)]) if {
	not regex.match(_path, v)
	not regex.match(_url, v)
}

_short(v) := v if count(v) <= 60

_short(v) := concat("", [substring(v, 0, 57), "..."]) if count(v) > 60
