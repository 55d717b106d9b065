# METADATA
# title: The Function's app registration has no redirect URIs
# description: |
#   The app registration behind the Easy Auth of a Function that APIM calls
#   only needs to accept access tokens. Redirect URIs (web, SPA, public
#   client; legacy replyUrlsWithType), which the portal's express setup adds
#   for interactive sign-in, let the app be used to sign users in and widen
#   what can be obtained for it.
# custom:
#   id: appreg-no-redirect-uris
#   severity: warning
#   remediation: Remove the redirect URIs (web.redirectUris, spa.redirectUris, publicClient.redirectUris).
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/appreg-no-redirect-uris.md
package apimlint.rules["appreg-no-redirect-uris"]

import data.apimlint.lib.chain
import data.apimlint.lib.result

report contains result.fail(rego.metadata.chain(), uris[0].location, msg) if {
	some site in chain.targeted
	some ea in chain.configs(site)
	app := input.app_registrations[ea.app_registration]
	uris := [u | some u in app.redirect_uris; u.known]
	count(uris) > 0
	msg := sprintf("the app registration of the Easy Auth of Function app %q has %d redirect URI(s), starting with %q: an app that only accepts APIM's tokens needs none; remove them", [input.sites[site].name, count(uris), uris[0].value])
}
