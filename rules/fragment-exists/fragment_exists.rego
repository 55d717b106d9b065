# METADATA
# title: include-fragment names an existing fragment
# description: |
#   fragment-id names a policy fragment of the same service. When the estate
#   declares the service's fragments (an APIOps folder, or fragment resources
#   in a template), a name that is not among them fails at deployment.
# custom:
#   id: fragment-exists
#   severity: error
#   remediation: Use the name of a declared policy fragment, or declare it.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/fragment-exists.md
package apimlint.rules["fragment-exists"]

import data.apimlint.lib.policy
import data.apimlint.lib.result

# The linker lists the include-fragment elements whose literal fragment-id
# names no fragment the policy can use (input.index.unresolved.fragments);
# the rule judges those few.
report contains finding if {
	some ref in input.index.unresolved.fragments
	p := policy.head(ref.policy)
	el := input.policies[ref.policy].elements[ref.element]
	id := policy.attr(el, "fragment-id", "")
	svc := input.services[p.service]
	svc.known.fragments
	frags := [f | some fid in svc.fragments; f := input.fragments[fid]; policy.visible(p, f)]
	msg := sprintf("fragment-id %q does not name a policy fragment of this service; declared fragments: %s", [id, _list(frags)])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), policy.attr_loc(el, "fragment-id"), msg),
		[result.related(f.location, sprintf("fragment %q", [f.name])) | some f in array.slice(frags, 0, 3)],
	)
}

_list(frags) := "none" if count(frags) == 0

_list(frags) := concat(", ", sort([sprintf("%q", [f.name]) | some f in frags])) if count(frags) > 0

# fragment-id takes the fragment's name as written: no policy expression.
report contains result.fail(rego.metadata.chain(), policy.attr_loc(el, "fragment-id"), msg) if {
	some [_, el] in policy.located("include-fragment")
	el.attributes["fragment-id"].expression
	msg := sprintf("fragment-id %q is a policy expression, which include-fragment does not accept: APIM rejects the policy; write the fragment's name", [policy.attr(el, "fragment-id", "")])
}
