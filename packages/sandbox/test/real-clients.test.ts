// What Partnero's own clients send, unchanged, answered as Partnero would (issues 19 and 23):
// JSON bodies on GET and DELETE read as input (the PHP SDK's list filters), the top-level
// update form (n8n, Python SDK), closed programs, a customer's transactions, unknown routes
// in Laravel's words, and the original page's fetch of one customer by a GET body.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import {
  apiFor,
  exited,
  newApiKey,
  rawCall,
  spawnCli,
  startTestSandbox,
  storageUnderTest,
} from './support/sandbox.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox?.close());

const scratch = mkdtempSync(join(tmpdir(), 'sandbox-real-clients-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A program with `count` customers of partner_ada and of partner_bob each, bob's newest. */
async function twoPartners(count: number) {
  const api = apiFor(sandbox.url);
  const customers = ['ada', 'bob'].flatMap((partner) =>
    Array.from({ length: count }, (_, i) => ({
      key: `${partner}_${i}`,
      email: `${partner}_${i}@example.com`,
      partner: { key: `partner_${partner}`, email: `${partner}@partners.example` },
    })),
  );
  expect((await api.call('POST', '/__sandbox/seed', { customers })).status).toBe(200);
  return api;
}

/** A GET (or DELETE) with a JSON body, as the PHP SDK sends it. */
function withBody(api: ReturnType<typeof apiFor>, method: string, path: string, body: string) {
  return rawCall(sandbox.url, {
    method,
    path,
    headers: {
      Authorization: `Bearer ${api.apiKey}`,
      Accept: 'application/json',
      'Content-Type': 'application/json',
    },
    body,
  });
}

const keysOf = (answer: { body: unknown }) =>
  (answer.body as { data: { key: string }[] }).data.map((customer) => customer.key);

describe(`JSON bodies on GET and DELETE are input, as in Laravel (${storageUnderTest()})`, () => {
  it("filters and pages the list by the PHP SDK's body, with a warning naming the query form", async () => {
    const api = await twoPartners(12);
    const first = await withBody(
      api,
      'GET',
      '/v1/customers',
      '{"partner":{"key":"partner_bob"},"limit":10}',
    );
    expect(first.status).toBe(200);
    expect(keysOf(first)).toEqual(Array.from({ length: 10 }, (_, i) => `bob_${11 - i}`));
    expect((first.body as { meta: { per_page: number } }).meta.per_page).toBe(10);
    expect(first.headers.get('sandbox-warning')).toMatch(
      /limit, partner\.key read from a JSON body on GET.*query parameters `limit`, `partner\.key`/,
    );
    const second = await withBody(
      api,
      'GET',
      '/v1/customers',
      '{"partner":{"key":"partner_bob"},"limit":10,"page":2}',
    );
    expect(keysOf(second)).toEqual(['bob_1', 'bob_0']);
    const byEmail = await withBody(
      api,
      'GET',
      '/v1/customers',
      '{"partner":{"email":"ada@partners.example"},"limit":250}',
    );
    expect(keysOf(byEmail)).toHaveLength(12);
    expect(keysOf(byEmail).every((key) => key.startsWith('ada_'))).toBe(true);
  });

  it('reads search from the body too, and the body wins over the query', async () => {
    const api = await twoPartners(2);
    const search = await withBody(
      api,
      'GET',
      '/v1/customers:search?email=nobody%40example.com',
      '{"email":"ada_1@example.com"}',
    );
    expect(search.status).toBe(200);
    expect(keysOf(search)).toEqual(['ada_1']);
    expect(search.headers.get('sandbox-warning')).toMatch(/email read from a JSON body on GET/);
  });

  it('takes `[]` (what the PHP SDK sends with nothing to say) as no input and no warning', async () => {
    const api = await twoPartners(1);
    const listed = await withBody(api, 'GET', '/v1/customers', '[]');
    expect(listed.status).toBe(200);
    expect(keysOf(listed)).toHaveLength(2);
    expect(listed.headers.get('sandbox-warning')).toBeNull();
    const got = await withBody(api, 'GET', '/v1/customers/ada_0', '[]');
    expect([got.status, got.headers.get('sandbox-warning')]).toEqual([200, null]);
    const deleted = await withBody(api, 'DELETE', '/v1/customers/ada_0', '[]');
    expect([deleted.status, deleted.body]).toEqual([200, { status: 1 }]);
  });

  it('records the body of a GET in the request log', async () => {
    const api = await twoPartners(1);
    await withBody(api, 'GET', '/v1/customers', '{"partner":{"key":"partner_bob"},"limit":10}');
    const log = await api.call('GET', '/__sandbox/requests');
    const last = (log.body as { data: { method: string; body: unknown }[] }).data.at(-1);
    expect(last).toMatchObject({
      method: 'GET',
      body: { partner: { key: 'partner_bob' }, limit: 10 },
    });
  });

  it('answers a GET or DELETE body that is not JSON like a bad POST body, changing nothing', async () => {
    const api = await twoPartners(1);
    for (const [method, path] of [
      ['GET', '/v1/customers'],
      ['DELETE', '/v1/customers/ada_0'],
    ] as const) {
      const bad = await withBody(api, method, path, '{"partner": ');
      expect([bad.status, bad.body]).toEqual([
        400,
        { message: 'The request body is not valid JSON.' },
      ]);
    }
    const scalar = await withBody(api, 'GET', '/v1/customers', '"partner_bob"');
    expect(scalar.status).toBe(422);
    expect(scalar.body).toMatchObject({
      errors: { body: ['The request body must be a JSON object.'] },
    });
    const badLimit = await withBody(api, 'GET', '/v1/customers', '{"limit": 0}');
    expect(badLimit.status).toBe(422);
    expect(badLimit.body).toMatchObject({ errors: { limit: [expect.stringMatching(/limit/)] } });
    expect((await api.call('GET', '/v1/customers/ada_0')).status).toBe(200);
  });

  it('answers 413 to a body over the limit on every method', async () => {
    const api = await twoPartners(1);
    const huge = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 1) });
    for (const [method, path] of [
      ['GET', '/v1/customers'],
      ['GET', '/v1/customers/ada_0'],
      ['DELETE', '/v1/customers/ada_0'],
      ['POST', '/v1/customers/ada_0/suspend'],
      ['PUT', '/v1/customers/ada_0'],
    ] as const) {
      const refused = await withBody(api, method, path, huge);
      expect(refused.status, `${method} ${path}`).toBe(413);
    }
    const kept = await api.call('GET', '/v1/customers/ada_0');
    expect(kept.body).toMatchObject({ data: { key: 'ada_0', status: 'active' } });
  });
});

