# METADATA
# description: |
#   Helpers for rules that follow a request from APIM to a Function app: which
#   sites APIM calls, through which effective policies, and the Easy Auth
#   configs and app registrations behind them.
package apimlint.lib.chain

# calls[site_id] holds the effective policies whose requests go to the site.
calls[site] contains e if {
	some e in input.effective
	site := e.backend.site
	site != ""
}

# targeted holds the IDs of sites an API or a backend entity targets.
targeted contains site if some site, _ in calls

targeted contains b.site if {
	some b in input.backends
	b.site
}

# easy_auth_function holds for a site with an Easy Auth config.
easy_auth_function(site) if count(input.sites[site].easy_auth) > 0

# configs returns the Easy Auth configs of a site.
configs(site) := [input.easy_auth[id] | some id in input.sites[site].easy_auth]

# msi returns the managed-identity statements of an effective inbound, with
# their elements: [statement, element].
msi(e) := [[st, input.policies[st.policy].elements[st.element]] |
	some st in e.sections.inbound
	st.name == "authentication-managed-identity"
]

# platform_audiences are shared Azure audiences: any identity in the tenant
# can obtain a token for them.
platform_audiences := {
	"https://management.azure.com",
	"https://management.core.windows.net",
	"https://graph.microsoft.com",
	"https://graph.windows.net",
	"https://storage.azure.com",
	"https://vault.azure.net",
	"https://database.windows.net",
	"https://servicebus.azure.net",
	"https://eventhubs.azure.net",
	"https://cognitiveservices.azure.com",
	"https://monitor.azure.com",
	"https://ossrdbms-aad.database.windows.net",
}

# is_platform_audience holds for those audiences, with or without a slash.
is_platform_audience(s) if trim_right(lower(trim_space(s)), "/") in platform_audiences

# same compares identifiers the way Entra does: without case, and without a
# trailing slash.
same(a, b) if trim_right(lower(trim_space(a)), "/") == trim_right(lower(trim_space(b)), "/")

# callers returns the places that send APIM's requests to a site, as related
# locations for findings about the site: the backend entities that point to
# it and the set-backend-service (or serviceUrl) of the APIs whose effective
# policies reach it, ordered by file and position.
callers(site) := [r |
	some [_, _, _, r] in sort([[c.location.file, c.location.line, c.location.column, c] | some c in _callers[site]])
]

_callers[site] contains {"location": b.location, "message": sprintf("backend %q points to it", [b.name])} if {
	some b in input.backends
	site := b.site
	site != ""
}

_callers[site] contains {"location": e.backend.location, "message": sprintf("API %q sends its requests to it", [input.apis[e.api].name])} if {
	some site, effs in calls
	some e in effs
}
