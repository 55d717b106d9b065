package apimlint.rules["mi-in-api-inbound_test"]

import data.apimlint.rules["mi-in-api-inbound"] as rule

_finding(section, loc) := {
	"rule": "mi-in-api-inbound",
	"severity": "error",
	"message": sprintf("authentication-managed-identity is in the %s section, where it is not allowed: no token reaches the backend; move it to <inbound>", [section]),
	"location": loc,
	"related": [],
}

test_msi_in_backend_is_reported if {
	inp := apimlint.estate({"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
  </inbound>
  <backend>
    <base />
    <authentication-managed-identity resource="api://shop" />
  </backend>
  <outbound>
    <base />
  </outbound>
  <on-error>
    <base />
  </on-error>
</policies>`})
	rule.report == {_finding("backend", {"file": "apis/shop/policy.xml", "line": 7, "column": 5, "end_line": 7, "end_column": 62})} with input as inp
}

test_msi_in_outbound_and_on_error_are_each_reported if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound />
  <outbound>
    <choose>
      <when condition="@(true)">
        <authentication-managed-identity resource="a" />
      </when>
    </choose>
  </outbound>
  <on-error><authentication-managed-identity resource="b" /></on-error>
</policies>`})
	rule.report == {
		_finding("outbound", {"file": "policy.xml", "line": 6, "column": 9, "end_line": 6, "end_column": 57}),
		_finding("on-error", {"file": "policy.xml", "line": 10, "column": 13, "end_line": 10, "end_column": 61}),
	} with input as inp
}

test_msi_in_inbound_or_in_send_request_passes if {
	inp := apimlint.estate({"apis/shop/policy.xml": `<policies>
  <inbound>
    <base />
    <authentication-managed-identity resource="api://shop" />
  </inbound>
  <backend><base /></backend>
  <outbound>
    <base />
    <send-request mode="new" response-variable-name="audit">
      <set-url>https://audit.example.com/log</set-url>
      <authentication-managed-identity resource="api://audit" />
    </send-request>
  </outbound>
  <on-error><base /></on-error>
</policies>`})
	count(rule.report) == 0 with input as inp
}

# A fragment has no section: its statement is judged where it is included.
_fragment := `<fragment>
  <authentication-managed-identity resource="api://shop" />
</fragment>`

test_fragment_included_in_backend_is_reported_at_the_include if {
	inp := apimlint.estate({
		"apis/shop/policy.xml": `<policies>
  <inbound><base /></inbound>
  <backend>
    <include-fragment fragment-id="MI" />
    <base />
  </backend>
  <outbound><base /></outbound>
  <on-error><base /></on-error>
</policies>`,
		"policy fragments/mi/policy.xml": _fragment,
	})
	rule.report == {{
		"rule": "mi-in-api-inbound",
		"severity": "error",
		"message": "fragment \"mi\" puts authentication-managed-identity in the backend section, where it is not allowed: no token reaches the backend; include it in <inbound>",
		"location": {"file": "apis/shop/policy.xml", "line": 4, "column": 5, "end_line": 4, "end_column": 42},
		"related": [{
			"location": {"file": "policy fragments/mi/policy.xml", "line": 2, "column": 3, "end_line": 2, "end_column": 60},
			"message": "authentication-managed-identity in the fragment",
		}],
	}} with input as inp
}

test_fragment_included_in_inbound_passes if {
	inp := apimlint.estate({
		"apis/shop/policy.xml": `<policies>
  <inbound><base /><include-fragment fragment-id="mi" /></inbound>
  <backend><base /></backend>
  <outbound><base /></outbound>
  <on-error><base /></on-error>
</policies>`,
		"policy fragments/mi/policy.xml": _fragment,
	})
	count(rule.report) == 0 with input as inp
}

# A fragment the estate does not hold may or may not obtain a token.
test_unknown_fragment_in_backend_passes if {
	inp := apimlint.estate({"apis/shop/policy.xml": `<policies>
  <inbound><base /></inbound>
  <backend><base /><include-fragment fragment-id="elsewhere" /></backend>
  <outbound><base /></outbound>
  <on-error><base /></on-error>
</policies>`})
	count(rule.report) == 0 with input as inp
}

# A workspace's fragment wins over the service's of the same name: the
# workspace policy includes its own, which obtains no token.
test_workspace_fragment_wins_over_the_services if {
	inp := apimlint.estate({
		"workspaces/ws1/apis/pay/apiInformation.json": `{"properties": {"displayName": "Pay", "path": "pay"}}`,
		"workspaces/ws1/apis/pay/policy.xml": `<policies>
  <inbound><base /></inbound>
  <backend>
    <include-fragment fragment-id="mi" />
    <base />
  </backend>
  <outbound><base /></outbound>
  <on-error><base /></on-error>
</policies>`,
		"policy fragments/mi/policy.xml": _fragment,
		"workspaces/ws1/policy fragments/mi/policy.xml": "<fragment>\n  <set-header name=\"X-A\" exists-action=\"override\"><value>a</value></set-header>\n</fragment>",
	})
	count(rule.report) == 0 with input as inp
}
