# METADATA
# title: Functions that APIM calls have Easy Auth on
# description: |
#   A site in the estate that an APIM API or backend targets must have App
#   Service authentication (Easy Auth) enabled with the Microsoft Entra
#   provider on and a client ID, or the managed-identity token APIM sends is
#   never checked: anyone can call the Function. A site with an Easy Auth
#   config counts as a Function even when its kind is unknown.
# custom:
#   id: easyauth-enabled
#   severity: error
#   remediation: Add a Microsoft.Web/sites/config 'authsettingsV2' with platform.enabled true and identityProviders.azureActiveDirectory enabled, with registration.clientId.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/easyauth-enabled.md
package apimlint.rules["easyauth-enabled"]

import data.apimlint.lib.chain
import data.apimlint.lib.known
import data.apimlint.lib.result

report contains result.with_related(result.fail(rego.metadata.chain(), ea.enabled.location, msg), chain.callers(site)) if {
	some site in chain.targeted
	some ea in chain.configs(site)
	known.is_false(ea.enabled)
	msg := sprintf("Easy Auth of the Function app %q, which APIM calls, is turned off (%s is false): the Function does not check who calls it; set it to true", [input.sites[site].name, _enabled_name(ea)])
}

report contains result.with_related(result.fail(rego.metadata.chain(), ea.aad_enabled.location, msg), chain.callers(site)) if {
	some site in chain.targeted
	some ea in chain.configs(site)
	not known.false_at(ea, "enabled")
	known.is_false(ea.aad_enabled)
	msg := sprintf("the Microsoft Entra provider of the Function app %q, which APIM calls, is turned off: APIM's managed-identity token is not checked; enable it", [input.sites[site].name])
}

report contains result.with_related(result.fail(rego.metadata.chain(), ea.location, msg), chain.callers(site)) if {
	some site in chain.targeted
	some ea in chain.configs(site)
	ea.version == "v2"
	not known.false_at(ea, "enabled")
	not known.false_at(ea, "aad_enabled")
	not ea.client_id
	msg := sprintf("Easy Auth of the Function app %q, which APIM calls, has no Microsoft Entra client ID (identityProviders.azureActiveDirectory.registration.clientId): no token can be validated; set it to the client ID of the Function's app registration", [input.sites[site].name])
}

# A declared Function app that APIM calls with a managed-identity token but
# that has no Easy Auth config at all.
report contains result.with_related(result.fail(rego.metadata.chain(), s.location, msg), chain.callers(site)) if {
	some site, effs in chain.calls
	s := input.sites[site]
	not s.existing
	s.is_function
	count(s.easy_auth) == 0
	some e in effs
	count(chain.msi(e)) > 0
	msg := sprintf("the Function app %q is called with a managed-identity token but has no Easy Auth configuration (authsettingsV2) in the checked files: the token is never checked; add one with the Microsoft Entra provider", [s.name])
}

_enabled_name(ea) := "platform.enabled" if ea.version == "v2"

_enabled_name(ea) := "enabled" if ea.version == "v1"
