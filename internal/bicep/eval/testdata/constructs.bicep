// Every construct the parser knows, in one valid file.
targetScope = 'resourceGroup'

metadata info = {
  owner: 'platform'
}

import { shared, 'other-name' as other } from './shared.bicep'
import * as ns from './types.bicep'
extension microsoftGraphV1
extension 'br:mcr.microsoft.com/bicep/extensions/kubernetes:1.0' with {
  namespace: 'default'
} as k8s

@description('Name of the API Management instance.')
@minLength(3)
@maxLength(50)
param apimName string

@sys.secure()
param secret string = ''

@allowed([
  'Developer'
  'Premium'
])
param sku string = 'Developer'

param tags object = { env: 'dev', team: 'api' }
param existingSite resource 'Microsoft.Web/sites@2022-03-01'

@export()
@sealed()
@discriminator('kind')
type endpoint = { kind: 'http', url: string } | { kind: 'grpc', port: int? }

type names = string[]
type pair = [
  @description('The key')
  string
  int
]
type dict = {
  *: string
}
type props = resourceInput<'Microsoft.Web/sites@2022-03-01'>.properties
type imported = ns.myType
type literals = -1 | !true | null | ('a' | 'b')[]

func greet(name string, times int) string => '${name}: ${string(times)}'

var policy = '<policies>\n  <inbound>\n    <base />\n  </inbound>\n</policies>'
var xml = '''
<policies>
  <inbound><base /></inbound>
</policies>
'''
var interpolated = $$'''
Hello $${apimName}, ${not a hole}
'''
var typed string[] = [apimName, 'x']
var numbers = [for (n, i) in range(0, 3): n * i]
var filtered = filter(numbers, n => n % 2 == 0)
var total = reduce(numbers, 0, (acc, n) => acc + n)
var safe = tags.?missing ?? tags[?'env'] ?? 'none'
var last = numbers[^1]
var merged = { ...tags, extra: true }
var spread = [...numbers, 4]
var cond = sku == 'Premium' && !empty(secret) || length(apimName) > 10 ? 'big' : 'small'
var ci = sku =~ 'premium' || sku !~ 'developer'
var math = (1 + 2) * 3 - 4 / 2 % 5

resource apim 'Microsoft.ApiManagement/service@2022-08-01' existing = {
  name: apimName
}

resource api 'Microsoft.ApiManagement/service/apis@2022-08-01' = {
  parent: apim
  name: 'echo'
  properties: {
    displayName: 'Echo'
    path: 'echo'
    protocols: ['https']
  }

  resource policy 'policies' = {
    name: 'policy'
    properties: {
      format: 'rawxml'
      value: loadTextContent('policy.xml')
    }
  }

  @batchSize(1)
  resource ops 'operations@2022-08-01' = [for op in ['get', 'post']: {
    name: op
    properties: {
      displayName: toUpper(op)
      method: op
      urlTemplate: '/${op}'
    }
  }]
}

resource conditional 'Microsoft.ApiManagement/service/namedValues@2022-08-01' = if (!empty(secret)) {
  parent: apim
  name: 'secret'
  properties: {
    displayName: 'secret'
    secret: true
    value: secret
  }
}

module site './site.bicep' =
  if (sku == 'Premium') {
    name: 'site-${uniqueString(resourceGroup().id)}'
    params: {
      apimId: apim.id
      policyId: api::policy.id
    }
  }

@batchSize(2)
module many './site.bicep' = [for i in range(0, 2): if (i > 0) {
  name: 'site${i}'
  params: {}
}]

assert nameIsShort = length(apimName) < 50

output apiId string = api.id
output principal string = apim.identity.principalId!
output siteRef resource 'Microsoft.Web/sites@2022-03-01' = existingSite
