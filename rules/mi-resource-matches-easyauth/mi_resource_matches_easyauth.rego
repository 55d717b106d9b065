# METADATA
# title: The managed-identity resource is the Function's audience
# description: |
#   authentication-managed-identity asks Entra ID for a token for resource.
#   Easy Auth in front of the Function accepts it only when resource is the
#   Easy Auth client ID, or an Application ID URI that is both listed in
#   allowedAudiences and registered in the app's identifierUris (else Entra
#   refuses the token request: AADSTS500011, and APIM answers 500).
#   Audiences accepted by means the checked files do not show can be listed
#   in .apimlint.yaml: rules.mi-resource-matches-easyauth.params.extra-audiences.
# custom:
#   id: mi-resource-matches-easyauth
#   severity: error
#   remediation: Set resource to the Easy Auth client ID (the bare application ID).
#   doc: https://github.com/apimlint/apimlint/blob/main/docs/rules/mi-resource-matches-easyauth.md
package apimlint.rules["mi-resource-matches-easyauth"]

import data.apimlint.lib.chain
import data.apimlint.lib.config
import data.apimlint.lib.known
import data.apimlint.lib.policy
import data.apimlint.lib.result

report contains finding if {
	some site, effs in chain.calls
	some e in effs
	some [_, el] in chain.msi(e)
	policy.literal(el, "resource")
	resource := policy.attr(el, "resource", "")
	not policy.references_named_value(resource)
	not chain.is_platform_audience(resource)
	not _extra_audience(resource)
	some ea in chain.configs(site)
	client := known.string(ea.client_id)
	not chain.same(resource, client)
	audiences := _audiences(ea)
	not _accepted(resource, audiences, ea)
	msg := _verdict(resource, client, audiences, ea)
	finding := result.with_related(
		result.fail(rego.metadata.chain(), policy.attr_loc(el, "resource"), msg),
		_related(ea),
	)
}

# _extra_audience holds for an audience the configuration says is accepted.
_extra_audience(resource) if {
	some a in config.param("mi-resource-matches-easyauth", "extra-audiences", [])
	chain.same(a, resource)
}

# _audiences are the allowed audiences when every one is known; none when the
# property is left out.
_audiences(ea) := auds if {
	auds := known.value(ea.allowed_audiences)
	_strings(auds)
}

_audiences(ea) := [] if not ea.allowed_audiences

_strings(list) if {
	is_array(list)
	every x in list {
		is_string(x)
	}
}

# _accepted: the client ID's only rival is a listed audience that is also
# registered (or whose registration is not in the estate, so we cannot tell).
_accepted(resource, audiences, ea) if {
	_some_same(audiences, resource)
	not _unregistered(resource, ea)
}

# _unregistered: the app registration is in the estate, all its identifier
# URIs are known, and resource is not among them.
_unregistered(resource, ea) if {
	uris := known.value(input.app_registrations[ea.app_registration].identifier_uris)
	_strings(uris)
	not _some_same(uris, resource)
}

_some_same(list, x) if {
	some y in list
	chain.same(x, y)
}

_refused := "Entra refuses the token request (AADSTS500011) and APIM answers 500"

_verdict(resource, client, audiences, ea) := msg if {
	not _some_same(audiences, resource)
	_unregistered(resource, ea)
	msg := sprintf("resource %q is neither the Easy Auth client ID (%s), nor in allowedAudiences (%s), nor an identifierUri of the app registration (identifierUris %s): %s; set resource to the client ID", [resource, client, _list(audiences), _list(_uris(ea)), _refused])
}

_verdict(resource, client, audiences, ea) := msg if {
	not _some_same(audiences, resource)
	not _unregistered(resource, ea)
	msg := sprintf("resource %q is neither the Easy Auth client ID (%s) nor in allowedAudiences (%s): Easy Auth of the Function app %q rejects the token (401); set resource to the client ID", [resource, client, _list(audiences), input.sites[ea.site].name])
}

_verdict(resource, client, audiences, ea) := msg if {
	_some_same(audiences, resource)
	_unregistered(resource, ea)
	msg := sprintf("resource %q is in allowedAudiences but not an identifierUri of the app registration (identifierUris %s): %s; set resource to the client ID (%s), or register the URI", [resource, _list(_uris(ea)), _refused, client])
}

_list(l) := "empty" if count(l) == 0

_list(l) := concat(", ", l) if count(l) > 0

_uris(ea) := known.value(input.app_registrations[ea.app_registration].identifier_uris)

_related(ea) := array.concat(
	[result.related(ea.client_id.location, "Easy Auth client ID")],
	array.concat(
		[result.related(ea.allowed_audiences.location, "allowedAudiences") | ea.allowed_audiences],
		[result.related(uris.location, "identifierUris of the app registration") |
			uris := input.app_registrations[ea.app_registration].identifier_uris
		],
	),
)
