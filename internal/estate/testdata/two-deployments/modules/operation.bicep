param apimName string
param apiName string

resource op 'Microsoft.ApiManagement/service/apis/operations@2022-08-01' = {
  name: '${apimName}/${apiName}/get'
  properties: {
    displayName: 'get'
    method: 'GET'
    urlTemplate: '/'
  }
}
