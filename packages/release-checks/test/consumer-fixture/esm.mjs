// Runs in the consumer project: every public package through ES module `import`.
import { Partnero } from '@partnero-kit/client';
import spec from '@partnero-kit/openapi/openapi.json' with { type: 'json' };
import * as types from '@partnero-kit/types';

const partnero = new Partnero({
  apiKey: 'consumer-test-key',
  baseUrl: process.argv[2],
  maxRetries: 0,
});
const customer = await partnero.customers.retrieve('cus_1001');
console.log(
  JSON.stringify({
    customerKey: customer.key,
    specTitle: spec.info.title,
    specYaml: import.meta.resolve('@partnero-kit/openapi/openapi.yaml'),
    typesExports: Object.keys(types),
  }),
);
