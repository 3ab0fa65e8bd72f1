// Runs in the consumer project: every public package through CommonJS `require`.
const { Partnero } = require('@partnero-kit/client');
const spec = require('@partnero-kit/openapi/openapi.json');
const types = require('@partnero-kit/types');

const partnero = new Partnero({
  apiKey: 'consumer-test-key',
  baseUrl: process.argv[2],
  maxRetries: 0,
});
partnero.customers.retrieve('cus_1001').then((customer) => {
  console.log(
    JSON.stringify({
      customerKey: customer.key,
      specTitle: spec.info.title,
      specYaml: require.resolve('@partnero-kit/openapi/openapi.yaml'),
      typesExports: Object.keys(types),
    }),
  );
});
