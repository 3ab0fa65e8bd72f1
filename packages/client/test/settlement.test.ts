// Writes whose outcome is unknown (no answer, a reset, a 5xx) are settled by the customer's
// key, against a real server that keeps its customers in memory and can be told to carry a
// write out and then drop the connection, as a server does when the answer is lost.
import { afterEach, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APITimeoutError,
  type ClientOptions,
  CustomerConflictError,
  NotFoundError,
  Partnero,
} from '../src/index.js';
import { customer, json, startServer, type TestServer, TOKEN } from './helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Stored = ReturnType<typeof customer>;

/**
 * A small customer store. `lose(n)` makes it carry out the next `n` writes and then drop the
 * connection (`'reset'`) or never answer (`'hang'`), so the client cannot know they happened.
 */
async function store(initial: Stored[] = []) {
  const customers = new Map(initial.map((c) => [c.key, c]));
  let losing = 0;
  let how: 'reset' | 'hang' = 'reset';
  const server = await startServer((req, res, seen) => {
    const key = decodeURIComponent(seen.url.split('/')[3] ?? '');
    const body = seen.body ? JSON.parse(seen.body) : {};
    let answer: [number, unknown];
    if (seen.method === 'GET') {
      const found = customers.get(key);
      answer = found
        ? [200, { data: found, status: 1 }]
        : [404, { message: 'Customer not found.' }];
    } else if (seen.method === 'POST') {
      const made = customer(body.key, {
        partner: body.partner.key,
        email: body.email ?? null,
        name: body.name ?? null,
      });
      customers.set(made.key, made);
      answer = [200, { data: made, status: 1 }];
    } else if (!customers.has(key)) {
      answer = [404, { message: 'Customer not found.' }];
    } else if (seen.method === 'DELETE') {
      customers.delete(key);
      answer = [200, { status: 1 }];
    } else {
      const changed = { ...(customers.get(key) as Stored), ...body.update };
      customers.delete(key);
      customers.set(changed.key, changed);
      answer = [200, { data: changed, status: 1 }];
    }
    if (losing > 0) {
      losing--;
      if (how === 'reset') return req.socket.destroy();
      return new Promise(() => {});
    }
    json(res, answer[0], answer[1]);
  });
  servers.push(server);
  return {
    server,
    customers,
    lose(count: number, kind: 'reset' | 'hang' = 'reset') {
      losing = count;
      how = kind;
    },
    client: (options: ClientOptions = {}) =>
      new Partnero({ apiKey: TOKEN, baseUrl: server.url, logLevel: 'off', ...options }),
  };
}

const methods = (server: TestServer) => server.requests.map((r) => `${r.method} ${r.url}`);
const params = { partner: { key: 'p1' }, key: 'c1', email: 'c1@example.com', name: 'Ada' };

