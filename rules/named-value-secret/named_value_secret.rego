# METADATA
# title: Keys and passwords come from secret named values
# description: |
#   A named value that carries a credential (a Function key in a backend's
#   credentials or an x-functions-key / code / Authorization header, a basic
#   or certificate password) must be secret or Key Vault backed. Otherwise its
#   value shows in the portal, in exports and in every extracted repository.
# custom:
#   id: named-value-secret
#   severity: error
#   remediation: Set secret to true, or better, back the named value with a Key Vault secret (keyVault.secretIdentifier).
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/named-value-secret.md
package apimlint.rules["named-value-secret"]

import data.apimlint.lib.known
import data.apimlint.lib.result

_credential_headers := {"x-functions-key", "code", "authorization", "ocp-apim-subscription-key", "api-key", "x-api-key"}

_ref := `\{\{([A-Za-z0-9._-]+)\}\}`

# _uses are [service, named value display name, location, what] for every
# place a named value carries a credential.
_uses contains [b.service, m[1], f.location, sprintf("credentials of backend %q", [b.name])] if {
	some b in input.backends
	some kind in ["header", "query"]
	some name, values in object.get(object.get(b, "credentials", {}), kind, {})
	some f in values
	some m in regex.find_all_string_submatch_n(_ref, known.string(f), -1)
}

_uses contains [b.service, m[1], f.location, sprintf("authorization credentials of backend %q", [b.name])] if {
	some b in input.backends
	f := b.credentials.authorization
	some m in regex.find_all_string_submatch_n(_ref, object.get(known.value(f), "parameter", ""), -1)
}

# A reference used as a credential in a policy. Each kind of place starts
# from the index, which lists the few elements and policies that can hold
# one, not from every reference of the estate.
_uses contains [service, r.name, r.location, _what(pid, r)] if {
	some [pid, r] in _credential_refs
	service := input.policy_heads[pid].service
	[service, r.name] in _unprotected
}

# The named values a finding may be about: a reference to any other one
# need not be looked at.
_unprotected contains [nv.service, _display(nv)] if {
	some nv in input.named_values
	not _protected(nv)
}

# _credential_refs are [policy ID, reference] for every reference used as a
# credential: the value of a credential header or query parameter,
_credential_refs contains [h.policy, r] if {
	some element in ["set-header", "set-query-parameter"]
	some name in _credential_headers
	some h in input.index.named[element][name]
	some r in input.policies[h.policy].named_value_refs
	input.policies[h.policy].elements[r.element].parent == h.element
	input.policies[h.policy].elements[r.element].name == "value"
}

# the password of basic or certificate authentication,
_credential_refs contains [a.policy, r] if {
	some element in ["authentication-basic", "authentication-certificate"]
	some a in input.index.elements[element]
	some r in input.policies[a.policy].named_value_refs
	r.element == a.element
	r.attribute == "password"
}

# and a Function key or SAS signature in a URL: ?code={{key}},
# &sig={{sig}}. Only the policies whose text holds code= or sig= after ?, &
# or ; (in any case) are read.
_credential_refs contains [pid, r] if {
	some marker in ["code=", "sig="]
	some pid in input.index.text_contains[marker]
	some r in input.policies[pid].named_value_refs
	s := _text_of(pid, r)
	contains(s, "={{")
	some m in regex.find_all_string_submatch_n(`(?i)[?&;](?:code|sig)=\{\{([A-Za-z0-9._-]+)\}\}`, s, -1)
	m[1] == r.name
}

_text_of(pid, r) := input.policies[pid].elements[r.element].attributes[r.attribute].value if r.attribute

_text_of(pid, r) := input.policies[pid].elements[r.element].text if not r.attribute

_what(pid, r) := sprintf("%s in %s:%d", [input.policies[pid].elements[r.element].name, r.location.file, r.location.line])

# One finding per named value, however many places use it.
report contains finding if {
	some nv in input.named_values
	not _protected(nv)
	name := _display(nv)
	uses := sort([[loc.file, loc.line, loc.column, what, loc] |
		some [svc, n, loc, what] in _uses
		svc == nv.service
		n == name
	])
	count(uses) > 0
	msg := sprintf("named value %q carries a credential (%s%s) but is neither secret nor Key Vault backed: its value shows in the portal and in exports; set secret to true or back it with a Key Vault secret", [name, uses[0][3], _more(count(uses))])
	finding := result.with_related(
		result.fail(rego.metadata.chain(), _where(nv), msg),
		[result.related(u[4], "used here as a credential") | some u in array.slice(uses, 0, 3)],
	)
}

_more(1) := ""

_more(n) := sprintf(" and %d more", [n - 1]) if n > 1

_display(nv) := nv.display_name.value if nv.display_name.known

# A display name decided at deployment matches no reference we can see.
_display(nv) := nv.name if not nv.display_name

# Protected, or not known to be unprotected.
_protected(nv) if nv.key_vault.secret_identifier

_protected(nv) if known.is_true(nv.secret)

_protected(nv) if {
	nv.secret
	not nv.secret.known
}

_where(nv) := nv.secret.location if nv.secret

_where(nv) := nv.location if not nv.secret
