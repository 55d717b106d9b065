package apimlint.rules["caller-credentials-not-forwarded_test"]

import data.apimlint.rules["caller-credentials-not-forwarded"] as rule

_msg := "the caller's Ocp-Apim-Subscription-Key header is forwarded to the backend (and its logs): delete it with set-header exists-action=\"delete\""

_info(required) := sprintf(`{"properties": {"displayName": "Shop", "path": "shop", "subscriptionRequired": %s}}`, [required])

# Deleting the header in outbound acts on the response: it still reaches the
# backend.
_keeps_key := `<policies>
  <inbound>
    <base />
  </inbound>
  <outbound>
    <base />
    <set-header name="Ocp-Apim-Subscription-Key" exists-action="delete" />
  </outbound>
</policies>`

test_key_forwarded_is_a_note_at_inbound if {
	inp := apimlint.estate({
		"apis/shop/apiInformation.json": _info("true"),
		"apis/shop/policy.xml": _keeps_key,
	})
	rule.report == {{
		"rule": "caller-credentials-not-forwarded",
		"severity": "note",
		"message": _msg,
		"location": {"file": "apis/shop/policy.xml", "line": 2, "column": 3, "end_line": 2, "end_column": 12},
		"related": [],
	}} with input as inp
}

# A subscription is required unless the API says otherwise; a policy with no
# inbound section is reported at its root.
test_default_subscription_without_inbound_is_reported_at_the_root if {
	inp := apimlint.estate({"apis/shop/policy.xml": `<policies>
  <backend><forward-request /></backend>
</policies>`})
	rule.report == {{
		"rule": "caller-credentials-not-forwarded",
		"severity": "note",
		"message": _msg,
		"location": {"file": "apis/shop/policy.xml", "line": 1, "column": 1, "end_line": 1, "end_column": 11},
		"related": [],
	}} with input as inp
}

test_api_without_subscription_passes if {
	inp := apimlint.estate({
		"apis/shop/apiInformation.json": _info("false"),
		"apis/shop/policy.xml": _keeps_key,
	})
	count(rule.report) == 0 with input as inp
}

test_deleted_in_api_backend_section_passes if {
	inp := apimlint.estate({"apis/shop/policy.xml": `<policies>
  <inbound><base /></inbound>
  <backend>
    <set-header name="ocp-apim-subscription-key" exists-action="Delete" />
    <base />
  </backend>
</policies>`})
	count(rule.report) == 0 with input as inp
}

test_deleted_in_global_policy_passes if {
	inp := apimlint.estate({
		"policy.xml": `<policies>
  <inbound>
    <set-header name="Ocp-Apim-Subscription-Key" exists-action="delete" />
  </inbound>
</policies>`,
		"apis/shop/policy.xml": _keeps_key,
	})
	count(rule.report) == 0 with input as inp
}

test_deleted_in_included_fragment_passes if {
	inp := apimlint.estate({
		"policy fragments/strip-key/policy.xml": `<fragment>
  <set-header name="Ocp-Apim-Subscription-Key" exists-action="delete" />
</fragment>`,
		"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <include-fragment fragment-id="strip-key" />
  </inbound>
</policies>`,
	})
	count(rule.report) == 0 with input as inp
}

# An action computed at runtime may delete the header.
test_expression_action_passes if {
	inp := apimlint.estate({"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <set-header name="Ocp-Apim-Subscription-Key" exists-action="@((string)context.Variables["action"])" />
  </inbound>
</policies>`})
	count(rule.report) == 0 with input as inp
}

# A header named at run time, with a delete, may be the key.
test_expression_name_passes if {
	inp := apimlint.estate({"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <set-header name="@((string)context.Variables["header"])" exists-action="delete" />
  </inbound>
</policies>`})
	count(rule.report) == 0 with input as inp
}

# A header named at run time that is only set does not delete the key.
test_expression_name_without_delete_is_reported if {
	inp := apimlint.estate({"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <set-header name="@((string)context.Variables["header"])" exists-action="override">
      <value>x</value>
    </set-header>
  </inbound>
</policies>`})
	count(rule.report) == 1 with input as inp
}

# Only API policies are judged: a loose file or an operation policy is not
# where the header is removed for a whole API.
test_other_scopes_pass if {
	inp := apimlint.estate({
		"policies/shop.xml": _keeps_key,
		"apis/shop/operations/get/policy.xml": _keeps_key,
	})
	count(rule.report) == 0 with input as inp
}
