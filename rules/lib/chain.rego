# METADATA
# description: |
#   Helpers for rules that follow a request from APIM to a Function app: which
#   sites APIM calls, through which effective policies, and the Easy Auth
#   configs and app registrations behind them.
package apimlint.lib.chain

import data.apimlint.lib.policy

# calls[site_id] holds the effective policies whose requests go to the site.
calls := {site: {input.effective[id] | some id in ids} | some site, ids in input.index.calls}

# targeted holds the IDs of sites an API or a backend entity targets.
targeted contains site if some site, _ in input.index.calls

targeted contains b.site if {
	some b in input.backends
	b.site
}

# easy_auth_function holds for a site with an Easy Auth config.
easy_auth_function(site) if count(input.sites[site].easy_auth) > 0

# configs returns the Easy Auth configs of a site.
configs(site) := [input.easy_auth[id] | some id in input.sites[site].easy_auth]

# msi returns the authentication-managed-identity elements an effective
# inbound holds, with the statement that holds each: [statement, element].
# The element is the statement, or inside it (a branch of a <choose>).
msi(e) := [[st, el] |
	some st in e.sections.inbound
	holds_msi(st)
	some el in msi_of(st)
]

# holds_msi holds for an effective statement that is, or holds, an
# authentication-managed-identity.
holds_msi(st) if _msi_by[[st.policy, st.element]]

# msi_of returns the authentication-managed-identity elements an effective
# statement is or holds; empty for a statement that holds none.
msi_of(st) := object.get(_msi_by, [[st.policy, st.element]], set())

# token_policies are the IDs of the policies that obtain a token.
token_policies := {pid | some [pid, _] in object.keys(_msi_by)}

# _msi_by maps [policy ID, statement] to the authentication-managed-identity
# elements that statement is or holds.
_msi_by := {key: els |
	some [pid, top, _] in _msi_found
	key := [pid, top]
	els := {el | some [p2, t2, el] in _msi_found; p2 == pid; t2 == top}
}

# _msi_found holds [policy ID, statement, element] for every
# authentication-managed-identity and the top-level statement of a section
# or fragment it is or is inside of, but not inside a send-request or
# send-one-way-request (their token is for that request).
_msi_found contains [p.id, statement(p, el), el] if {
	some [p, el] in policy.located("authentication-managed-identity")
	not policy.in_side_request(p, el)
}

# statement returns the index of the top-level statement (of a section, or
# of a fragment) that el is or is inside of; p is the policy, or its head
# (policy.located).
statement(_, el) := el.statement if el.statement >= 0

# An input made by hand, without statement: from the sections.
statement(p, el) := el.index if {
	not el.statement
	_top(p, el)
}

statement(p, el) := i if {
	not el.statement
	some i in el.ancestors
	_top(p, input.policies[p.id].elements[i])
}

# _top holds for a top-level statement: a child of a section, or of a
# fragment's root.
_top(p, el) if {
	some s in input.policies[p.id].sections
	el.parent == s.element
}

_top(p, el) if {
	root := input.policies[p.id].root
	el.parent == root
	input.policies[p.id].elements[root].name == "fragment"
}

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

_callers := {site: cs | some [site, _] in _caller_list; cs := {c | some [s, c] in _caller_list; s == site}}

_caller_list contains [b.site, {"location": b.location, "message": sprintf("backend %q points to it", [b.name])}] if {
	some b in input.backends
	b.site != ""
}

_caller_list contains [site, {"location": e.backend.location, "message": sprintf("API %q sends its requests to it", [input.apis[e.api].name])}] if {
	some site, effs in calls
	some e in effs
}
