package cli

import (
	"strings"
	"testing"
)

// TestEnvReachesBicepParamFiles checks that --env gives
// readEnvironmentVariable() its value, and that without it the value is
// unknown (no finding rests on it).
func TestEnvReachesBicepParamFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"main.bicepparam": "using 'main.bicep'\n\nparam url = readEnvironmentVariable('BACKEND_URL')\n",
		"main.bicep": `param url string

resource be 'Microsoft.ApiManagement/service/backends@2022-08-01' = {
  name: 'contoso/orders'
  properties: {
    protocol: 'http'
    url: url
  }
}
`,
	})
	out, _, code := runIn(t, dir, nil, "check", "--env", "BACKEND_URL=http://orders.example.com", ".")
	want := `main.bicepparam:3:13: error: backend "orders" has url "http://orders.example.com"`
	if code != 1 || !strings.Contains(out, want) {
		t.Errorf("with --env: exit %d, output:\n%s\nwant a line starting %s", code, out, want)
	}
	out, _, code = runIn(t, dir, nil, "check", ".")
	if code != 0 || strings.Contains(out, "backend-https") {
		t.Errorf("without --env: exit %d, output:\n%s", code, out)
	}
	_, errOut, code := runIn(t, dir, nil, "check", "--env", "BACKEND_URL", ".")
	if code != 2 || !strings.Contains(errOut, `--env "BACKEND_URL": want NAME=VALUE`) {
		t.Errorf("malformed --env: exit %d, stderr:\n%s", code, errOut)
	}
}
