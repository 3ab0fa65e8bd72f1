import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { loadSpec, type OperationId } from '../src/spec.js';
import {
  type Answer,
  apiFor,
  newApiKey,
  startTestSandbox,
  storageUnderTest,
} from './support/sandbox.js';

// Every operation of the spec, and every status it documents, provoked for real against the
// sandbox in strict mode: a reply the spec does not allow would come back as a 500 with a
// Sandbox-Violation header, which every assertion here rules out.

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox?.close());

type Api = ReturnType<typeof apiFor>;
type Provoke = (api: Api, headers?: Record<string, string>) => Promise<Answer>;

const customer = (key: string) => ({
  key,
  partner: { key: 'partner_ada' },
  email: `${key}@example.com`,
});

async function withCustomer(api: Api, key = 'cus_1'): Promise<string> {
  const created = await api.call('POST', '/v1/customers', customer(key));
  expect(created.status).toBe(200);
  return key;
}

const webhook = (key: string) => ({
  key,
  name: 'Customer sync',
  // Nothing listens here: the sandbox must not call a URL when it is subscribed.
  url: 'http://127.0.0.1:9/hooks',
  events: ['customer.created'],
  is_active: false,
});

async function withWebhook(api: Api, key = 'wh_1'): Promise<string> {
  const created = await api.call('POST', '/v1/webhooks', webhook(key));
  expect(created.status).toBe(200);
  return key;
}

/** How to make each operation succeed. */
const succeed: Record<OperationId, Provoke> = {
  listCustomers: (api, h) => api.call('GET', '/v1/customers', undefined, h),
  createCustomer: (api, h) => api.call('POST', '/v1/customers', customer('cus_new'), h),
  updateCustomerByReference: async (api, h) =>
    api.call('PUT', '/v1/customers', { key: await withCustomer(api), update: { name: 'A' } }, h),
  deleteCustomerByReference: async (api, h) =>
    api.call('DELETE', '/v1/customers', { key: await withCustomer(api) }, h),
  searchCustomers: async (api, h) => {
    await withCustomer(api);
    return api.call('GET', '/v1/customers:search?email=cus_1%40example.com', undefined, h);
  },
  getCustomer: async (api, h) =>
    api.call('GET', `/v1/customers/${await withCustomer(api)}`, undefined, h),
  updateCustomer: async (api, h) =>
    api.call('PUT', `/v1/customers/${await withCustomer(api)}`, { update: { surname: 'B' } }, h),
  deleteCustomer: async (api, h) =>
    api.call('DELETE', `/v1/customers/${await withCustomer(api)}`, undefined, h),
  suspendCustomer: async (api, h) =>
    api.call('POST', `/v1/customers/${await withCustomer(api)}/suspend`, undefined, h),
  approveCustomer: async (api, h) =>
    api.call('POST', `/v1/customers/${await withCustomer(api)}/approve`, undefined, h),
  listCustomerTransactions: async (api, h) => {
    const key = await withCustomer(api);
    const seeded = await api.call('POST', '/__sandbox/seed', {
      transactions: [{ customer: key, key: 'tx_1', amount: 99.99 }],
    });
    expect(seeded.status).toBe(200);
    return api.call('GET', `/v1/customers/${key}/transactions?limit=5`, undefined, h);
  },
  listWebhooks: async (api, h) => {
    await withWebhook(api);
    return api.call('GET', '/v1/webhooks', undefined, h);
  },
  createWebhook: (api, h) => api.call('POST', '/v1/webhooks', webhook('wh_new'), h),
  getWebhook: async (api, h) =>
    api.call('GET', `/v1/webhooks/${await withWebhook(api)}`, undefined, h),
  updateWebhook: async (api, h) =>
    api.call('PUT', `/v1/webhooks/${await withWebhook(api)}`, { name: 'Renamed' }, h),
  deleteWebhook: async (api, h) =>
    api.call('DELETE', `/v1/webhooks/${await withWebhook(api)}`, undefined, h),
};

const notFound: Partial<Record<OperationId, Provoke>> = {
  updateCustomerByReference: (api) =>
    api.call('PUT', '/v1/customers', { key: 'nobody', update: { name: 'A' } }),
  deleteCustomerByReference: (api) =>
    api.call('DELETE', '/v1/customers', { email: 'nobody@example.com' }),
  getCustomer: (api) => api.call('GET', '/v1/customers/nobody'),
  updateCustomer: (api) => api.call('PUT', '/v1/customers/nobody', { update: {} }),
  deleteCustomer: (api) => api.call('DELETE', '/v1/customers/nobody'),
  suspendCustomer: (api) => api.call('POST', '/v1/customers/nobody/suspend'),
  approveCustomer: (api) => api.call('POST', '/v1/customers/nobody/approve'),
  listCustomerTransactions: (api) => api.call('GET', '/v1/customers/nobody/transactions'),
  getWebhook: (api) => api.call('GET', '/v1/webhooks/nobody'),
  updateWebhook: (api) => api.call('PUT', '/v1/webhooks/nobody', { name: 'N' }),
  deleteWebhook: (api) => api.call('DELETE', '/v1/webhooks/nobody'),
};

