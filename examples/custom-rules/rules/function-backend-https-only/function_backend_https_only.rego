# METADATA
# title: A Function app APIM calls refuses plain HTTP
# description: |
#   APIM calls our Function apps over HTTPS, but a Function app that still
#   accepts plain HTTP can be called around APIM without TLS. This rule
#   follows each API from its policy to the backend it sends requests to
#   (set-backend-service, a backend entity, or the serviceUrl) and on to the
#   Function app resource behind it, and requires httpsOnly on that app.
# custom:
#   id: function-backend-https-only
#   severity: error
#   remediation: Set properties.httpsOnly to true on the Function app.
package apimlint.rules["function-backend-https-only"]

import data.apimlint.lib.result

# One finding per API and Function app, at the place that chooses the
# backend, with the Function app as the related location.
report contains finding if {
	some e in input.effective
	site := input.sites[e.backend.site]
	some r in input.resources
	r.node == e.backend.site
	not _https_only(r)
	msg := sprintf("API %q sends requests to the Function app %q, which accepts plain HTTP too (httpsOnly is %s): set properties.httpsOnly to true", [input.apis[e.api].name, site.name, _state(r)])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), e.backend.location, msg),
		[result.related(r.location, sprintf("Function app %q", [site.name]))],
	)
}

_https_only(r) if r.properties.httpsOnly == true

# A value only known at deployment (an expression) is not judged.
_https_only(r) if is_string(r.properties.httpsOnly)

_state(r) := "false" if r.properties.httpsOnly == false

_state(r) := "not set" if not "httpsOnly" in object.keys(object.get(r, "properties", {}))
