# METADATA
# title: No hard-coded secrets in policies
# description: |
#   Credentials written into a policy end up in every clone of the repository
#   and in the portal: literal bearer or basic Authorization values, JWTs,
#   Function keys (x-functions-key, code=), SAS signatures (sig=),
#   authentication-basic passwords and symmetric signing keys. Keep them in
#   secret or Key Vault named values and write {{name}}. A SAS signature, a
#   Function key in a query string or a JWT in an XML comment is reported
#   too. Findings never print the secret: only its first characters.
# custom:
#   id: no-hardcoded-secrets
#   severity: error
#   remediation: Move the value to a secret (or Key Vault) named value and reference it as {{name}}.
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/no-hardcoded-secrets.md
package apimlint.rules["no-hardcoded-secrets"]

import data.apimlint.lib.policy
import data.apimlint.lib.result

_fail(loc, what, secret, where) := result.with_secret(
	result.fail(rego.metadata.chain(), loc, sprintf("hard-coded %s (%s) in %s: keep it in a secret named value and write {{name}} instead", [what, policy.mask(secret), where])),
	secret,
)

# Literal credentials in headers and query parameters.
report contains _fail(v.text_location, what, secret, sprintf("%s %q", [h.name, policy.attr(h, "name", "")])) if {
	some name in ["set-header", "set-query-parameter"]
	some header in _credential_names
	some [p, h] in policy.named(name, header)
	some i in h.children
	v := input.policies[p.id].elements[i]
	[what, secret] := _header_credential(h, v)
	not _placeholder(secret)
}

# _credential_names are the headers and query parameters _credential knows:
# the others are passed over before their values are read.
_credential_names := {"x-functions-key", "code", "authorization"}

# _header_credential returns [what, secret] for a literal <value> of a header
# or query parameter that holds a credential.
_header_credential(h, v) := _credential(lower(policy.attr(h, "name", "")), trim_space(v.text)) if {
	v.name == "value"
	not v.text_expression
	not policy.references_named_value(v.text)
}

# _header_reports holds for a <value> the header rule above already reports
# (a bearer JWT is one finding, not two).
_header_reports(p, v) if _header_credential(p.elements[v.parent], v)

_credential(header, text) := ["Function key", text] if {
	header in {"x-functions-key", "code"}
	text != ""
}

_credential("authorization", text) := ["bearer token", m[1]] if {
	m := regex.find_all_string_submatch_n(`(?i)^bearer\s+(\S{8,})$`, text, 1)[0]
}

_credential("authorization", text) := ["basic credentials", m[1]] if {
	m := regex.find_all_string_submatch_n(`(?i)^basic\s+(\S{8,})$`, text, 1)[0]
}

# authentication-basic with a literal password.
report contains _fail(policy.attr_loc(el, "password"), "password", pw, "authentication-basic") if {
	some [_, el] in policy.located("authentication-basic")
	policy.literal(el, "password")
	pw := policy.attr(el, "password", "")
	pw != ""
	not policy.references_named_value(pw)
	not _placeholder(pw)
}

# Literal symmetric signing keys of validate-jwt.
report contains _fail(object.get(k, "text_location", k.location), "signing key", k.text, "validate-jwt issuer-signing-keys") if {
	some [p, el] in policy.located("issuer-signing-keys")
	some i in el.children
	k := input.policies[p.id].elements[i]
	k.name == "key"
	not k.text_expression
	count(k.text) >= 16
	not policy.references_named_value(k.text)
	not _placeholder(k.text)
}

# Secrets inside URLs and any other value: SAS signatures, Function keys in
# query strings, JWTs. Only policies whose text holds the marker are read.
_patterns := {
	"sig=": ["SAS signature", `(?i)[?&;]sig=([A-Za-z0-9%+/=_-]{16,})`],
	"code=": ["Function key", `(?i)[?&;]code=([A-Za-z0-9%+/=_-]{20,})`],
	"eyJ": ["JWT", `(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})`],
}

report contains _fail(loc, what, m[1], where) if {
	some marker, [what, pattern] in _patterns
	some pid in object.get(input.index.text_contains, marker, [])
	p := input.policies[pid]
	some el in p.elements
	not _header_reports(p, el)
	some [s, loc, where] in _strings(el)
	some m in regex.find_all_string_submatch_n(pattern, s, -1)
	not _placeholder(m[1])
}

# The same secrets in a comment: it is in every clone of the repository
# too, though APIM never runs it.
report contains finding if {
	some marker, [what, pattern] in _patterns
	some pid in object.get(input.index.text_contains, marker, [])
	some c in input.policies[pid].comments
	some m in regex.find_all_string_submatch_n(pattern, c.text, -1)
	not _placeholder(m[1])
	msg := sprintf("hard-coded %s (%s) in a comment: remove it, and replace the secret if it was ever real", [what, policy.mask(m[1])])
	finding := result.with_secret(result.fail(rego.metadata.chain(), c.location, msg), m[1])
}

# _placeholder holds for a token that the deployment pipeline replaces with
# the real value: __NAME__, #{NAME}#, {#NAME#} (APIOps configuration files)
# and $(NAME). The secret is then kept elsewhere, so it is not hard-coded.
_placeholder(s) if regex.match(`^(__[A-Za-z0-9_.-]+__|#\{[^}]+\}#|\{#[^#]+#\}|\$\([^)]+\))$`, s)

_strings(el) := [[a.value, a.location, sprintf("%s %s", [el.name, name])] | some name, a in el.attributes] if el.text == ""

_strings(el) := array.concat(
	[[a.value, a.location, sprintf("%s %s", [el.name, name])] | some name, a in el.attributes],
	[[el.text, object.get(el, "text_location", el.location), el.name]],
) if el.text != ""
