param location string = 'westeurope'

resource orders 'Microsoft.Web/sites@2023-12-01' = {
  name: 'func-orders'
  location: location
  kind: 'functionapp'
  properties: { httpsOnly: true }
}

resource ordersAuth 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: orders
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: false }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: { clientId: '22222222-2222-2222-2222-222222222222' }
        validation: {
          allowedAudiences: [ 'api://orders' ]
          defaultAuthorizationPolicy: { allowedPrincipals: { identities: [ '44444444-4444-4444-4444-444444444444' ] } }
        }
      }
    }
  }
}

resource billing 'Microsoft.Web/sites@2023-12-01' = {
  name: 'func-billing'
  location: location
  kind: 'functionapp'
  properties: { httpsOnly: true }
}

resource billingAuth 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: billing
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: { clientId: '33333333-3333-3333-3333-333333333333' }
        validation: {
          allowedAudiences: [ 'api://billing' ]
          defaultAuthorizationPolicy: { allowedPrincipals: { identities: [ '44444444-4444-4444-4444-444444444444' ] } }
        }
      }
    }
  }
}
