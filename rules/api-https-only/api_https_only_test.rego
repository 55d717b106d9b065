package apimlint.rules["api-https-only_test"]

import data.apimlint.rules["api-https-only"] as rule

test_http_protocol_is_reported if {
	inp := apimlint.estate({"apis/shop/apiInformation.json": `{
  "properties": {
    "displayName": "Shop",
    "path": "shop",
    "protocols": ["https", "HTTP"]
  }
}`})
	rule.report == {{
		"rule": "api-https-only",
		"severity": "warning",
		"message": "API \"shop\" accepts http: calls, subscription keys and tokens travel in clear text; set protocols to ['https']",
		"location": {"file": "apis/shop/apiInformation.json", "line": 5, "column": 18, "end_line": 5, "end_column": 35},
		"related": [],
	}} with input as inp
}

test_https_only_passes if {
	inp := apimlint.estate({
		"apis/shop/apiInformation.json": `{"properties": {"displayName": "Shop", "path": "shop", "protocols": ["https"]}}`,
		"apis/ws/apiInformation.json": `{"properties": {"displayName": "Chat", "path": "chat", "type": "websocket", "protocols": ["wss"]}}`,
		"apis/bare/apiInformation.json": `{"properties": {"displayName": "Bare", "path": "bare"}}`,
	})
	count(rule.report) == 0 with input as inp
}
