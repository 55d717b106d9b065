# METADATA
# title: Forward the managed-identity token from its variable
# description: |
#   When authentication-managed-identity stores the token in a variable
#   (output-token-variable-name), a later set-header name="Authorization" in
#   the same section must read that variable, or the backend receives no token
#   (or another one). Reported at the <value> that reads another variable, or
#   at authentication-managed-identity when no such set-header follows.
# custom:
#   id: token-header-uses-output-variable
#   severity: error
#   remediation: Add <set-header name="Authorization" exists-action="override"><value>@("Bearer " + (string)context.Variables["VAR"])</value></set-header> after it.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/token-header-uses-output-variable.md
package apimlint.rules["token-header-uses-output-variable"]

import data.apimlint.lib.policy
import data.apimlint.lib.result

# _token_msi are the MSI statements that store their token in a variable.
_token_msi contains [p, mi, var] if {
	some [p, mi] in policy.located("authentication-managed-identity")
	policy.literal(mi, "output-token-variable-name")
	var := policy.attr(mi, "output-token-variable-name", "")
}

# _auth_headers are the set-header Authorization statements after an MSI
# statement in the same section.
_auth_headers(p, mi) := [h |
	some h in policy.authorization_headers[p.id]
	h.section == mi.section
	policy.after(mi, h)
]

_includes_in := {pid: incs | some [pid, _] in _includes; incs := {inc | some [id, inc] in _includes; id == pid}}

_includes contains [p.id, inc] if some [p, inc] in policy.located("include-fragment")

# _fragment_follows: an include-fragment later in the section may set the
# header (a fragment that forwards the token); its content is not judged
# here, so nothing is reported.
_fragment_follows(p, mi) if {
	some inc in _includes_in[p.id]
	inc.section == mi.section
	policy.after(mi, inc)
}

_values(p, h) := [el | some i in h.children; el := input.policies[p.id].elements[i]; el.name == "value"]

# In a fragment (no section) the including policy may set the header after
# include-fragment, so only the variable a header reads is judged there. A
# fragment's statement is judged at each include (anchor), with the
# statement as the related place.
report contains finding if {
	some [p, anchor, own, mi] in policy.placed("authentication-managed-identity")
	anchor.section != ""
	policy.literal(mi, "output-token-variable-name")
	var := policy.attr(mi, "output-token-variable-name", "")
	count(_auth_headers(p, anchor)) == 0
	not _fragment_follows(p, anchor)
	count(_auth_headers(own, mi)) == 0
	msg := sprintf("the token is stored in variable %q but no set-header name=\"Authorization\" follows in the %s section: the backend gets no token; add one whose value reads context.Variables[%q]", [var, anchor.section, var])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), anchor.location, msg),
		[result.related(mi.location, sprintf("authentication-managed-identity in the included fragment stores its token in %q", [var])) | anchor != mi],
	)
}

report contains finding if {
	some [p, mi, var] in _token_msi
	headers := _auth_headers(p, mi)
	count(headers) > 0
	not _any_reads(p, headers, var)
	some h in headers
	some v in _values(p, h)
	read := policy.variables_read(v.text)
	count(read) > 0
	msg := sprintf("the Authorization header reads %s, but the managed-identity token is stored in %q: the backend gets another token; read context.Variables[%q]", [_names(read), var, var])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), object.get(v, "text_location", v.location), msg),
		[result.related(mi.location, sprintf("authentication-managed-identity stores its token in %q", [var]))],
	)
}

_any_reads(p, headers, var) if {
	some h in headers
	some v in _values(p, h)
	var in policy.variables_read(v.text)
}

_names(set) := concat(", ", [sprintf("%q", [n]) | some n in set])
