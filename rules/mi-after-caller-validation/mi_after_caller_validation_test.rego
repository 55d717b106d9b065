package apimlint.rules["mi-after-caller-validation_test"]

import data.apimlint.rules["mi-after-caller-validation"] as rule

_msi := {"file": "policy.xml", "line": 3, "column": 5, "end_line": 3, "end_column": 62}

_finding(name, line, loc) := {
	"rule": "mi-after-caller-validation",
	"severity": "error",
	"message": sprintf("authentication-managed-identity replaces the Authorization header before %s reads it (line %d): the caller's token is never validated; validate first", [name, line]),
	"location": _msi,
	"related": [{"location": loc, "message": sprintf("%s that reads Authorization", [name])}],
}

test_validation_after_the_token_is_reported if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <authentication-managed-identity resource="api://shop" />
    <validate-jwt header-name="authorization" failed-validation-httpcode="401">
      <openid-config url="https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration" />
    </validate-jwt>
  </inbound>
</policies>`})
	rule.report == {_finding("validate-jwt", 4, {"file": "policy.xml", "line": 4, "column": 5, "end_line": 4, "end_column": 80})} with input as inp
}

# validate-azure-ad-token reads Authorization unless told otherwise; a
# token-value expression may read it too.
test_default_header_and_token_value_are_reported if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <authentication-managed-identity resource="api://shop" />
    <validate-azure-ad-token tenant-id="contoso.onmicrosoft.com">
      <client-application-ids><application-id>11111111-1111-1111-1111-111111111111</application-id></client-application-ids>
    </validate-azure-ad-token>
    <validate-jwt token-value="@(context.Request.Headers.GetValueOrDefault("Authorization", ""))" />
  </inbound>
</policies>`})
	rule.report == {
		_finding("validate-azure-ad-token", 4, {"file": "policy.xml", "line": 4, "column": 5, "end_line": 4, "end_column": 66}),
		_finding("validate-jwt", 7, {"file": "policy.xml", "line": 7, "column": 5, "end_line": 7, "end_column": 101}),
	} with input as inp
}

test_validation_first_passes if {
	inp := apimlint.estate({"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <validate-azure-ad-token tenant-id="contoso.onmicrosoft.com">
      <client-application-ids><application-id>11111111-1111-1111-1111-111111111111</application-id></client-application-ids>
    </validate-azure-ad-token>
    <authentication-managed-identity resource="api://shop" />
  </inbound>
</policies>`})
	count(rule.report) == 0 with input as inp
}

test_validation_of_another_header_or_token_passes if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <authentication-managed-identity resource="api://shop" />
    <validate-jwt header-name="X-Caller-Token" />
    <validate-azure-ad-token tenant-id="contoso.onmicrosoft.com" query-parameter-name="access_token" />
    <send-request mode="new" response-variable-name="r">
      <authentication-managed-identity resource="api://audit" />
    </send-request>
  </inbound>
</policies>`})
	count(rule.report) == 0 with input as inp
}

# With output-token-variable-name the header is set later, by a set-header.
test_token_kept_in_a_variable_passes if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <authentication-managed-identity resource="api://shop" output-token-variable-name="msi" />
    <validate-jwt header-name="Authorization" />
  </inbound>
</policies>`})
	count(rule.report) == 0 with input as inp
}

# A header name computed at runtime is unknown: no finding.
test_expression_header_name_passes if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <authentication-managed-identity resource="api://shop" />
    <validate-jwt header-name="@((string)context.Variables["header"])" />
  </inbound>
</policies>`})
	count(rule.report) == 0 with input as inp
}

# A token from an included fragment, before the validation: reported at the
# include.
test_token_from_a_fragment_before_validation_is_reported_at_the_include if {
	inp := apimlint.estate({
		"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <include-fragment fragment-id="msi" />
    <validate-jwt header-name="Authorization" />
  </inbound>
</policies>`,
		"policy fragments/msi/policy.xml": `<fragment>
  <authentication-managed-identity resource="api://shop" />
</fragment>`,
	})
	rule.report == {{
		"rule": "mi-after-caller-validation",
		"severity": "error",
		"message": "authentication-managed-identity replaces the Authorization header before validate-jwt reads it (line 5): the caller's token is never validated; validate first",
		"location": {"file": "apis/shop/policy.xml", "line": 4, "column": 5, "end_line": 4, "end_column": 43},
		"related": [
			{"location": {"file": "apis/shop/policy.xml", "line": 5, "column": 5, "end_line": 5, "end_column": 49}, "message": "validate-jwt that reads Authorization"},
			{"location": {"file": "policy fragments/msi/policy.xml", "line": 2, "column": 3, "end_line": 2, "end_column": 60}, "message": "authentication-managed-identity in the included fragment"},
		],
	}} with input as inp
}