const invalid: Partial<Record<OperationId, Provoke>> = {
  listCustomers: (api) => api.call('GET', '/v1/customers?limit=251'),
  createCustomer: (api) => api.call('POST', '/v1/customers', { email: 'not-an-email' }),
  updateCustomerByReference: (api) => api.call('PUT', '/v1/customers', { key: 'x' }),
  deleteCustomerByReference: (api) => api.call('DELETE', '/v1/customers', {}),
  searchCustomers: (api) => api.call('GET', '/v1/customers:search'),
  updateCustomer: (api) => api.call('PUT', '/v1/customers/x', { update: { tags: 'a' } }),
  listCustomerTransactions: (api) => api.call('GET', '/v1/customers/x/transactions?page=0'),
  createWebhook: (api) => api.call('POST', '/v1/webhooks', { ...webhook('w'), url: 'ftp://x' }),
  updateWebhook: async (api) =>
    api.call('PUT', `/v1/webhooks/${await withWebhook(api)}`, { events: ['customer.gone'] }),
};

/** How to get each documented error status out of an operation. */
const provoke: Record<number, (id: OperationId) => Provoke | undefined> = {
  200: (id) => succeed[id],
  // A malformed Authorization header on the final request only; the set-up is authenticated.
  401: (id) => (api) => succeed[id](api, { authorization: 'Basic dXNlcjpwYXNz' }),
  403: (id) => (api) => succeed[id](api, { 'sandbox-fault': 'status=403' }),
  429: (id) => (api) => succeed[id](api, { 'sandbox-fault': 'status=429;retry-after=1' }),
  500: (id) => (api) => succeed[id](api, { 'sandbox-fault': 'status=500' }),
  404: (id) => notFound[id],
  422: (id) => invalid[id],
  400: (id) =>
    id === 'createCustomer'
      ? async (api) => {
          const seeded = await api.call('POST', '/__sandbox/seed', {
            partners: [{ key: 'partner_ada' }],
          });
          expect(seeded.status).toBe(200);
          return api.call('POST', '/v1/customers', {
            key: 'c',
            partner: { key: 'partner_unknown' },
          });
        }
      : undefined,
};

const spec = loadSpec();
const cases = [...spec.operations.values()].flatMap((operation) =>
  [...operation.responses.keys()].map((status) => ({ id: operation.id as OperationId, status })),
);

describe(`every documented status of every operation (${storageUnderTest()})`, () => {
  it('covers all sixteen operations of the spec', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(16);
  });

  it.each(cases)('$id answers $status', async ({ id, status }) => {
    const run = provoke[status]?.(id);
    // A status the spec documents but this table cannot provoke fails here, not silently.
    expect(run, `no way to provoke ${status} for ${id}`).toBeTypeOf('function');
    const answer = await (run as Provoke)(apiFor(sandbox.url, newApiKey()));
    expect(answer.headers.get('sandbox-violation')).toBeNull();
    expect(answer.status).toBe(status);
    if (status >= 400) {
      expect(answer.body).toMatchObject({ message: expect.any(String) });
    }
    if (status === 429) expect(answer.headers.get('retry-after')).toBe('1');
  });
});

describe('the wording of an operation’s errors', () => {
  it('comes from the spec’s examples: a reworded 404 or 400 example is what the sandbox answers', async () => {
    const document = structuredClone(spec.document) as {
      components: { examples: Record<string, { value: unknown }> };
    };
    const reword = (name: string, message: string) => {
      const example = document.components.examples[name];
      if (!example) throw new Error(`the spec has no example ${name}`);
      example.value = { message };
    };
    reword('NotFoundError', 'No such customer');
    reword('InvalidPartnerError', 'No such partner');
    const reworded = await startTestSandbox({ spec: loadSpec(document) });
    try {
      const api = apiFor(reworded.url, newApiKey());
      const missing = await api.call('GET', '/v1/customers/nobody');
      expect([missing.status, missing.body]).toEqual([404, { message: 'No such customer' }]);
      await api.call('POST', '/__sandbox/seed', { partners: [{ key: 'partner_ada' }] });
      const refused = await api.call('POST', '/v1/customers', {
        key: 'c',
        partner: { key: 'partner_unknown' },
      });
      expect([refused.status, refused.body]).toEqual([400, { message: 'No such partner' }]);
      expect(refused.headers.get('sandbox-violation')).toBeNull();
    } finally {
      await reworded.close();
    }
  });
});
