package apimlint.rules["token-header-uses-output-variable_test"]

import data.apimlint.rules["token-header-uses-output-variable"] as rule

_no_header(loc, var, section) := {
	"rule": "token-header-uses-output-variable",
	"severity": "error",
	"message": sprintf("the token is stored in variable %q but no set-header name=\"Authorization\" follows in the %s section: the backend gets no token; add one whose value reads context.Variables[%q]", [var, section, var]),
	"location": loc,
	"related": [],
}

test_no_set_header_after_the_token_is_reported if {
	inp := apimlint.estate({"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <set-header name="Authorization" exists-action="override">
      <value>@("Bearer " + (string)context.Variables["msi-token"])</value>
    </set-header>
    <authentication-managed-identity resource="api://shop" output-token-variable-name="msi-token" />
  </inbound>
  <outbound>
    <set-header name="Authorization" exists-action="override">
      <value>@("Bearer " + (string)context.Variables["msi-token"])</value>
    </set-header>
  </outbound>
</policies>`})
	rule.report == {_no_header(
		{"file": "apis/shop/policy.xml", "line": 7, "column": 5, "end_line": 7, "end_column": 101},
		"msi-token", "inbound",
	)} with input as inp
}

test_header_reading_another_variable_is_reported_at_the_value if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <authentication-managed-identity resource="api://shop" output-token-variable-name="msi-token" />
    <set-header name="Authorization" exists-action="override">
      <value>@("Bearer " + (string)context.Variables["caller-token"])</value>
    </set-header>
  </inbound>
</policies>`})
	rule.report == {{
		"rule": "token-header-uses-output-variable",
		"severity": "error",
		"message": `the Authorization header reads "caller-token", but the managed-identity token is stored in "msi-token": the backend gets another token; read context.Variables["msi-token"]`,
		"location": {"file": "policy.xml", "line": 5, "column": 14, "end_line": 5, "end_column": 70},
		"related": [{
			"location": {"file": "policy.xml", "line": 3, "column": 5, "end_line": 3, "end_column": 101},
			"message": `authentication-managed-identity stores its token in "msi-token"`,
		}],
	}} with input as inp
}

test_header_reading_the_variable_passes if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <authentication-managed-identity resource="api://shop" output-token-variable-name="msi-token" />
    <set-header name="authorization" exists-action="override">
      <value>@("Bearer " + context.Variables.GetValueOrDefault<string>("msi-token"))</value>
    </set-header>
    <authentication-managed-identity resource="api://audit" output-token-variable-name="audit-token" />
    <set-header name="X-Trace" exists-action="override">
      <value>@((string)context.Variables["trace"])</value>
    </set-header>
    <set-header name="Authorization">
      <value>@("Bearer " + (string)context.Variables["caller"])</value>
      <value>@("Bearer " + (string)context.Variables[ "audit-token" ])</value>
    </set-header>
  </inbound>
</policies>`})
	count(rule.report) == 0 with input as inp
}

# A fragment may be followed by the set-header of the policy that includes it;
# only the variable a header in the fragment reads is judged.
# A fragment included after the token may forward it: nothing is reported,
# whether it does or not.
test_fragment_after_the_token_passes if {
	inp := apimlint.estate({
		"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <authentication-managed-identity resource="api://shop" output-token-variable-name="msi-token" />
    <include-fragment fragment-id="forward-token" />
  </inbound>
</policies>`,
		"policy fragments/forward-token/policy.xml": `<fragment>
  <set-header name="Authorization" exists-action="override">
    <value>@("Bearer " + (string)context.Variables["msi-token"])</value>
  </set-header>
</fragment>`,
	})
	count(rule.report) == 0 with input as inp
}

# A fragment included before the token cannot forward it.
test_fragment_before_the_token_is_reported if {
	inp := apimlint.estate({
		"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <include-fragment fragment-id="forward-token" />
    <authentication-managed-identity resource="api://shop" output-token-variable-name="msi-token" />
  </inbound>
</policies>`,
		"policy fragments/forward-token/policy.xml": "<fragment>\n  <set-header name=\"X-A\" exists-action=\"override\"><value>a</value></set-header>\n</fragment>",
	})
	rule.report == {_no_header(
		{"file": "apis/shop/policy.xml", "line": 5, "column": 5, "end_line": 5, "end_column": 101},
		"msi-token", "inbound",
	)} with input as inp
}

test_fragment_without_set_header_passes if {
	inp := apimlint.estate({"policy fragments/mi/policy.xml": `<fragment>
  <authentication-managed-identity resource="api://shop" output-token-variable-name="msi-token" />
</fragment>`})
	count(rule.report) == 0 with input as inp
}

test_fragment_header_reading_another_variable_is_reported if {
	inp := apimlint.estate({"policy fragments/mi/policy.xml": `<fragment>
  <authentication-managed-identity resource="api://shop" output-token-variable-name="msi-token" />
  <set-header name="Authorization" exists-action="override">
    <value>@("Bearer " + context.Variables.GetValueOrDefault<string>("other"))</value>
  </set-header>
</fragment>`})
	rule.report == {{
		"rule": "token-header-uses-output-variable",
		"severity": "error",
		"message": `the Authorization header reads "other", but the managed-identity token is stored in "msi-token": the backend gets another token; read context.Variables["msi-token"]`,
		"location": {"file": "policy fragments/mi/policy.xml", "line": 4, "column": 12, "end_line": 4, "end_column": 79},
		"related": [{
			"location": {"file": "policy fragments/mi/policy.xml", "line": 2, "column": 3, "end_line": 2, "end_column": 99},
			"message": `authentication-managed-identity stores its token in "msi-token"`,
		}],
	}} with input as inp
}

# A variable name given as an expression (mi-client-id-static reports it) and
# a header value that reads no variable are unknown: no finding.
test_unknown_variable_or_header_value_passes if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <authentication-managed-identity resource="api://a" output-token-variable-name="@("t")" />
    <authentication-managed-identity resource="api://b" output-token-variable-name="b-token" />
    <set-header name="Authorization" exists-action="override">
      <value>@(MakeToken(context))</value>
    </set-header>
  </inbound>
</policies>`})
	count(rule.report) == 0 with input as inp
}

# A fragment that stores the token, included where nothing forwards it, is
# reported at the include.
test_fragment_token_never_forwarded_is_reported_at_the_include if {
	inp := apimlint.estate({
		"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <include-fragment fragment-id="get-token" />
  </inbound>
</policies>`,
		"policy fragments/get-token/policy.xml": `<fragment>
  <authentication-managed-identity resource="api://shop" output-token-variable-name="msi-token" />
</fragment>`,
	})
	rule.report == {object.union(
		_no_header({"file": "apis/shop/policy.xml", "line": 4, "column": 5, "end_line": 4, "end_column": 49}, "msi-token", "inbound"),
		{"related": [{
			"location": {"file": "policy fragments/get-token/policy.xml", "line": 2, "column": 3, "end_line": 2, "end_column": 99},
			"message": "authentication-managed-identity in the included fragment stores its token in \"msi-token\"",
		}]},
	)} with input as inp
}
