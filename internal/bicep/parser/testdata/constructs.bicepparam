using './main.bicep'

extends './base.bicepparam'

import { shared } from './shared.bicep'

param apimName = 'apim-${readEnvironmentVariable('ENV', 'dev')}'
param secret = az.getSecret('00000000-0000-0000-0000-000000000000', 'rg', 'kv', 'secret')
param other = getSecret('sub', 'rg', 'kv', 'other')
param sku = 'Developer'

var prefix = 'x'

type small = 'a' | 'b'

extensionConfig graph with {
  tenant: readEnvironmentVariable('TENANT')
}