describe('create after an unknown outcome', () => {
  it('after a timeout, the lookup finds it with the fields sent: resolved as created, settled', async () => {
    const api = await store();
    api.lose(1, 'hang');
    const result = await api.client({ timeout: 200 }).customers.create(params).withResponse();
    expect(result).toMatchObject({ settled: true, data: { key: 'c1', name: 'Ada' } });
    expect(result.response.status).toBe(200);
    expect(methods(api.server)).toEqual(['POST /v1/customers', 'GET /v1/customers/c1']);
  });

  it('the key exists with other data: CustomerConflictError showing the differences', async () => {
    const older = customer('c1', { partner: 'p2', email: 'old@example.com', name: 'Ada' });
    // The create gets a 500; the key holds an older customer.
    const conflicted = await startServer((_req, res, seen) =>
      seen.method === 'POST'
        ? json(res, 500, { message: 'Server Error' })
        : json(res, 200, { data: older, status: 1 }),
    );
    servers.push(conflicted);
    const error = (await new Partnero({
      apiKey: TOKEN,
      baseUrl: conflicted.url,
      logLevel: 'off',
    }).customers
      .create(params)
      .catch((e: unknown) => e)) as CustomerConflictError;
    expect(error).toBeInstanceOf(CustomerConflictError);
    expect(error.differences).toEqual([
      { field: 'partner', sent: 'p1', found: 'p2' },
      { field: 'email', sent: 'c1@example.com', found: 'old@example.com' },
    ]);
    expect(error.message).toBe(
      'The create got no answer, and key `c1` holds other data: partner is "p2", not "p1"; email is "old@example.com", not "c1@example.com". Retrieve `c1` before using it.',
    );
    expect(methods(conflicted)).toEqual(['POST /v1/customers', 'GET /v1/customers/c1']);
  });

  it('not found and no retries left: the error says it was not created', async () => {
    const down = await startServer((_req, res, seen) =>
      seen.method === 'POST'
        ? json(res, 502, {})
        : json(res, 404, { message: 'Customer not found.' }),
    );
    servers.push(down);
    const error = await new Partnero({
      apiKey: TOKEN,
      baseUrl: down.url,
      maxRetries: 0,
      logLevel: 'off',
    }).customers
      .create(params)
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain(
      'No customer has key `c1`, so it was not created: send it again.',
    );
    expect(methods(down)).toEqual(['POST /v1/customers', 'GET /v1/customers/c1']);
  });

  it('when the lookup fails too, the error says the customer may exist and what to do', async () => {
    const api = await store();
    api.lose(4, 'hang');
    const error = await api
      .client({ timeout: 100, maxRetries: 2 })
      .customers.create(params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe(
      'No answer within 100 ms: raise `timeout` if the API is slow. The API may have carried it out: check before sending it again. The customer may have been created: retrieve key `c1` before sending it again.',
    );
    // One create, then the lookup with its own retries; never a second create.
    expect(methods(api.server)).toEqual([
      'POST /v1/customers',
      'GET /v1/customers/c1',
      'GET /v1/customers/c1',
      'GET /v1/customers/c1',
    ]);
  });

  it('on a fetch that gives no error code, a failed connection is settled by lookup, never resent blindly', async () => {
    // The fetch of a runtime without undici's `cause.code` (browsers, Deno, Bun): it reports
    // a refused or reset connection alike as a bare TypeError.
    const api = await store();
    api.lose(1);
    const bareFetch = (url: string, init: RequestInit) =>
      fetch(url, init).catch(() => {
        throw new TypeError('Failed to fetch');
      });
    const result = await api.client({ fetch: bareFetch }).customers.create(params).withResponse();
    expect(result.settled).toBe(true);
    expect(methods(api.server)).toEqual(['POST /v1/customers', 'GET /v1/customers/c1']);
    const refused = await new Partnero({
      apiKey: TOKEN,
      baseUrl: 'http://127.0.0.1:9',
      fetch: bareFetch,
      maxRetries: 1,
      logLevel: 'off',
    }).customers
      .create(params)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(APIConnectionError);
    expect((refused as Error).message).toContain('The customer may have been created');
  });
});

describe('delete and rename after an unknown outcome', () => {
  it('delete: the first attempt deleted it, the retry gets 404, the call resolves, settled', async () => {
    const api = await store([customer('c1')]);
    api.lose(1);
    const result = await api.client().customers.delete('c1').withResponse();
    expect(result).toMatchObject({ data: undefined, settled: true });
    expect(result.response.status).toBe(404);
    expect(methods(api.server)).toEqual(['DELETE /v1/customers/c1', 'DELETE /v1/customers/c1']);
  });

  it('delete of a key that never existed is still NotFoundError', async () => {
    const api = await store();
    await expect(api.client().customers.delete('nobody')).rejects.toBeInstanceOf(NotFoundError);
    expect(api.server.requests).toHaveLength(1);
  });

  it('rename: the first attempt renamed it, the retry gets 404 on the old key, the new key holds the change', async () => {
    const api = await store([customer('c1')]);
    api.lose(1);
    const result = await api
      .client()
      .customers.update('c1', { key: 'c2', name: 'Ada' })
      .withResponse();
    expect(result).toMatchObject({ settled: true, data: { key: 'c2', name: 'Ada' } });
    expect(methods(api.server)).toEqual([
      'PUT /v1/customers/c1',
      'PUT /v1/customers/c1',
      'GET /v1/customers/c2',
    ]);
  });

  it('rename whose new key holds other data is NotFoundError saying what to check', async () => {
    const someone = customer('c2', { name: 'Someone' });
    const renamed = await startServer((req, res, seen, index) => {
      if (index === 0) return req.socket.destroy();
      if (seen.method === 'PUT') return json(res, 404, { message: 'Customer not found.' });
      json(res, 200, { data: someone, status: 1 });
    });
    servers.push(renamed);
    const error = await new Partnero({
      apiKey: TOKEN,
      baseUrl: renamed.url,
      logLevel: 'off',
    }).customers
      .update('c1', { key: 'c2', name: 'Ada' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain(
      'may have renamed it, but key `c2` differs: name is "Someone", not "Ada". Retrieve both keys before trying again.',
    );
  });
});
