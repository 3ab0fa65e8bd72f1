import { get as httpGet } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { apiFor, newApiKey, startTestSandbox, storageUnderTest } from './support/sandbox.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox?.close());

const api = () => apiFor(sandbox.url);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function noViolation(answer: { headers: Headers }) {
  expect(answer.headers.get('sandbox-violation')).toBeNull();
}

describe(`customers behave like the real API (${storageUnderTest()})`, () => {
  it('creates a customer, then finds that same customer by key and by email', async () => {
    const { call } = api();
    const created = await call('POST', '/v1/customers', {
      key: 'cus_ada',
      partner: { key: 'partner_x' },
      email: 'ada@example.com',
      name: 'Ada',
      surname: 'Lovelace',
      tags: ['trial', 'vip'],
    });
    noViolation(created);
    expect(created.status).toBe(200);
    const data = (created.body as { data: Record<string, unknown> }).data;
    expect(data).toMatchObject({
      key: 'cus_ada',
      partner: 'partner_x',
      email: 'ada@example.com',
      name: 'Ada',
      surname: 'Lovelace',
      status: 'active',
      deleted: false,
      deleted_at: null,
      tags: [{ value: 'trial' }, { value: 'vip' }],
    });
    expect(data.created_at).toMatch(TIMESTAMP);
    expect(data.updated_at).toMatch(TIMESTAMP);

    const byKey = await call('GET', '/v1/customers/cus_ada');
    expect(byKey.status).toBe(200);
    expect(byKey.body).toEqual(created.body);
    const { data: customer } = created.body as { data: object };
    const byEmail = await call('GET', '/v1/customers:search?email=ada%40example.com');
    expect(byEmail.body).toMatchObject({ data: [customer], status: 1 });
    const bySearchKey = await call('GET', '/v1/customers:search?key=cus_ada');
    expect(bySearchKey.body).toMatchObject({ data: [customer], status: 1 });
    // How Partnero's search matches is not documented: the sandbox says it chose exact.
    expect(byEmail.headers.get('sandbox-warning')).toContain('matches email and key exactly');
    const loose = await call('GET', '/v1/customers:search?email=ada%40example.co');
    expect((loose.body as { data: unknown[] }).data).toEqual([]);
  });

  it('keeps each API key in its own program', async () => {
    const one = api();
    const other = api();
    expect(
      (await one.call('POST', '/v1/customers', { key: 'shared', partner: { id: 'p1' } })).status,
    ).toBe(200);
    const seen = await other.call('GET', '/v1/customers/shared');
    expect(seen.status).toBe(404);
    expect(seen.body).toEqual({ message: 'Customer not found' });
    expect(
      (await other.call('POST', '/v1/customers', { key: 'shared', partner: { id: 'p1' } })).status,
    ).toBe(200);
    const list = await other.call('GET', '/v1/customers');
    expect((list.body as { data: unknown[] }).data).toHaveLength(1);
  });

  it('refuses a taken key and a taken email with 422, naming the field', async () => {
    const { call } = api();
    await call('POST', '/v1/customers', {
      key: 'k1',
      partner: { key: 'p' },
      email: 'one@example.com',
    });
    const sameKey = await call('POST', '/v1/customers', { key: 'k1', partner: { key: 'p' } });
    noViolation(sameKey);
    expect(sameKey.status).toBe(422);
    expect(sameKey.body).toEqual({
      message: 'The key has already been taken.',
      errors: { key: ['The key has already been taken.'] },
    });
    const sameEmail = await call('POST', '/v1/customers', {
      key: 'k2',
      partner: { key: 'p' },
      email: 'one@example.com',
    });
    expect(sameEmail.status).toBe(422);
    expect((sameEmail.body as { errors: object }).errors).toEqual({
      email: ['The email has already been taken.'],
    });
  });

  it('names every failing field in Laravel wording', async () => {
    const { call } = api();
    const answer = await call('POST', '/v1/customers', { email: 'nope', tags: [''] });
    noViolation(answer);
    expect(answer.status).toBe(422);
    expect((answer.body as { errors: object }).errors).toEqual({
      key: ['The key field is required.'],
      partner: ['The partner field is required.'],
      email: ['The email must be a valid email address.'],
      'tags.0': ['The tags.0 must be at least 1 characters.'],
    });
    const partner = await call('POST', '/v1/customers', { key: 'k', partner: {} });
    expect((partner.body as { errors: object }).errors).toEqual({
      'partner.key': [
        'The partner.key field is required when none of partner.id / partner.email are present.',
      ],
    });
  });

  it('stores the partner as given when the program declares no partners', async () => {
    const { call } = api();
    const byEmail = await call('POST', '/v1/customers', {
      key: 'a',
      partner: { email: 'p@example.com' },
    });
    expect((byEmail.body as { data: { partner: string } }).data.partner).toBe('p@example.com');
    const byId = await call('POST', '/v1/customers', { key: 'b', partner: { id: 'prt_7' } });
    expect((byId.body as { data: { partner: string } }).data.partner).toBe('prt_7');
    // Partnero would refuse a partner it does not know; the sandbox cannot tell, and says so.
    for (const answer of [byEmail, byId]) {
      expect(answer.headers.get('sandbox-warning')).toContain('partner taken as given');
    }
  });

  it('resolves partners by key, id or email once seeded, and refuses unknown ones with 400', async () => {
    const { call } = api();
    const seeded = await call('POST', '/__sandbox/seed', {
      partners: [{ key: 'partner_ada', id: 'prt_1', email: 'ada@partners.example' }],
    });
    expect(seeded.status).toBe(200);
    for (const [i, partner] of [
      { key: 'partner_ada' },
      { id: 'prt_1' },
      { email: 'ada@partners.example' },
    ].entries()) {
      const answer = await call('POST', '/v1/customers', { key: `c${i}`, partner });
      expect((answer.body as { data: { partner: string } }).data.partner).toBe('partner_ada');
      expect(answer.headers.get('sandbox-warning')).toBeNull();
    }
    const unknown = await call('POST', '/v1/customers', { key: 'c9', partner: { key: 'ghost' } });
    noViolation(unknown);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ message: 'Invalid partner key' });
  });

  it('updates by body and by path; reads return the change; tags [] clears and null keeps', async () => {
    const { call } = api();
    await call('POST', '/v1/customers', {
      key: 'u1',
      partner: { key: 'p' },
      email: 'u1@example.com',
      tags: ['a'],
    });
    const byEmail = await call('PUT', '/v1/customers', {
      email: 'u1@example.com',
      update: { name: 'Augusta', tags: null },
    });
    noViolation(byEmail);
    expect((byEmail.body as { data: object }).data).toMatchObject({
      name: 'Augusta',
      tags: [{ value: 'a' }],
    });
    const cleared = await call('PUT', '/v1/customers/u1', { update: { tags: [] } });
    expect((cleared.body as { data: object }).data).toMatchObject({ name: 'Augusta', tags: [] });
    const read = await call('GET', '/v1/customers/u1');
    const data = (read.body as { data: { created_at: string; updated_at: string } }).data;
    expect(data).toMatchObject({ name: 'Augusta', tags: [] });
    // Same-width strings in one format: ordered as text exactly as in time.
    expect(data.updated_at > data.created_at).toBe(true);
  });

  it('renames with update.key, keeping keys unique', async () => {
    const { call } = api();
    await call('POST', '/v1/customers', { key: 'old', partner: { key: 'p' } });
    await call('POST', '/v1/customers', { key: 'taken', partner: { key: 'p' } });
    const clash = await call('PUT', '/v1/customers', { key: 'old', update: { key: 'taken' } });
    noViolation(clash);
    expect(clash.status).toBe(422);
    expect((clash.body as { errors: object }).errors).toEqual({
      'update.key': ['The key has already been taken.'],
    });
    const renamed = await call('PUT', '/v1/customers/old', { update: { key: 'new' } });
    expect(renamed.status).toBe(200);
    expect((await call('GET', '/v1/customers/old')).status).toBe(404);
    expect((await call('GET', '/v1/customers/new')).status).toBe(200);
  });

  it('deletes by body and by path; a later read is 404', async () => {
    const { call } = api();
    await call('POST', '/v1/customers', {
      key: 'd1',
      partner: { key: 'p' },
      email: 'd1@example.com',
    });
    await call('POST', '/v1/customers', { key: 'd2', partner: { key: 'p' } });
    const byEmail = await call('DELETE', '/v1/customers', { email: 'd1@example.com' });
    expect(byEmail.body).toEqual({ status: 1 });
    const byPath = await call('DELETE', '/v1/customers/d2');
    expect(byPath.body).toEqual({ status: 1 });
    expect((await call('GET', '/v1/customers/d1')).status).toBe(404);
    expect((await call('GET', '/v1/customers/d2')).status).toBe(404);
    expect((await call('DELETE', '/v1/customers/d2')).status).toBe(404);
  });

  it('suspends and approves', async () => {
    const { call } = api();
    await call('POST', '/v1/customers', { key: 's1', partner: { key: 'p' } });
    expect((await call('POST', '/v1/customers/s1/suspend')).body).toEqual({ status: 1 });
    expect(((await call('GET', '/v1/customers/s1')).body as { data: object }).data).toMatchObject({
      status: 'suspended',
    });
    expect((await call('POST', '/v1/customers/s1/approve')).body).toEqual({ status: 1 });
    expect(((await call('GET', '/v1/customers/s1')).body as { data: object }).data).toMatchObject({
      status: 'active',
    });
  });

  it('reads a path key with encoded characters', async () => {
    const { call } = api();
    await call('POST', '/v1/customers', { key: 'a b/c', partner: { key: 'p' } });
    const read = await call('GET', `/v1/customers/${encodeURIComponent('a b/c')}`);
    expect((read.body as { data: { key: string } }).data.key).toBe('a b/c');
  });
});

