package apimlint.rules["policy-base-required_test"]

import data.apimlint.rules["policy-base-required"] as rule

# _complete has <base /> in all four sections; in outbound it comes last.
_complete := `<policies>
  <inbound>
    <base />
    <set-header name="x" exists-action="override"><value>1</value></set-header>
  </inbound>
  <backend>
    <base />
  </backend>
  <outbound>
    <set-header name="y" exists-action="delete" />
    <base />
  </outbound>
  <on-error>
    <base />
  </on-error>
</policies>`

test_section_without_base_is_an_error if {
	inp := apimlint.estate({"apis/echo/policy.xml": `<policies>
  <inbound>
    <base />
  </inbound>
  <backend>
    <base />
  </backend>
  <outbound />
  <on-error>
    <base />
  </on-error>
</policies>`})
	rule.report == {{
		"rule": "policy-base-required",
		"severity": "error",
		"message": "outbound section of the api policy has no <base />: the outbound policies of broader scopes do not run here",
		"location": {"file": "apis/echo/policy.xml", "line": 8, "column": 3, "end_line": 8, "end_column": 15},
		"related": [],
	}} with input as inp
}

test_base_inside_choose_does_not_count if {
	inp := apimlint.estate({"apis/echo/operations/get/policy.xml": `<policies>
  <inbound>
    <choose>
      <when condition="@(context.Request.Method != "GET")">
        <base />
      </when>
    </choose>
  </inbound>
  <backend><base /></backend>
  <outbound><base /></outbound>
  <on-error><base /></on-error>
</policies>`})
	rule.report == {{
		"rule": "policy-base-required",
		"severity": "error",
		"message": "inbound section of the operation policy has no <base />: the inbound policies of broader scopes do not run here",
		"location": {"file": "apis/echo/operations/get/policy.xml", "line": 2, "column": 3, "end_line": 2, "end_column": 12},
		"related": [],
	}} with input as inp
}

test_missing_sections_are_one_warning_at_policies if {
	inp := apimlint.estate({"products/starter/policy.xml": `<policies>
  <inbound>
    <base />
  </inbound>
  <outbound>
    <base />
  </outbound>
</policies>`})
	rule.report == {{
		"rule": "policy-base-required",
		"severity": "warning",
		"message": "the product policy has no backend, on-error section, so it inherits nothing there; add it with <base />",
		"location": {"file": "products/starter/policy.xml", "line": 1, "column": 1, "end_line": 1, "end_column": 11},
		"related": [],
	}} with input as inp
}

test_workspace_policies_are_checked if {
	inp := apimlint.estate({
		"apis/echo/policy.xml": _complete,
		"workspaces/team/policy.xml": "<policies><inbound /><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>",
	})
	rule.report == {{
		"rule": "policy-base-required",
		"severity": "error",
		"message": "inbound section of the workspace policy has no <base />: the inbound policies of broader scopes do not run here",
		"location": {"file": "workspaces/team/policy.xml", "line": 1, "column": 11, "end_line": 1, "end_column": 22},
		"related": [],
	}} with input as inp
}

test_complete_policy_passes if {
	inp := apimlint.estate({
		"apis/echo/policy.xml": _complete,
		"apis/echo/operations/get/policy.xml": _complete,
		"products/starter/policy.xml": _complete,
	})
	count(rule.report) == 0 with input as inp
}

test_global_policy_is_exempt if {
	inp := apimlint.estate({
		"policy.xml": `<policies>
  <inbound />
  <backend><forward-request /></backend>
  <outbound />
</policies>`,
		"apis/echo/policy.xml": _complete,
	})
	count(rule.report) == 0 with input as inp
}

test_fragments_are_exempt if {
	inp := apimlint.estate({"policy fragments/auth/policy.xml": `<fragment>
  <set-header name="x" exists-action="override"><value>1</value></set-header>
</fragment>`})
	count(rule.report) == 0 with input as inp
}

test_loose_files_are_exempt if {
	inp := apimlint.estate({
		"policy.xml": "<policies><inbound /></policies>",
		"policies/echo.xml": "<policies><inbound /></policies>",
	})
	count(rule.report) == 0 with input as inp
}

test_unparsed_policy_is_left_to_policy_syntax if {
	inp := apimlint.estate({"apis/echo/policy.xml": `<policies>
  <inbound>
    <base />
  </inbound>
  <backend>
`})
	count(rule.report) == 0 with input as inp
}
