package apimlint.rules["no-hardcoded-secrets_test"]

import data.apimlint.rules["no-hardcoded-secrets"] as rule

# _finding spells the masked secret out, so that a test fails if the message
# ever shows more of it.
_finding(what, masked, where, secret, line, column, end) := {
	"rule": "no-hardcoded-secrets",
	"severity": "error",
	"message": sprintf("hard-coded %s (%s) in %s: keep it in a secret named value and write {{name}} instead", [what, masked, where]),
	"location": {"file": "policy.xml", "line": line, "column": column, "end_line": line, "end_column": end},
	"related": [],
	"secrets": [secret],
}

_jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"

test_literal_credentials_in_headers_are_reported if {
	inp := apimlint.estate({"policy.xml": sprintf(
		`<policies>
  <inbound>
    <set-header name="Authorization" exists-action="override">
      <value>Bearer %s</value>
    </set-header>
    <set-header name="x-functions-key" exists-action="override">
      <value>q1w2e3r4t5y6u7i8o9p0</value>
    </set-header>
    <set-query-parameter name="code" exists-action="override">
      <value>abc</value>
    </set-query-parameter>
    <set-header name="Authorization" exists-action="override">
      <value>Basic dXNlcjpwYXNzd29yZA==</value>
    </set-header>
  </inbound>
</policies>`,
		[_jwt],
	)})

	# The bearer JWT is one finding, not a second one for the JWT pattern.
	rule.report == {
		_finding("bearer token", "eyJh****", `set-header "Authorization"`, _jwt, 4, 14, 113),
		_finding("Function key", "q1w2****", `set-header "x-functions-key"`, "q1w2e3r4t5y6u7i8o9p0", 7, 14, 34),
		_finding("Function key", "****", `set-query-parameter "code"`, "abc", 10, 14, 17),
		_finding("basic credentials", "dXNl****", `set-header "Authorization"`, "dXNlcjpwYXNzd29yZA==", 13, 14, 40),
	} with input as inp
}

test_password_and_signing_key_are_reported if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <authentication-basic username="svc" password="P@ssw0rd!" />
    <validate-jwt header-name="X-Token">
      <issuer-signing-keys>
        <key>c2VjcmV0LXNpZ25pbmcta2V5LTEyMzQ1Njc4</key>
      </issuer-signing-keys>
    </validate-jwt>
  </inbound>
</policies>`})
	rule.report == {
		_finding("password", "****", "authentication-basic", "P@ssw0rd!", 3, 52, 61),
		_finding("signing key", "c2Vj****", "validate-jwt issuer-signing-keys", "c2VjcmV0LXNpZ25pbmcta2V5LTEyMzQ1Njc4", 6, 14, 50),
	} with input as inp
}

test_secrets_in_urls_and_text_are_reported if {
	inp := apimlint.estate({"policy.xml": sprintf(
		`<policies>
  <inbound>
    <set-backend-service base-url="https://st.blob.core.windows.net/c?sv=2022-11-02&amp;sig=AbCdEfGhIjKlMnOpQrStUv%%3D" />
    <rewrite-uri template="/api/run?code=ZxCvBnMaSdFgHjKlQwErTyUiOp123==" />
    <set-body>{"token": "%s"}</set-body>
  </inbound>
</policies>`,
		[_jwt],
	)})
	rule.report == {
		_finding("SAS signature", "AbCd****", "set-backend-service base-url", "AbCdEfGhIjKlMnOpQrStUv%3D", 3, 36, 118),
		_finding("Function key", "ZxCv****", "rewrite-uri template", "ZxCvBnMaSdFgHjKlQwErTyUiOp123==", 4, 28, 73),
		_finding("JWT", "eyJh****", "set-body", _jwt, 5, 15, 120),
	} with input as inp
}

# The query parameters match in any case, as APIM and the Functions host
# read them: ?Code= and &amp;SIG= are keys too.
test_secrets_in_urls_in_any_case_are_reported if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <set-backend-service base-url="https://st.blob.core.windows.net/c?sv=2022-11-02&amp;SIG=AbCdEfGhIjKlMnOpQrStUv%3D" />
    <rewrite-uri template="/api/run?Code=ZxCvBnMaSdFgHjKlQwErTyUiOp123==" />
  </inbound>
</policies>`})
	rule.report == {
		_finding("SAS signature", "AbCd****", "set-backend-service base-url", "AbCdEfGhIjKlMnOpQrStUv%3D", 3, 36, 118),
		_finding("Function key", "ZxCv****", "rewrite-uri template", "ZxCvBnMaSdFgHjKlQwErTyUiOp123==", 4, 28, 73),
	} with input as inp
}

