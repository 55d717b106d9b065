resource apim 'Microsoft.ApiManagement/service@2023-05-01-preview' = {
  name: 'apim-shop'
  location: 'westeurope'
  sku: { name: 'Developer', capacity: 1 }
  identity: { type: 'SystemAssigned' }
  properties: { publisherEmail: 'api@contoso.com', publisherName: 'Contoso' }
}

resource api 'Microsoft.ApiManagement/service/apis@2023-05-01-preview' = {
  parent: apim
  name: 'orders'
  properties: {
    displayName: 'Orders'
    path: 'orders'
    protocols: ['https']
    serviceUrl: 'https://${func.properties.defaultHostName}/api'
  }
}

resource apiPolicy 'Microsoft.ApiManagement/service/apis/policies@2023-05-01-preview' = {
  parent: api
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: loadTextContent('policy.xml')
  }
}

resource func 'Microsoft.Web/sites@2023-12-01' = {
  name: 'func-orders'
  location: 'westeurope'
  kind: 'functionapp'
  properties: { httpsOnly: true }
}

resource auth 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: func
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: { requireAuthentication: true, unauthenticatedClientAction: 'Return401' }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: { clientId: '11111111-1111-1111-1111-111111111111' }
        validation: { defaultAuthorizationPolicy: { allowedPrincipals: { identities: [ apim.identity.principalId ] } } }
      }
    }
  }
}
