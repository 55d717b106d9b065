# METADATA
# title: Every API sets the correlation header
# description: |
#   Our services trace a request across APIM and the backends by the
#   x-correlation-id header. Every API must set it in its inbound policies,
#   at any scope (global, product, API or operation), so that each request
#   reaching a backend carries one. The header name is a parameter:
#   rules.required-correlation-header.params.header in .apimlint.yaml.
# custom:
#   id: required-correlation-header
#   severity: warning
#   remediation: Add <set-header name="x-correlation-id" exists-action="skip"> with @(context.RequestId.ToString()) to the global or API inbound section.
package apimlint.rules["required-correlation-header"]

import data.apimlint.lib.config
import data.apimlint.lib.result

# header is the name the configuration sets, else x-correlation-id.
header := lower(config.param("required-correlation-header", "header", "x-correlation-id"))

# The effective inbound of every operation (or API without operations) is
# checked: the statements of every scope, <base /> and fragments expanded.
report contains result.fail(rego.metadata.chain(), _api_location(api), msg) if {
	some e in input.effective
	api := input.apis[e.api]
	not _sets_header(e)
	msg := sprintf("API %q does not set the %s header in its inbound policies at any scope: add <set-header name=%q exists-action=\"skip\">", [api.name, header, header])
}

_sets_header(e) if {
	some st in e.sections.inbound
	st.name == "set-header"
	el := input.policies[st.policy].elements[st.element]
	lower(el.attributes.name.value) == header
}

# _api_location is the API's policy document, else the API itself.
_api_location(api) := input.policies[api.policy].location if api.policy

_api_location(api) := api.location if not api.policy