# The marker counts as APIM reads it: written with a character reference,
# or split by CDATA.
test_secrets_in_urls_written_otherwise_are_reported if {
	inp := apimlint.estate({
		"a/policy.xml": `<policies>
  <inbound>
    <rewrite-uri template="/api/run?code&#61;ZxCvBnMaSdFgHjKlQwErTyUiOp123==" />
  </inbound>
</policies>`,
		"b/policy.xml": `<policies>
  <inbound>
    <set-body>https://st.blob.core.windows.net/c?sv=1&amp;si<![CDATA[g=AbCdEfGhIjKlMnOpQrStUv]]></set-body>
  </inbound>
</policies>`,
	})
	{[f.message, f.location.file] | some f in rule.report} == {
		["hard-coded Function key (ZxCv****) in rewrite-uri template: keep it in a secret named value and write {{name}} instead", "a/policy.xml"],
		["hard-coded SAS signature (AbCd****) in set-body: keep it in a secret named value and write {{name}} instead", "b/policy.xml"],
	} with input as inp
}

test_named_values_and_expressions_pass if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <set-header name="x-functions-key" exists-action="override">
      <value>{{orders-func-key}}</value>
    </set-header>
    <set-header name="Authorization" exists-action="override">
      <value>Bearer {{backend-token}}</value>
    </set-header>
    <authentication-basic username="svc" password="{{svc-password}}" />
    <validate-jwt header-name="X-Token">
      <issuer-signing-keys><key>{{jwt-signing-key}}</key></issuer-signing-keys>
    </validate-jwt>
    <set-backend-service base-url="https://st.blob.core.windows.net/c?sv=2022-11-02&amp;sig={{sas-sig}}" />
    <set-header name="Authorization" exists-action="override">
      <value>Bearer short</value>
    </set-header>
  </inbound>
</policies>`})
	count(rule.report) == 0 with input as inp
}

# Values computed at runtime are unknown: no finding.
test_expressions_pass if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <set-header name="x-functions-key" exists-action="override">
      <value>@((string)context.Variables["key"])</value>
    </set-header>
    <set-header name="Authorization" exists-action="override">
      <value>@("Bearer " + (string)context.Variables["token"])</value>
    </set-header>
    <authentication-basic username="svc" password="@((string)context.Variables["pw"])" />
  </inbound>
</policies>`})
	count(rule.report) == 0 with input as inp
}

# Tokens a deployment pipeline replaces hold no secret in the repository.
test_pipeline_placeholders_pass if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <set-header name="Authorization" exists-action="override">
      <value>Bearer #{BackendToken}#</value>
    </set-header>
    <set-header name="x-functions-key" exists-action="override">
      <value>__FUNCTION_KEY__</value>
    </set-header>
    <set-query-parameter name="code" exists-action="override">
      <value>{#function-key#}</value>
    </set-query-parameter>
    <authentication-basic username="svc" password="$(SvcPassword)" />
    <set-backend-service base-url="https://st.blob.core.windows.net/c?sig=__SAS_SIGNATURE_VALUE__" />
  </inbound>
</policies>`})
	count(rule.report) == 0 with input as inp
}

# A secret in a comment is in the repository as much as one in a value.
test_secrets_in_comments_are_reported if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <!-- test token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N -->
    <base />
  </inbound>
  <!-- https://st.blob.core.windows.net/c?sv=2020&sig=abcdefghijklmnopqrstuvwxyz012345 -->
</policies>`})
	rule.report == {
		{
			"rule": "no-hardcoded-secrets",
			"severity": "error",
			"message": "hard-coded JWT (eyJh****) in a comment: remove it, and replace the secret if it was ever real",
			"location": {"file": "policy.xml", "line": 3, "column": 5, "end_line": 3, "end_column": 97},
			"related": [],
			"secrets": ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N"],
		},
		{
			"rule": "no-hardcoded-secrets",
			"severity": "error",
			"message": "hard-coded SAS signature (abcd****) in a comment: remove it, and replace the secret if it was ever real",
			"location": {"file": "policy.xml", "line": 6, "column": 3, "end_line": 6, "end_column": 91},
			"related": [],
			"secrets": ["abcdefghijklmnopqrstuvwxyz012345"],
		},
	} with input as inp
}

# Placeholders and text that only looks like a marker pass in comments too.
test_comments_without_secrets_pass if {
	inp := apimlint.estate({"policy.xml": `<policies>
  <inbound>
    <!-- the pipeline writes sig=__SAS_SIGNATURE_VALUE__ here -->
    <!-- eyJ is how every JWT starts -->
    <base />
  </inbound>
</policies>`})
	count(rule.report) == 0 with input as inp
}
