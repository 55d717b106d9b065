# METADATA
# title: Backends are called over HTTPS
# description: |
#   A backend url or an API serviceUrl with http:// sends requests, and the
#   managed-identity token or Function key they carry, in clear text.
# custom:
#   id: backend-https
#   severity: error
#   remediation: Use the https:// address of the backend.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/backend-https.md
package apimlint.rules["backend-https"]

import data.apimlint.lib.known
import data.apimlint.lib.result

report contains result.fail(rego.metadata.chain(), b.url.location, msg) if {
	some b in input.backends
	url := known.string(b.url)
	startswith(lower(url), "http://")
	msg := sprintf("backend %q has url %q: requests and their credentials travel in clear text; use https://", [b.name, url])
}

report contains result.fail(rego.metadata.chain(), api.service_url.location, msg) if {
	some api in input.apis
	url := known.string(api.service_url)
	startswith(lower(url), "http://")
	msg := sprintf("API %q has serviceUrl %q: requests and their credentials travel in clear text; use https://", [api.name, url])
}