describe(`list pagination (${storageUnderTest()})`, () => {
  it('lists newest first, pages with working links, and filters by partner', async () => {
    const { call } = api();
    for (let i = 1; i <= 7; i++) {
      const partner = i % 2 === 0 ? { key: 'even', email: 'even@example.com' } : { key: 'odd' };
      await call('POST', '/v1/customers', { key: `c${i}`, partner });
    }
    const first = await call('GET', '/v1/customers?limit=3');
    noViolation(first);
    const page = first.body as {
      data: { key: string }[];
      links: Record<string, string | null>;
      meta: Record<string, unknown>;
    };
    expect(page.data.map((c) => c.key)).toEqual(['c7', 'c6', 'c5']);
    expect(page.meta).toEqual({
      current_page: 1,
      from: 1,
      to: 3,
      per_page: 3,
      path: `${sandbox.url}/v1/customers`,
    });
    expect(page.links.last).toBeNull();
    expect(page.links.prev).toBeNull();

    const keys: string[] = [];
    let next: string | null = `${sandbox.url}/v1/customers?limit=3`;
    let pages = 0;
    while (next) {
      const answer = await call('GET', next.slice(sandbox.url.length));
      const body = answer.body as typeof page;
      keys.push(...body.data.map((c) => c.key));
      next = body.links.next ?? null;
      pages++;
    }
    expect(pages).toBe(3);
    expect(keys).toEqual(['c7', 'c6', 'c5', 'c4', 'c3', 'c2', 'c1']);

    const last = (await call('GET', '/v1/customers?limit=3&page=3')).body as typeof page;
    expect(last.meta).toMatchObject({ current_page: 3, from: 7, to: 7 });
    expect(last.links.next).toBeNull();
    expect(last.links.prev).toContain('page=2');
    const empty = (await call('GET', '/v1/customers?limit=3&page=9')).body as typeof page;
    expect(empty.data).toEqual([]);
    expect(empty.meta).toMatchObject({ from: null, to: null });

    const even = (await call('GET', '/v1/customers?partner.key=even')).body as typeof page;
    expect(even.data.map((c) => c.key)).toEqual(['c6', 'c4', 'c2']);
    const byEmail = (await call('GET', '/v1/customers?partner.email=even%40example.com&limit=2'))
      .body as typeof page;
    expect(byEmail.data.map((c) => c.key)).toEqual(['c6', 'c4']);
    expect(byEmail.links.next).toContain('partner.email=even%40example.com');
  });

  it('defaults to 15 per page and refuses a limit outside 1-250', async () => {
    const { call } = api();
    for (let i = 0; i < 16; i++)
      await call('POST', '/v1/customers', { key: `k${i}`, partner: { key: 'p' } });
    const page = (await call('GET', '/v1/customers')).body as {
      data: unknown[];
      meta: { per_page: number };
    };
    expect(page.data).toHaveLength(15);
    expect(page.meta.per_page).toBe(15);
    const tooBig = await call('GET', '/v1/customers?limit=251');
    expect(tooBig.status).toBe(422);
    expect((tooBig.body as { errors: object }).errors).toEqual({
      limit: ['The limit must not be greater than 250.'],
    });
  });

  it('builds links from the Host the request came to', async () => {
    const { apiKey } = api();
    // fetch may not set Host, so this one goes through node:http.
    const text = await new Promise<string>((resolve, reject) => {
      const request = httpGet(
        `${sandbox.url}/v1/customers`,
        { headers: { authorization: `Bearer ${apiKey}`, host: 'sandbox.test:1234' } },
        (response) => {
          let data = '';
          response.on('data', (chunk: Buffer) => {
            data += chunk.toString();
          });
          response.on('end', () => resolve(data));
        },
      );
      request.on('error', reject);
    });
    const body = JSON.parse(text) as { meta: { path: string } };
    expect(body.meta.path).toBe('http://sandbox.test:1234/v1/customers');
  });
});

