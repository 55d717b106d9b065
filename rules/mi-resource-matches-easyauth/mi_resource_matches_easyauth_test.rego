package apimlint.rules["mi-resource-matches-easyauth_test"]

import data.apimlint.rules["mi-resource-matches-easyauth"] as rule

_loc(line) := {"file": "main.json", "line": line, "column": 1, "end_line": line, "end_column": 2}

_field(v, line) := {"value": v, "known": true, "location": _loc(line)}

# _input (no app registration in the estate) is a policy calling a Function whose Easy Auth accepts only its
# client ID and api://orders: written by hand until a template reader can
# build it from files.
_input := {
	"effective": {"e1": {
		"backend": {"site": "fn"},
		"sections": {"inbound": [{"policy": "p", "element": 0, "name": "authentication-managed-identity"}]},
	}},
	"policies": {"p": {"elements": [{
		"name": "authentication-managed-identity",
		"attributes": {"resource": {"value": "api://orders-gateway", "expression": false, "location": _loc(4)}},
		"location": _loc(4),
	}]}},
	"sites": {"fn": {"name": "func-orders", "easy_auth": ["ea"]}},
	"easy_auth": {"ea": {
		"client_id": _field("11111111-1111-1111-1111-111111111111", 20),
		"allowed_audiences": _field(["api://orders"], 21),
	}},
	"app_registrations": {},
}

test_unlisted_resource_is_reported if {
	some f in rule.report with input as _input
	f.rule == "mi-resource-matches-easyauth"
	f.location == _loc(4)
	f.message == "resource \"api://orders-gateway\" is neither the Easy Auth client ID (11111111-1111-1111-1111-111111111111), nor in allowedAudiences (api://orders), nor an identifierUri of the app registration (not in the checked files): Entra refuses the token request and APIM answers 500"
}

test_extra_audience_from_the_configuration_passes if {
	count(rule.report) == 0 with input as _input
		with data.apimlint.config as {"rules": {"mi-resource-matches-easyauth": {"params": {"extra-audiences": ["API://orders-gateway/"]}}}}
}

test_other_extra_audience_still_reports if {
	count(rule.report) == 1 with input as _input
		with data.apimlint.config as {"rules": {"mi-resource-matches-easyauth": {"params": {"extra-audiences": ["api://other"]}}}}
}
