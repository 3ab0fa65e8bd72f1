// Runs in the consumer project: every public package through ES module `import`.
import { Partnero } from '@partnero-kit/client';
import spec from '@partnero-kit/openapi/openapi.json' with { type: 'json' };
import { loadSpec } from '@partnero-kit/openapi/runtime';
import * as types from '@partnero-kit/types';

const partnero = new Partnero({
  apiKey: 'consumer-test-key',
  baseUrl: process.argv[2],
  maxRetries: 0,
});
const customer = await partnero.customers.retrieve('cus_1001');
// The spec runtime, with its ajv, from the tarball: the answer checked against the schema.
const runtime = loadSpec();
console.log(
  JSON.stringify({
    customerKey: customer.key,
    specTitle: spec.info.title,
    runtimeOperations: runtime.operations.size,
    customerMatchesSchema: runtime.validator('#/components/schemas/Customer')(customer),
    specYaml: import.meta.resolve('@partnero-kit/openapi/openapi.yaml'),
    typesExports: Object.keys(types),
  }),
);