describe(`protocol errors (${storageUnderTest()})`, () => {
  it('answers 401 to a missing or malformed bearer token', async () => {
    const none = await apiFor(sandbox.url, null).call('GET', '/v1/customers');
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ message: 'Unauthenticated.' });
    const basic = await api().call('GET', '/v1/customers', undefined, {
      authorization: 'Token abc',
    });
    expect(basic.status).toBe(401);
  });

  it('answers 400 to malformed JSON and 413 to a body over 1 MiB', async () => {
    const { call } = api();
    const bad = await call('POST', '/v1/customers', '{"key": ');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ message: 'The request body is not valid JSON.' });
    const big = await call('POST', '/v1/customers', {
      key: 'big',
      partner: { key: 'p' },
      name: 'x'.repeat(1024 * 1024),
    });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ message: expect.any(String) });
    // The connection is still usable after the refusal.
    expect((await call('GET', '/v1/customers/big')).status).toBe(404);
  });

  it('answers 404 with the Error body on routes the spec does not have', async () => {
    const { call } = api();
    for (const [method, path] of [
      ['GET', '/v2/customers'],
      ['PATCH', '/v1/customers/x'],
      ['GET', '/v1/customers/x/suspend'],
      ['POST', '/v1/customers/x/constructor'],
    ] as const) {
      const answer = await call(method, path);
      expect(answer.status, `${method} ${path}`).toBe(404);
      // Laravel's words, naming the route without its leading slash.
      expect(answer.body).toEqual({ message: `The route ${path.slice(1)} could not be found.` });
    }
  });
});

