# METADATA
# title: Keep <base /> in every section
# description: |
#   At workspace, product, API and operation scope every section (inbound,
#   backend, outbound, on-error) must keep <base /> as a direct child, or the
#   policies of the broader scopes (an IP filter, JWT validation, the managed
#   identity token) silently stop running for it. A missing section is a
#   warning at <policies>. Global policies and fragments have no parent scope.
# custom:
#   id: policy-base-required
#   severity: error
#   remediation: Add <base /> as a direct child of the section, normally first.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/policy-base-required.md
package apimlint.rules["policy-base-required"]

import data.apimlint.lib.policy
import data.apimlint.lib.result

_sections := ["inbound", "backend", "outbound", "on-error"]

# The index lists the sections without <base /> and the documents missing a
# section, so the rule reads those, not every section of every policy.
report contains result.fail(rego.metadata.chain(), input.policies[ref.policy].sections[name].location, msg) if {
	some ref in input.index.sections_without_base
	p := policy.head(ref.policy)
	policy.scoped(p)
	name := ref.section
	msg := sprintf("%s section of the %s has no <base />: the %s policies of broader scopes do not run here", [
		name, policy.describe(p), name,
	])
}

report contains result.fail_as(rego.metadata.chain(), root.location, msg, "warning") if {
	some pid in input.index.policies_missing_sections
	p := policy.head(pid)
	policy.scoped(p)
	root := input.policies[pid].elements[input.policies[pid].root]
	missing := [name | some name in _sections; not input.policies[pid].sections[name]]
	msg := sprintf("the %s has no %s section, so it inherits nothing there; add it with <base />", [
		policy.describe(p), concat(", ", missing),
	])
}
