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

# Across scopes: the global policy, a workspace's, a product's or an API's
# obtains the token where the narrower policy writes <base />.

_api_info := `{"properties": {"displayName": "Shop", "path": "shop", "serviceUrl": "https://shop.contoso.com/api"}}`

_global_msi := `<policies>
  <inbound>
    <authentication-managed-identity resource="api://shop" />
  </inbound>
</policies>`

_validating_api := `<policies>
  <inbound>
    <base />
    <validate-jwt header-name="Authorization" />
  </inbound>
</policies>`

_msg(scopes) := sprintf("authentication-managed-identity in another scope's policy (%s) replaces the Authorization header before this validate-jwt reads it: the caller's token is never validated; validate before <base />, or in that policy before the token is obtained, or give authentication-managed-identity an output-token-variable-name", [scopes])

_token(scope, file, line, end) := {
	"location": {"file": file, "line": line, "column": 5, "end_line": line, "end_column": end},
	"message": sprintf("authentication-managed-identity in the %s policy", [scope]),
}

_across(file, scopes, related) := {
	"rule": "mi-after-caller-validation",
	"severity": "error",
	"message": _msg(scopes),
	"location": {"file": file, "line": 4, "column": 5, "end_line": 4, "end_column": 49},
	"related": related,
}

# One finding for the API's validation, whichever of its operations runs it.
test_token_of_the_global_policy_before_the_api_validation_is_reported if {
	inp := apimlint.estate({
		"policy.xml": _global_msi,
		"apis/shop/apiInformation.json": _api_info,
		"apis/shop/policy.xml": _validating_api,
		"apis/shop/operations/get/policy.xml": "<policies>\n  <inbound>\n    <base />\n  </inbound>\n</policies>",
		"apis/shop/operations/list/policy.xml": "<policies>\n  <inbound>\n    <base />\n  </inbound>\n</policies>",
	})
	rule.report == {_across("apis/shop/policy.xml", "global", [_token("global", "policy.xml", 3, 62)])} with input as inp
}

# Tokens of two products and of the global policy: still one finding, with
# each token as a related place.
test_tokens_of_several_scopes_give_one_finding if {
	inp := apimlint.estate({
		"policy.xml": _global_msi,
		"products/gold/productInformation.json": `{"properties": {"displayName": "Gold"}}`,
		"products/gold/apis/shop/productApiInformation.json": `{}`,
		"products/gold/policy.xml": _global_msi,
		"products/silver/productInformation.json": `{"properties": {"displayName": "Silver"}}`,
		"products/silver/apis/shop/productApiInformation.json": `{}`,
		"products/silver/policy.xml": _global_msi,
		"apis/shop/apiInformation.json": _api_info,
		"apis/shop/policy.xml": _validating_api,
	})
	rule.report == {_across("apis/shop/policy.xml", "global, product", [
		_token("global", "policy.xml", 3, 62),
		_token("product", "products/gold/policy.xml", 3, 62),
		_token("product", "products/silver/policy.xml", 3, 62),
	])} with input as inp
}

test_token_of_the_api_policy_before_an_operation_validation_is_reported if {
	inp := apimlint.estate({
		"apis/shop/apiInformation.json": _api_info,
		"apis/shop/policy.xml": _global_msi,
		"apis/shop/operations/get/policy.xml": _validating_api,
	})
	rule.report == {_across("apis/shop/operations/get/policy.xml", "api", [_token("api", "apis/shop/policy.xml", 3, 62)])} with input as inp
}

# An operation that obtains the token before its <base /> runs it before
# the API policy's validation.
test_token_of_an_operation_before_the_api_validation_is_reported if {
	inp := apimlint.estate({
		"apis/shop/apiInformation.json": _api_info,
		"apis/shop/policy.xml": _validating_api,
		"apis/shop/operations/get/policy.xml": "<policies>\n  <inbound>\n    <authentication-managed-identity resource=\"api://shop\" />\n    <base />\n  </inbound>\n</policies>",
		"apis/shop/operations/list/policy.xml": "<policies>\n  <inbound>\n    <base />\n  </inbound>\n</policies>",
	})
	rule.report == {_across("apis/shop/policy.xml", "operation", [_token("operation", "apis/shop/operations/get/policy.xml", 3, 62)])} with input as inp
}

# The global policy's validation, after an API that obtains the token
# before its <base />.
test_token_before_a_global_validation_is_reported if {
	inp := apimlint.estate({
		"policy.xml": _validating_api,
		"apis/shop/apiInformation.json": _api_info,
		"apis/shop/policy.xml": "<policies>\n  <inbound>\n    <authentication-managed-identity resource=\"api://shop\" />\n    <base />\n  </inbound>\n</policies>",
	})
	rule.report == {_across("policy.xml", "api", [_token("api", "apis/shop/policy.xml", 3, 62)])} with input as inp
}

# A workspace policy's validation, after the global policy's token.
test_token_before_a_workspace_validation_is_reported if {
	inp := apimlint.estate({
		"policy.xml": _global_msi,
		"workspaces/ws1/policy.xml": _validating_api,
		"workspaces/ws1/apis/shop/apiInformation.json": _api_info,
		"workspaces/ws1/apis/shop/policy.xml": "<policies>\n  <inbound>\n    <base />\n  </inbound>\n</policies>",
	})
	rule.report == {_across("workspaces/ws1/policy.xml", "global", [_token("global", "policy.xml", 3, 62)])} with input as inp
}

