package gen

import (
	"fmt"
	"strings"
)

const apimVersion = "2023-05-01-preview"

// Bicep writes a Bicep repository under dir: main.bicep declares the APIM
// service, its named values, backends and products and calls one module per
// group of APIs; each module declares its APIs and operations, whose policies
// it reads from policies/ with loadTextContent.
func Bicep(dir string, opts Options) (Stats, error) {
	e := newEstate(opts)
	w := &writer{root: dir, strict: opts.Strict}
	per := max(opts.APIsPerModule, 1)
	modules := (opts.APIs + per - 1) / per

	var m strings.Builder
	fmt.Fprintf(&m, `@description('Name of the API Management service.')
param apimName string = 'apim-bench'

param location string = resourceGroup().location

resource apim 'Microsoft.ApiManagement/service@%[1]s' = {
  name: apimName
  location: location
  sku: {
    name: 'Developer'
    capacity: 1
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    publisherEmail: 'api@example.com'
    publisherName: 'Bench'
  }
}

resource globalPolicy 'Microsoft.ApiManagement/service/policies@%[1]s' = {
  parent: apim
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: loadTextContent('policies/global.xml')
  }
}
`, apimVersion)
	w.write("policies/global.xml", e.globalPolicy())
	for _, name := range e.frags {
		w.write("policies/fragments/"+name+".xml", e.fragmentPolicy())
		fmt.Fprintf(&m, `
resource %s 'Microsoft.ApiManagement/service/policyFragments@%s' = {
  parent: apim
  name: '%s'
  properties: {
    format: 'rawxml'
    value: loadTextContent('policies/fragments/%s.xml')
  }
}
`, ident(name), apimVersion, name, name)
	}
	for i, name := range e.nvs {
		secret := i%5 == 0
		value := fmt.Sprintf("value: 'value-%d'", i+1)
		if secret {
			value = fmt.Sprintf("keyVault: {\n      secretIdentifier: 'https://kv-bench.vault.azure.net/secrets/%s'\n    }", name)
		}
		fmt.Fprintf(&m, `
resource %s 'Microsoft.ApiManagement/service/namedValues@%s' = {
  parent: apim
  name: '%s'
  properties: {
    displayName: '%s'
    secret: %t
    %s
  }
}
`, ident(name), apimVersion, name, name, secret, value)
	}
	for _, name := range e.backends {
		fmt.Fprintf(&m, `
resource %s 'Microsoft.ApiManagement/service/backends@%s' = {
  parent: apim
  name: '%s'
  properties: {
    protocol: 'http'
    url: '%s'
  }
}
`, ident(name), apimVersion, name, e.backendURL(name))
	}
	for i := range opts.Products {
		name := productName(i)
		w.write("policies/products/"+name+".xml", e.productPolicy(name))
		fmt.Fprintf(&m, `
resource %[1]s 'Microsoft.ApiManagement/service/products@%[2]s' = {
  parent: apim
  name: '%[3]s'
  properties: {
    displayName: '%[3]s'
    subscriptionRequired: true
    state: 'published'
  }
}

resource %[1]sPolicy 'Microsoft.ApiManagement/service/products/policies@%[2]s' = {
  parent: %[1]s
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: loadTextContent('policies/products/%[3]s.xml')
  }
}
`, ident(name), apimVersion, name)
	}
	for g := range modules {
		fmt.Fprintf(&m, `
module apis%03[1]d 'modules/apis-%03[1]d.bicep' = {
  name: 'apis-%03[1]d'
  params: {
    apimName: apim.name
  }
}
`, g+1)
		w.write(fmt.Sprintf("modules/apis-%03d.bicep", g+1), e.bicepModule(w, g*per, min((g+1)*per, opts.APIs)))
	}
	w.write("main.bicep", m.String())
	w.write("main.bicepparam", "using 'main.bicep'\n\nparam apimName = 'apim-bench-prod'\n")
	w.stats.Defects = e.defects
	return w.stats, w.err
}

// bicepModule declares APIs [from, to) and writes their policy files.
func (e *estate) bicepModule(w *writer, from, to int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `@description('Name of the existing API Management service.')
param apimName string

resource apim 'Microsoft.ApiManagement/service@%s' existing = {
  name: apimName
}
`, apimVersion)
	for i := from; i < to; i++ {
		api := apiName(i)
		id := ident(api)
		w.write("policies/"+api+"/policy.xml", e.apiPolicy(api))
		fmt.Fprintf(&b, `
resource %[1]s 'Microsoft.ApiManagement/service/apis@%[2]s' = {
  parent: apim
  name: '%[3]s'
  properties: {
    displayName: 'API %04[4]d'
    path: '%[3]s'
    protocols: [
      'https'
    ]
    serviceUrl: 'https://%[3]s.example.com'
    subscriptionRequired: true
  }
}

resource %[1]sPolicy 'Microsoft.ApiManagement/service/apis/policies@%[2]s' = {
  parent: %[1]s
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: loadTextContent('../policies/%[3]s/policy.xml')
  }
}
`, id, apimVersion, api, i+1)
		for j := range e.opts.Operations {
			op := opName(j)
			w.write("policies/"+api+"/"+op+".xml", e.operationPolicy(op))
			fmt.Fprintf(&b, `
resource %[1]s 'Microsoft.ApiManagement/service/apis/operations@%[2]s' = {
  parent: %[3]s
  name: '%[4]s'
  properties: {
    displayName: '%[4]s'
    method: '%[5]s'
    urlTemplate: '/%[4]s'
  }
}

resource %[1]sPolicy 'Microsoft.ApiManagement/service/apis/operations/policies@%[2]s' = {
  parent: %[1]s
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: loadTextContent('../policies/%[6]s/%[4]s.xml')
  }
}
`, id+ident(op), apimVersion, id, op, methods[j%len(methods)], api)
		}
	}
	return b.String()
}

// ident turns a name such as "api-0001" into a Bicep identifier "api0001".
func ident(name string) string {
	var b strings.Builder
	up := false
	for i, r := range name {
		switch {
		case r == '-' || r == '.' || r == ' ':
			up = i > 0
		case up:
			b.WriteString(strings.ToUpper(string(r)))
			up = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
