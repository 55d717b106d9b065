resource apim 'Microsoft.ApiManagement/service@2022-08-01' existing = {
  name: 'apim'
}

resource api 'Microsoft.ApiManagement/service/apis@2022-08-01' = {
  parent: apim
  name: 'orders'
  properties: {
    displayName: 'orders'
    path: 'orders'
    protocols: ['https']
  }
}

resource policy 'Microsoft.ApiManagement/service/apis/policies@2022-08-01' = {
  parent: api
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: '<policies><inbound><base /><set-header name="x-plain" exists-action="override"><value>1</value></set-header></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>'
  }
}

module op 'modules/operation.bicep' = {
  name: 'op'
  params: {
    apimName: apim.name
    apiName: api.name
  }
}