# A fragment the global policy includes: the token is the fragment's, and
# the include is named too.
test_token_of_a_fragment_of_the_global_policy_is_reported if {
	inp := apimlint.estate({
		"policy.xml": "<policies>\n  <inbound>\n    <include-fragment fragment-id=\"msi\" />\n  </inbound>\n</policies>",
		"policy fragments/msi/policy.xml": "<fragment>\n    <authentication-managed-identity resource=\"api://shop\" />\n</fragment>",
		"apis/shop/apiInformation.json": _api_info,
		"apis/shop/policy.xml": _validating_api,
	})
	rule.report == {_across("apis/shop/policy.xml", "global", [
		{
			"location": {"file": "policy.xml", "line": 3, "column": 5, "end_line": 3, "end_column": 43},
			"message": "include-fragment in the global policy that brings in the token",
		},
		_token("global", "policy fragments/msi/policy.xml", 2, 62),
	])} with input as inp
}

# The same validating fragment included before and after <base />: only the
# include after <base /> follows the global token.
test_only_the_include_after_base_is_reported if {
	inp := apimlint.estate({
		"policy.xml": _global_msi,
		"apis/shop/apiInformation.json": _api_info,
		"apis/shop/policy.xml": "<policies>\n  <inbound>\n    <include-fragment fragment-id=\"auth\" />\n    <base />\n    <include-fragment fragment-id=\"auth\" />\n  </inbound>\n</policies>",
		"policy fragments/auth/policy.xml": "<fragment>\n  <validate-jwt header-name=\"Authorization\" />\n</fragment>",
	})
	{f.location.line | some f in rule.report} == {5} with input as inp
}

# A validation in a fragment the API includes counts where it is included.
test_validation_in_an_included_fragment_is_reported_at_the_include if {
	inp := apimlint.estate({
		"policy.xml": _global_msi,
		"apis/shop/apiInformation.json": _api_info,
		"apis/shop/policy.xml": "<policies>\n  <inbound>\n    <base />\n    <include-fragment fragment-id=\"auth\" />\n  </inbound>\n</policies>",
		"policy fragments/auth/policy.xml": "<fragment>\n  <validate-jwt header-name=\"Authorization\" />\n</fragment>",
	})
	some f in rule.report with input as inp
	f.location == {"file": "apis/shop/policy.xml", "line": 4, "column": 5, "end_line": 4, "end_column": 44}
	f.message == _msg("global")
	count(rule.report) == 1 with input as inp
}

test_token_before_an_included_validation_in_one_policy_is_reported if {
	inp := apimlint.estate({
		"apis/shop/policy.xml": "<policies>\n  <inbound>\n    <authentication-managed-identity resource=\"api://shop\" />\n    <include-fragment fragment-id=\"auth\" />\n  </inbound>\n</policies>",
		"policy fragments/auth/policy.xml": "<fragment>\n  <validate-jwt header-name=\"Authorization\" />\n</fragment>",
	})
	rule.report == {{
		"rule": "mi-after-caller-validation",
		"severity": "error",
		"message": "authentication-managed-identity replaces the Authorization header before validate-jwt reads it (line 4): the caller's token is never validated; validate first",
		"location": {"file": "apis/shop/policy.xml", "line": 3, "column": 5, "end_line": 3, "end_column": 62},
		"related": [{
			"location": {"file": "policy fragments/auth/policy.xml", "line": 2, "column": 3, "end_line": 2, "end_column": 47},
			"message": "validate-jwt that reads Authorization, in the included fragment",
		}],
	}} with input as inp
}

# Validating before <base />, a token kept in a variable, or one obtained
# for a send-request or a send-one-way-request, pass.
test_validation_before_base_or_token_not_in_the_header_passes if {
	count(rule.report) == 0 with input as apimlint.estate({
		"policy.xml": _global_msi,
		"apis/shop/apiInformation.json": _api_info,
		"apis/shop/policy.xml": "<policies>\n  <inbound>\n    <validate-jwt header-name=\"Authorization\" />\n    <base />\n  </inbound>\n</policies>",
	})
	count(rule.report) == 0 with input as apimlint.estate({
		"policy.xml": `<policies>
  <inbound>
    <authentication-managed-identity resource="api://shop" output-token-variable-name="t" />
    <send-request mode="new" response-variable-name="r"><authentication-managed-identity resource="api://audit" /></send-request>
    <send-one-way-request mode="new"><set-url>https://audit</set-url><authentication-managed-identity resource="api://audit" /></send-one-way-request>
  </inbound>
</policies>`,
		"apis/shop/apiInformation.json": _api_info,
		"apis/shop/policy.xml": _validating_api,
	})
}

# A token and a validation in two branches of one choose never both run.
test_token_and_validation_in_exclusive_branches_pass if {
	count(rule.report) == 0 with input as apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <send-one-way-request mode="new"><set-url>https://audit</set-url><authentication-managed-identity resource="api://audit" /></send-one-way-request>
    <choose>
      <when condition="@(context.Request.Headers.ContainsKey(&quot;X-Internal&quot;))">
        <authentication-managed-identity resource="api://shop" />
      </when>
      <otherwise>
        <validate-jwt header-name="Authorization" />
      </otherwise>
    </choose>
  </inbound>
</policies>`})
}

# A section without <base /> drops the global token: nothing precedes the
# validation.
test_api_without_base_passes if {
	count(rule.report) == 0 with input as apimlint.estate({
		"policy.xml": _global_msi,
		"apis/shop/apiInformation.json": _api_info,
		"apis/shop/policy.xml": "<policies>\n  <inbound>\n    <validate-jwt header-name=\"Authorization\" />\n  </inbound>\n</policies>",
	})
}
