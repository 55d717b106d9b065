# METADATA
# title: No shared platform audience for a Function backend
# description: |
#   A managed-identity token for a shared Azure audience (Azure Resource
#   Manager, Graph, Storage, Key Vault, ...) is one any identity in the tenant
#   can obtain. A Function that accepts it (allowedAudiences listing ARM's
#   audiences) lets in every such caller unless something else restricts
#   them. Use the Function's own app registration as the audience.
# custom:
#   id: mi-resource-not-platform-audience
#   severity: warning
#   remediation: Register an app for the Function, set Easy Auth's client ID to it, and use that client ID as resource.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/mi-resource-not-platform-audience.md
package apimlint.rules["mi-resource-not-platform-audience"]

import data.apimlint.lib.chain
import data.apimlint.lib.policy
import data.apimlint.lib.result

report contains finding if {
	some site, effs in chain.calls
	chain.easy_auth_function(site)
	some e in effs
	some [_, el] in chain.msi(e)
	policy.literal(el, "resource")
	resource := policy.attr(el, "resource", "")
	chain.is_platform_audience(resource)
	msg := sprintf("resource %q is a shared platform audience: any identity in the tenant can obtain a token for it, so the Function app %q cannot tell APIM from other callers; use the Function's own app registration (Easy Auth client ID)", [resource, input.sites[site].name])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), policy.attr_loc(el, "resource"), msg),
		[result.related(_ea_loc(ea), "Easy Auth of the Function app") | some ea in chain.configs(site)],
	)
}

_ea_loc(ea) := ea.allowed_audiences.location if ea.allowed_audiences

_ea_loc(ea) := ea.location if not ea.allowed_audiences