describe(`control routes and faults (${storageUnderTest()})`, () => {
  it('resets only the caller’s program', async () => {
    const one = api();
    const other = api();
    await one.call('POST', '/v1/customers', { key: 'a', partner: { key: 'p' } });
    await other.call('POST', '/v1/customers', { key: 'a', partner: { key: 'p' } });
    expect((await one.call('POST', '/__sandbox/reset')).body).toEqual({ status: 1 });
    expect((await one.call('GET', '/v1/customers/a')).status).toBe(404);
    expect((await other.call('GET', '/v1/customers/a')).status).toBe(200);
  });

  it('seeds customers validated against the spec, all or nothing', async () => {
    const { call } = api();
    const bad = await call('POST', '/__sandbox/seed', {
      customers: [
        { key: 'ok', partner: { key: 'p' } },
        { key: 'bad', partner: { key: 'p' }, email: 'x' },
      ],
    });
    expect(bad.status).toBe(422);
    expect((bad.body as { errors: object }).errors).toEqual({
      'customers.1.email': ['The customers.1.email must be a valid email address.'],
    });
    expect((await call('GET', '/v1/customers/ok')).status).toBe(404);
    const good = await call('POST', '/__sandbox/seed', {
      customers: [
        { key: 'ok', partner: { key: 'p' } },
        { key: 's', partner: { key: 'p' }, status: 'suspended' },
      ],
    });
    expect(good.body).toEqual({ status: 1, partners: 0, customers: 2, transactions: 0 });
    expect(((await call('GET', '/v1/customers/s')).body as { data: object }).data).toMatchObject({
      status: 'suspended',
    });
    const duplicate = await call('POST', '/__sandbox/seed', {
      customers: [{ key: 'ok', partner: { key: 'p' } }],
    });
    expect(duplicate.status).toBe(422);
    expect((duplicate.body as { errors: object }).errors).toEqual({
      'customers.key': ['The key has already been taken.'],
    });
  });

  it('records the program’s requests with the Authorization header redacted', async () => {
    const { call, apiKey } = api();
    await call('POST', '/v1/customers', { key: 'r1', partner: { key: 'p' } });
    await call('GET', '/v1/customers/r1');
    const log = await call('GET', '/__sandbox/requests');
    const entries = (
      log.body as { data: { method: string; url: string; status: number; body: unknown }[] }
    ).data;
    expect(entries.map((e) => `${e.method} ${e.url} ${e.status}`)).toEqual([
      'POST /v1/customers 200',
      'GET /v1/customers/r1 200',
    ]);
    expect(entries[0]?.body).toEqual({ key: 'r1', partner: { key: 'p' } });
    expect(JSON.stringify(log.body)).not.toContain(apiKey ?? 'missing');
    expect(JSON.stringify(log.body)).toContain('Bearer [redacted]');
    expect((await apiFor(sandbox.url, null).call('GET', '/__sandbox/requests')).status).toBe(401);
  });

  it('delays on latency=, answers documented statuses with the spec example, drops on reset', async () => {
    const { call } = api();
    const started = performance.now();
    const slow = await call('GET', '/v1/customers', undefined, { 'sandbox-fault': 'latency=250' });
    expect(slow.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);

    const failed = await call('GET', '/v1/customers', undefined, { 'sandbox-fault': 'status=500' });
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ message: 'Server Error' });
    const limited = await call('GET', '/v1/customers', undefined, {
      'sandbox-fault': 'status=429;retry-after=2',
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.body).toEqual({ message: 'Too Many Attempts.' });

    // 422 is not documented for getCustomer, so the fault is refused and the request served.
    const refused = await call('GET', '/v1/customers/none', undefined, {
      'sandbox-fault': 'status=422',
    });
    expect(refused.status).toBe(404);
    expect(refused.headers.get('sandbox-fault-rejected')).toContain('422');

    await expect(
      call('GET', '/v1/customers', undefined, { 'sandbox-fault': 'reset' }),
    ).rejects.toThrow();
  });
});

describe('programmatic API', () => {
  it('reset() empties every program and re-applies the start-up seed', async () => {
    const apiKey = newApiKey();
    const seeded = await startTestSandbox({
      seed: {
        apiKey,
        partners: [{ key: 'partner_ada' }],
        customers: [{ key: 'seeded', partner: { key: 'partner_ada' } }],
      },
    });
    try {
      const { call } = apiFor(seeded.url, apiKey);
      expect((await call('GET', '/v1/customers/seeded')).status).toBe(200);
      await call('POST', '/v1/customers', { key: 'extra', partner: { key: 'partner_ada' } });
      const stranger = apiFor(seeded.url);
      await stranger.call('POST', '/v1/customers', { key: 'x', partner: { key: 'p' } });
      await seeded.reset();
      expect((await call('GET', '/v1/customers/extra')).status).toBe(404);
      expect((await call('GET', '/v1/customers/seeded')).status).toBe(200);
      expect((await stranger.call('GET', '/v1/customers/x')).status).toBe(404);
    } finally {
      await seeded.close();
    }
    await expect(fetch(`${seeded.url}/v1/customers`)).rejects.toThrow();
  });
});
