package apimlint.rules["token-header-override_test"]

import data.apimlint.rules["token-header-override"] as rule

_policy(action) := apimlint.estate({"policy.xml": sprintf(
	`<policies>
  <inbound>
    <authentication-managed-identity resource="api://shop" output-token-variable-name="msi-token" />
    <set-header name="Authorization" %s>
      <value>@("Bearer " + (string)context.Variables["msi-token"])</value>
    </set-header>
  </inbound>
</policies>`,
	[action],
)})

_finding(action, column, end) := {
	"rule": "token-header-override",
	"severity": "error",
	"message": sprintf("set-header Authorization has exists-action=%q: the managed-identity token must replace the caller's header; use \"override\"", [action]),
	"location": {"file": "policy.xml", "line": 4, "column": column, "end_line": 4, "end_column": end},
	"related": [{
		"location": {"file": "policy.xml", "line": 3, "column": 5, "end_line": 3, "end_column": 101},
		"message": "authentication-managed-identity that obtains the token",
	}],
}

test_skip_is_reported if {
	rule.report == {_finding("skip", 53, 57)} with input as _policy(`exists-action="skip"`)
}

test_append_is_reported_in_lower_case if {
	rule.report == {_finding("append", 53, 59)} with input as _policy(`exists-action="Append"`)
}

test_override_or_absent_passes if {
	count(rule.report) == 0 with input as _policy(`exists-action="Override"`)
	count(rule.report) == 0 with input as _policy("")
}

# An action computed at runtime is unknown: no finding.
test_expression_action_passes if {
	count(rule.report) == 0 with input as _policy(`exists-action="@("skip")"`)
}

# Only the set-header that forwards the token is judged: one that reads
# another variable belongs to token-header-uses-output-variable.
test_header_not_reading_the_token_passes if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <set-header name="Authorization" exists-action="skip">
      <value>@("Bearer " + (string)context.Variables["msi-token"])</value>
    </set-header>
    <authentication-managed-identity resource="api://shop" output-token-variable-name="msi-token" />
    <set-header name="Authorization" exists-action="append">
      <value>@("Bearer " + (string)context.Variables["other"])</value>
    </set-header>
    <set-header name="X-Token" exists-action="skip">
      <value>@((string)context.Variables["msi-token"])</value>
    </set-header>
  </inbound>
</policies>`})
	count(rule.report) == 0 with input as inp
}

# A token from an included fragment: the set-header after the include is
# judged, and the fragment's statement is the related place.
test_token_from_a_fragment_is_followed_to_the_header if {
	inp := apimlint.estate({
		"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <include-fragment fragment-id="get-token" />
    <validate-jwt header-name="Authorization" />
    <set-header name="Authorization" exists-action="append">
      <value>@("Bearer " + (string)context.Variables["msi-token"])</value>
    </set-header>
  </inbound>
</policies>`,
		"policy fragments/get-token/policy.xml": `<fragment>
  <authentication-managed-identity resource="api://shop" output-token-variable-name="msi-token" />
</fragment>`,
	})
	rule.report == {{
		"rule": "token-header-override",
		"severity": "error",
		"message": "set-header Authorization has exists-action=\"append\": the managed-identity token must replace the caller's header; use \"override\"",
		"location": {"file": "apis/shop/policy.xml", "line": 6, "column": 53, "end_line": 6, "end_column": 59},
		"related": [{
			"location": {"file": "policy fragments/get-token/policy.xml", "line": 2, "column": 3, "end_line": 2, "end_column": 99},
			"message": "authentication-managed-identity that obtains the token",
		}],
	}} with input as inp
}
