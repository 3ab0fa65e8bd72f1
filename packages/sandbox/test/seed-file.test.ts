import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { apiFor, startTestSandbox, storageUnderTest } from './support/sandbox.js';

// A seed names a customer's partner by the rule the API applies to stored partners: by key,
// else by id, else by email, so one reference gives the same partner in a seed and in a create.

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox?.close());

/** Two partners that one reference could name: one by its id, the other by its key. */
const partners = [
  { key: 'partner_by_id', id: 'shared' },
  { key: 'shared', email: 'shared@example.com' },
];
const reference = { key: 'shared', id: 'shared' };

describe(`partner references in a seed (${storageUnderTest()})`, () => {
  it('resolve to the same partner as in a create: the key wins over the id', async () => {
    const { call } = apiFor(sandbox.url);
    const seeded = await call('POST', '/__sandbox/seed', {
      partners,
      customers: [{ key: 'cus_seeded', partner: reference }],
    });
    expect(seeded.status, JSON.stringify(seeded.body)).toBe(200);
    const created = await call('POST', '/v1/customers', { key: 'cus_created', partner: reference });
    expect(created.status, JSON.stringify(created.body)).toBe(200);

    for (const key of ['cus_seeded', 'cus_created']) {
      const answer = await call('GET', `/v1/customers/${key}`);
      expect((answer.body as { data: { partner: unknown } }).data.partner, key).toBe('shared');
    }
  });

  it('refuses a reference that names no seeded partner, naming the field', async () => {
    const { call } = apiFor(sandbox.url);
    const refused = await call('POST', '/__sandbox/seed', {
      partners,
      customers: [{ key: 'cus_nobody', partner: { id: 'nobody' } }],
    });
    expect(refused.status).toBe(422);
    expect((refused.body as { errors: unknown }).errors).toEqual({
      'customers.0.partner': ['The selected customers.0.partner is invalid.'],
    });
  });
});
