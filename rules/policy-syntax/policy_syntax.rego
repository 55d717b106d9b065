# METADATA
# title: Policy documents must parse
# description: |
#   The policy document cannot be read even as rawxml (policy expressions
#   written verbatim): APIM rejects it at deployment. The finding sits at the
#   first fault; other files are still checked.
# custom:
#   id: policy-syntax
#   severity: error
#   remediation: "Fix the XML at the reported position: close the element, quote the attribute, end the comment."
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/policy-syntax.md
package apimlint.rules["policy-syntax"]

import data.apimlint.lib.result

report contains result.fail_as(rego.metadata.chain(), d.location, d.message, severity) if {
	some d in input.diagnostics
	d.rule == "policy-syntax"
	severity := object.get(d, "severity", "error")
}

# A policy file that holds no XML at all (empty, or plain text) has no first
# fault for the reader to point at: the finding sits at the start of the file.
report contains result.fail(rego.metadata.chain(), p.location, msg) if {
	some pid in input.index.contents["not-xml"]
	p := input.policies[pid]
	some f in input.files
	f.path == p.file
	f.kind in {"policy", "apiops-policy"}
	msg := "expected a policy document (<policies>, or <fragment> in a fragment), found no XML"
}

# A document placed at a scope must have that scope's root: <policies>, or
# <fragment> for a fragment. Loose files, which nothing places, may be
# either (and other XML files are left alone).
report contains result.fail(rego.metadata.chain(), root.location, msg) if {
	some pid in _misrooted_candidates
	input.policies[pid].parsed
	i := input.policies[pid].root
	i >= 0
	[want, what] := _root[input.policies[pid].scope]
	root := input.policies[pid].elements[i]
	root.name != want
	msg := sprintf("the root element is <%s>, but %s is a <%s> document: APIM rejects it", [root.name, what, want])
}

_root := {
	"global": ["policies", "the global policy"],
	"workspace": ["policies", "a workspace policy"],
	"product": ["policies", "a product policy"],
	"api": ["policies", "an API policy"],
	"operation": ["policies", "an operation policy"],
	"fragment": ["fragment", "a policy fragment"],
}

# Every document whose root is not <policies>, and the fragments (whose root
# must be <fragment>): the many <policies> documents are not read.
_misrooted_candidates contains pid if {
	some name, pids in input.index.roots
	name != "policies"
	some pid in pids
}

_misrooted_candidates contains f.policy if some f in input.fragments