describe(`the top-level update form (${storageUnderTest()})`, () => {
  it("applies the n8n node's PUT /v1/customers/{key} with the fields at the top level, with a warning", async () => {
    const api = await twoPartners(1);
    const updated = await api.call('PUT', '/v1/customers/ada_0', { name: 'New' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ data: { key: 'ada_0', name: 'New' }, status: 1 });
    expect(updated.headers.get('sandbox-violation')).toBeNull();
    expect(updated.headers.get('sandbox-warning')).toMatch(
      /name applied from the top level of the body.*inside `update`/,
    );
    const read = await api.call('GET', '/v1/customers/ada_0');
    expect(read.body).toMatchObject({ data: { name: 'New' } });
  });

  it('applies PUT /v1/customers naming the customer by key with the changes at the top level', async () => {
    const api = await twoPartners(1);
    const updated = await api.call('PUT', '/v1/customers', {
      key: 'bob_0',
      name: 'Bobby',
      surname: 'Tables',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      data: { key: 'bob_0', name: 'Bobby', surname: 'Tables' },
    });
    expect(updated.headers.get('sandbox-warning')).toMatch(
      /name, surname applied from the top level/,
    );
  });

  it('follows `update` when a body has both, and warns about the rest', async () => {
    const api = await twoPartners(1);
    const updated = await api.call('PUT', '/v1/customers/ada_0', {
      name: 'Ignored',
      update: { surname: 'Kept' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ data: { surname: 'Kept' } });
    expect((updated.body as { data: { name: unknown } }).data.name).not.toBe('Ignored');
    expect(updated.headers.get('sandbox-warning')).toMatch(
      /top-level field name ignored: the body has `update`/,
    );
  });
});

describe(`closed programs (${storageUnderTest()})`, () => {
  it('accepts only the seed file’s keys and --api-keys; another token gets the API’s 401, logged without it', async () => {
    const seeded = newApiKey();
    const listed = newApiKey();
    const revoked = newApiKey();
    const closed = await startTestSandbox({
      closed: true,
      seed: { apiKey: seeded, customers: [{ key: 'c1', partner: { key: 'p' } }] },
      apiKeys: [listed],
    });
    try {
      expect((await apiFor(closed.url, seeded).call('GET', '/v1/customers/c1')).status).toBe(200);
      expect((await apiFor(closed.url, listed).call('GET', '/v1/customers')).status).toBe(200);
      const refused = await apiFor(closed.url, revoked).call('GET', '/v1/customers/c1');
      expect([refused.status, refused.body]).toEqual([401, { message: 'Unauthenticated.' }]);
      const log = await apiFor(closed.url, revoked).call('GET', '/__sandbox/requests');
      const entries = (log.body as { data: { status: number; url: string }[] }).data;
      expect(entries).toEqual([expect.objectContaining({ status: 401, url: '/v1/customers/c1' })]);
      expect(JSON.stringify(log.body)).not.toContain(revoked);
    } finally {
      await closed.close();
    }
    // Open, as by default, the same token is a program of its own.
    expect((await apiFor(sandbox.url, revoked).call('GET', '/v1/customers')).status).toBe(200);
  });

  it('reads --closed and --api-keys FILE on the command line', async () => {
    const file = join(scratch, 'keys.txt');
    writeFileSync(file, 'key-one\n\nkey-two\n');
    const { child, url } = await spawnCli([
      '--port',
      '0',
      '--memory',
      '--closed',
      '--api-keys',
      file,
    ]);
    try {
      expect((await apiFor(url, 'key-two').call('GET', '/v1/customers')).status).toBe(200);
      expect((await apiFor(url, 'key-three').call('GET', '/v1/customers')).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
    // PARTNERO_SANDBOX_CLOSED=1 does what --closed does.
    const byEnv = await spawnCli(['--port', '0', '--memory', '--api-keys', file], {
      PARTNERO_SANDBOX_CLOSED: '1',
    });
    try {
      expect((await apiFor(byEnv.url, 'key-one').call('GET', '/v1/customers')).status).toBe(200);
      expect((await apiFor(byEnv.url, 'key-three').call('GET', '/v1/customers')).status).toBe(401);
    } finally {
      byEnv.child.kill('SIGTERM');
      await exited(byEnv.child);
    }
  });
});

describe(`a customer's transactions (${storageUnderTest()})`, () => {
  const transaction = (customer: string, key: string, amount: number) => ({
    customer,
    key,
    amount,
    action: 'sale',
  });

  it('answers an empty page for a customer with none, and 404 for an unknown customer', async () => {
    const api = await twoPartners(1);
    const empty = await api.call('GET', '/v1/customers/ada_0/transactions');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({
      data: [],
      links: { next: null, last: null },
      meta: { current_page: 1, per_page: 15, from: null, to: null },
      status: 1,
    });
    const missing = await api.call('GET', '/v1/customers/nobody/transactions');
    expect([missing.status, missing.body]).toEqual([404, { message: 'Customer not found' }]);
  });

  it('pages seeded transactions newest first, with the transaction object of the spec', async () => {
    const api = await twoPartners(1);
    const seeded = await api.call('POST', '/__sandbox/seed', {
      transactions: [1, 2, 3].map((n) => transaction('ada_0', `tx_${n}`, n * 10)),
    });
    expect(seeded.body).toMatchObject({ status: 1, transactions: 3 });
    const first = await api.call('GET', '/v1/customers/ada_0/transactions?limit=2');
    expect(first.status).toBe(200);
    const page = first.body as { data: Record<string, unknown>[]; links: { next: string } };
    expect(page.data.map((t) => t.key)).toEqual(['tx_3', 'tx_2']);
    expect(page.data[0]).toEqual({
      key: 'tx_3',
      action: 'sale',
      amount: 30,
      partner: 'partner_ada',
      customer: 'ada_0',
      credit: 0,
      is_currency: true,
      amount_units: 'usd',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      deleted_at: null,
      rewards: [],
    });
    expect(new URL(page.links.next).pathname).toBe('/v1/customers/ada_0/transactions');
    const second = await api.call('GET', '/v1/customers/ada_0/transactions?limit=2&page=2');
    expect((second.body as { data: { key: string }[] }).data.map((t) => t.key)).toEqual(['tx_1']);
    const other = await api.call('GET', '/v1/customers/bob_0/transactions');
    expect((other.body as { data: unknown[] }).data).toEqual([]);
  });

  it('seeds them from the seed option, and refuses a transaction for a customer that does not exist', async () => {
    const apiKey = newApiKey();
    const seededSandbox = await startTestSandbox({
      seed: {
        apiKey,
        customers: [{ key: 'c1', partner: { key: 'p' } }],
        transactions: [transaction('c1', 't1', 5)],
      },
    });
    try {
      const api = apiFor(seededSandbox.url, apiKey);
      const listed = await api.call('GET', '/v1/customers/c1/transactions');
      expect((listed.body as { data: { key: string }[] }).data.map((t) => t.key)).toEqual(['t1']);
      const refused = await api.call('POST', '/__sandbox/seed', {
        transactions: [transaction('ghost', 't2', 1), { customer: 'c1', key: 't3', amount: 'x' }],
      });
      expect(refused.status).toBe(422);
      expect(Object.keys((refused.body as { errors: object }).errors).sort()).toEqual([
        'transactions.0.customer',
        'transactions.1.amount',
      ]);
    } finally {
      await seededSandbox.close();
    }
  });

  it('keeps them through a rename, and removes them with the customer', async () => {
    const api = await twoPartners(1);
    await api.call('POST', '/__sandbox/seed', { transactions: [transaction('ada_0', 'tx_1', 1)] });
    await api.call('PUT', '/v1/customers/ada_0', { update: { key: 'ada_renamed' } });
    const renamed = await api.call('GET', '/v1/customers/ada_renamed/transactions');
    expect((renamed.body as { data: { customer: string }[] }).data).toEqual([
      expect.objectContaining({ key: 'tx_1', customer: 'ada_renamed' }),
    ]);
    expect((await api.call('DELETE', '/v1/customers/ada_renamed')).status).toBe(200);
    await api.call('POST', '/v1/customers', {
      key: 'ada_renamed',
      partner: { key: 'partner_ada' },
    });
    const fresh = await api.call('GET', '/v1/customers/ada_renamed/transactions');
    expect((fresh.body as { data: unknown[] }).data).toEqual([]);
  });
});

describe(`unknown routes say so (${storageUnderTest()})`, () => {
  it("answers Laravel's 404 naming the route, unlike the spec's 404 for a missing customer", async () => {
    const api = apiFor(sandbox.url);
    const route = await api.call('GET', '/v1/customers/cus_1/referrals');
    expect([route.status, route.body]).toEqual([
      404,
      { message: 'The route v1/customers/cus_1/referrals could not be found.' },
    ]);
    const method = await api.call('PATCH', '/v1/customers/cus_1');
    expect(method.body).toEqual({ message: 'The route v1/customers/cus_1 could not be found.' });
    const customer = await api.call('GET', '/v1/customers/cus_1');
    expect([customer.status, customer.body]).toEqual([404, { message: 'Customer not found' }]);
  });
});

describe(`the original page's fetch of one customer (${storageUnderTest()})`, () => {
  it('answers GET /v1/customers with a {"key"} body as getCustomer does, with a warning', async () => {
    const api = await twoPartners(1);
    const one = await withBody(api, 'GET', '/v1/customers', '{"key": "bob_0"}');
    expect(one.status).toBe(200);
    expect(one.body).toEqual((await api.call('GET', '/v1/customers/bob_0')).body);
    expect(one.headers.get('sandbox-violation')).toBeNull();
    expect(one.headers.get('sandbox-warning')).toMatch(
      /answered as GET \/v1\/customers\/\{key\}.*how the live API answers this form is not known/,
    );
    const query = await api.call('GET', '/v1/customers?key=bob_0');
    expect(query.body).toEqual(one.body);
    const none = await withBody(api, 'GET', '/v1/customers', '{"key": "nobody"}');
    expect([none.status, none.body]).toEqual([404, { message: 'Customer not found' }]);
    expect(none.headers.get('sandbox-violation')).toBeNull();
  });

  it('finds by email exactly, without regard to case; with both, the key decides', async () => {
    const api = await twoPartners(1);
    const byEmail = await withBody(api, 'GET', '/v1/customers', '{"email": "ADA_0@Example.com"}');
    expect(byEmail.body).toMatchObject({ data: { key: 'ada_0' }, status: 1 });
    const loose = await withBody(api, 'GET', '/v1/customers', '{"email": "da_0@example.com"}');
    expect(loose.status).toBe(404);
    const both = await withBody(
      api,
      'GET',
      '/v1/customers',
      '{"key": "bob_0", "email": "ada_0@example.com"}',
    );
    expect(both.body).toMatchObject({ data: { key: 'bob_0' } });
    expect(both.headers.get('sandbox-warning')).toMatch(/the key decides/);
  });

  it('stays a list with list parameters, warning that the key was ignored', async () => {
    const api = await twoPartners(1);
    const listed = await withBody(api, 'GET', '/v1/customers', '{"key": "bob_0", "limit": 5}');
    expect(listed.status).toBe(200);
    expect(keysOf(listed)).toEqual(['bob_0', 'ada_0']);
    expect(listed.headers.get('sandbox-warning')).toMatch(
      /key ignored: with list parameters \(limit\)/,
    );
  });
});
