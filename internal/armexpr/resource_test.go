package armexpr

import (
	"testing"

	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

func TestResourceIDs(t *testing.T) {
	tests := []struct {
		expr string
		want string
	}{
		{"[resourceId('Microsoft.Web/sites', 'contoso-func')]",
			`<resourceId('Microsoft.Web/sites', 'contoso-func') parts "/subscriptions/" <subscription().subscriptionId> ` +
				`"/resourceGroups/" <resourceGroup().name> "/providers/Microsoft.Web/sites/contoso-func">`},
		{"[resourceId('rg1', 'Microsoft.ApiManagement/service/apis', parameters('apim'), 'echo')]",
			`<resourceId('rg1', 'Microsoft.ApiManagement/service/apis', parameters('apim'), 'echo') parts "/subscriptions/" ` +
				`<subscription().subscriptionId> "/resourceGroups/rg1/providers/Microsoft.ApiManagement/service/contoso-apim/apis/echo">`},
		{"[resourceId('sub1', 'rg1', 'Microsoft.Web/sites', 'f')]",
			`"/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Web/sites/f"`},
		{"[resourceId('Microsoft.Web/sites', parameters('secret'))]",
			`<resourceId('Microsoft.Web/sites', parameters('secret')) parts "/subscriptions/" <subscription().subscriptionId> ` +
				`"/resourceGroups/" <resourceGroup().name> "/providers/Microsoft.Web/sites/" <parameters('secret')>>`},
		{"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'abc')]",
			`<subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'abc') parts "/subscriptions/" ` +
				`<subscription().subscriptionId> "/providers/Microsoft.Authorization/roleDefinitions/abc">`},
		{"[subscriptionResourceId('s1', 'Microsoft.Authorization/roleDefinitions', 'abc')]",
			`"/subscriptions/s1/providers/Microsoft.Authorization/roleDefinitions/abc"`},
		{"[tenantResourceId('Microsoft.Management/managementGroups', 'mg')]",
			`"/providers/Microsoft.Management/managementGroups/mg"`},
		{"[extensionResourceId('/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/sites/f', 'Microsoft.Authorization/locks', 'l')]",
			`"/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/sites/f/providers/Microsoft.Authorization/locks/l"`},
		{"[resourceId(parameters('secret'), 'Microsoft.Web/sites', 'f')]",
			`<resourceId(parameters('secret'), 'Microsoft.Web/sites', 'f') parts "/subscriptions/" <subscription().subscriptionId> ` +
				`"/resourceGroups/" <parameters('secret')> "/providers/Microsoft.Web/sites/f">`},
		{"[uri(environment().resourceManager, resourceId('Microsoft.Web/sites', 'f'))]",
			`<uri(environment().resourceManager, resourceId('Microsoft.Web/sites', 'f')) parts "https://management.azure.com/subscriptions/" ` +
				`<subscription().subscriptionId> "/resourceGroups/" <resourceGroup().name> "/providers/Microsoft.Web/sites/f">`},
		{"[concat(resourceId('Microsoft.ApiManagement/service', 'a'), '/')]",
			`<concat(resourceId('Microsoft.ApiManagement/service', 'a'), '/') parts "/subscriptions/" <subscription().subscriptionId> ` +
				`"/resourceGroups/" <resourceGroup().name> "/providers/Microsoft.ApiManagement/service/a/">`},
		{"[resourceId('s', 'r', 'Microsoft.Network/virtualNetworks/subnets/', 'v', 'n')]",
			`"/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/n"`},
		{"[resourceGroup().id]",
			`<resourceGroup().id parts "/subscriptions/" <subscription().subscriptionId> "/resourceGroups/" <resourceGroup().name>>`},
	}
	env := standardEnv(t)
	for _, tt := range tests {
		v, errs := EvalString(exprValue(t, tt.expr), env)
		if len(errs) > 0 {
			t.Errorf("%s: %s", tt.expr, errorList(errs))
			continue
		}
		if got := render(v); got != tt.want {
			t.Errorf("%s\n got  %s\n want %s", tt.expr, got, tt.want)
		}
	}
}

func TestResourceIDWithKnownScope(t *testing.T) {
	env := standardEnv(t)
	loc := source.Location{File: "scope"}
	env.scope = Scope{SubscriptionID: value.NewString("sub-1", loc), ResourceGroup: value.NewString("rg-1", loc),
		TenantID: value.NewString("tenant-1", loc)}
	tests := map[string]string{
		"[resourceId('Microsoft.Web/sites', 'f')]": `"/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.Web/sites/f"`,
		"[resourceGroup().name]":                   `"rg-1"`,
		"[resourceGroup().id]":                     `"/subscriptions/sub-1/resourceGroups/rg-1"`,
		"[subscription().subscriptionId]":          `"sub-1"`,
		"[subscription().id]":                      `"/subscriptions/sub-1"`,
		"[tenant().tenantId]":                      `"tenant-1"`,
		"[resourceGroup().location]":               `<resourceGroup().location>`,
	}
	for expr, want := range tests {
		v, errs := EvalString(exprValue(t, expr), env)
		if len(errs) > 0 || render(v) != want {
			t.Errorf("%s = %s %v, want %s", expr, render(v), errs, want)
		}
	}
}

func TestReference(t *testing.T) {
	tests := []struct {
		expr string
		want string
	}{
		{"[reference(resourceId('Microsoft.ApiManagement/service', 'x'), '2021-08-01', 'Full').identity.principalId]",
			`<reference(resourceId('Microsoft.ApiManagement/service', 'x'), '2021-08-01', 'Full').identity.principalId ` +
				`ref{x|Microsoft.ApiManagement/service|x|identity.principalId}>`},
		{"[reference(resourceId('Microsoft.Web/sites', parameters('fn'))).defaultHostName]",
			`<reference(resourceId('Microsoft.Web/sites', parameters('fn'))).defaultHostName ` +
				`ref{contoso-func|Microsoft.Web/sites|contoso-func|properties.defaultHostName}>`},
		{"[reference('/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/sites/f/config/web', '2022-09-01', 'full')['properties']]",
			`<reference('/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/sites/f/config/web', '2022-09-01', 'full')['properties'] ` +
				`ref{f/web|Microsoft.Web/sites/config|f/web|properties}>`},
		{"[reference('apim', '2021-08-01', 'Full').identity.principalId]",
			`<reference('apim', '2021-08-01', 'Full').identity.principalId ref{apimSymbol|Microsoft.ApiManagement/service|contoso-apim|identity.principalId}>`},
		{"[reference(resourceId('Microsoft.Web/sites', parameters('secret')), '2022-09-01', 'Full').identity]",
			`<reference(resourceId('Microsoft.Web/sites', parameters('secret')), '2022-09-01', 'Full').identity ` +
				`ref{resourceId('Microsoft.Web/sites', parameters('secret'))|Microsoft.Web/sites||identity}>`},
		{"[reference(variables('siteId')).outputs[0]]",
			`<reference(variables('siteId')).outputs[0] ref{site-a|Microsoft.Web/sites|site-a|properties.outputs[0]}>`},
		{"[reference(parameters('secret')).x]", `<reference(parameters('secret')).x ref{parameters('secret')|||properties.x}>`},
	}
	env := standardEnv(t)
	env.resources = map[string]value.Ref{
		"apim": {Symbol: "apimSymbol", Type: "Microsoft.ApiManagement/service", Name: "contoso-apim"},
	}
	// A variable holding an ID built elsewhere: reference() reads the type
	// and name from its known suffix.
	siteID, errs := EvalString(exprValue(t, "[resourceId('Microsoft.Web/sites', 'site-a')]"), env)
	if len(errs) > 0 {
		t.Fatal(errorList(errs))
	}
	env.vars["siteId"] = siteID

	for _, tt := range tests {
		v, errs := EvalString(exprValue(t, tt.expr), env)
		if len(errs) > 0 {
			t.Errorf("%s: %s", tt.expr, errorList(errs))
			continue
		}
		if got := render(v); got != tt.want {
			t.Errorf("%s\n got  %s\n want %s", tt.expr, got, tt.want)
		}
	}
}
