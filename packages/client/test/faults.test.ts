// The fault suite: a real server on 127.0.0.1 misbehaving in the ways production servers do,
// and for each fault the number of requests it received, asserted. The server also counts the
// requests it is answering at once and the connections open at once: one call must never
// have two attempts on the wire.
import { afterEach, describe, expect, it } from 'vitest';
import {
  APIResponseValidationError,
  APITimeoutError,
  type ClientOptions,
  Partnero,
} from '../src/index.js';
import {
  customer,
  type Handler,
  json,
  startServer,
  type TestServer,
  TOKEN,
} from './helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Handler) {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

const client = (url: string, options: ClientOptions = {}) =>
  new Partnero({ apiKey: TOKEN, baseUrl: url, logLevel: 'off', ...options });

const params = { partner: { key: 'p1' }, key: 'c1', email: 'c1@example.com' };
const methods = (server: TestServer) => server.requests.map((r) => `${r.method} ${r.url}`);

/**
 * A server whose first answer is `fail` (the create did not happen), whose lookups find
 * nobody, and which creates the customer when asked again.
 */
const notCreatedAfter = (fail: Handler) =>
  serve((req, res, seen, index) => {
    if (index === 0) return fail(req, res, seen, index);
    if (seen.method === 'GET') return json(res, 404, { message: 'Customer not found.' });
    json(res, 200, { data: customer('c1', { email: 'c1@example.com' }), status: 1 });
  });

describe('a slow answer past the timeout', () => {
  it('each timed-out attempt is aborted before the next starts: one request and one connection at a time', async () => {
    // Never answers; the socket closes only when the client lets go of it.
    const server = await serve(() => new Promise(() => {}));
    const started = performance.now();
    const error = await client(server.url, { timeout: 150, maxRetries: 2 })
      .customers.retrieve('c1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(server.requests).toHaveLength(3);
    expect(server.peak).toEqual({ inFlight: 1, connections: 1 });
    // Three timeouts and two backoffs (each at least 375 ms): no attempt was cut short.
    expect(performance.now() - started).toBeGreaterThan(3 * 150 + 375 + 750);
  });

  it('a body that stalls past the timeout aborts the attempt too', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":');
    });
    await expect(
      client(server.url, { timeout: 150, maxRetries: 1 }).customers.retrieve('c1'),
    ).rejects.toBeInstanceOf(APITimeoutError);
    expect(server.requests).toHaveLength(2);
    expect(server.peak).toEqual({ inFlight: 1, connections: 1 });
  });
});

describe('a reset after the request was received', () => {
  it('create: the customer was created, so the lookup settles it and it is never sent twice', async () => {
    let created: ReturnType<typeof customer> | undefined;
    const server = await serve((req, res, seen) => {
      if (seen.method === 'POST') {
        created = customer('c1', { partner: 'p1', email: 'c1@example.com' });
        return req.socket.destroy();
      }
      if (created)
        return json(res, 200, { data: created, status: 1 }, { 'x-request-id': 'look_1' });
      json(res, 404, { message: 'Customer not found.' });
    });
    const result = await client(server.url).customers.create(params).withResponse();
    expect(result.data).toMatchObject({ key: 'c1', email: 'c1@example.com' });
    expect(result.settled).toBe(true);
    expect(result.requestId).toBe('look_1');
    expect(methods(server)).toEqual(['POST /v1/customers', 'GET /v1/customers/c1']);
  });

  it('create: the customer was not created, so the lookup finds nobody and it is sent once more', async () => {
    const server = await notCreatedAfter((req) => req.socket.destroy());
    const result = await client(server.url).customers.create(params).withResponse();
    expect(result.settled).toBe(false);
    expect(methods(server)).toEqual([
      'POST /v1/customers',
      'GET /v1/customers/c1',
      'POST /v1/customers',
    ]);
  });
});

describe('503, then success', () => {
  it('retrieve is retried once', async () => {
    const server = await serve((_req, res, _seen, index) =>
      index === 0
        ? json(res, 503, { message: 'busy' }, { 'retry-after-ms': '1' })
        : json(res, 200, { data: customer('c1'), status: 1 }),
    );
    await expect(client(server.url).customers.retrieve('c1')).resolves.toMatchObject({ key: 'c1' });
    expect(server.requests).toHaveLength(2);
  });

  it('create is looked up before it is sent again', async () => {
    const server = await notCreatedAfter((_req, res) => json(res, 503, { message: 'busy' }));
    await expect(client(server.url).customers.create(params)).resolves.toMatchObject({ key: 'c1' });
    expect(methods(server)).toEqual([
      'POST /v1/customers',
      'GET /v1/customers/c1',
      'POST /v1/customers',
    ]);
  });
});

describe('501', () => {
  it('create answered 501 is not settled: the server says it did not carry it out', async () => {
    const server = await serve((_req, res) => json(res, 501, { message: 'Not Implemented' }));
    await expect(client(server.url).customers.create(params)).rejects.toMatchObject({
      status: 501,
    });
    expect(methods(server)).toEqual(['POST /v1/customers']);
  });
});

describe('429 with Retry-After', () => {
  it('waits as asked, then succeeds', async () => {
    const server = await serve((_req, res, _seen, index) =>
      index === 0
        ? json(res, 429, { message: 'Too Many Attempts.' }, { 'retry-after': '1' })
        : json(res, 200, { data: customer('c1'), status: 1 }),
    );
    const started = performance.now();
    await expect(client(server.url).customers.create(params)).resolves.toMatchObject({ key: 'c1' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
  });
});

describe('a body that is not the envelope', () => {
  it.each([
    ['an HTML page', '<html>ok</html>', 'is not a JSON object'],
    ['an empty body', '', 'is empty'],
    ['JSON without status', '{"data":{}}', 'has no `status`'],
    ['an envelope without data', '{"status":1}', 'has no `data`'],
  ])('%s rejects with APIResponseValidationError, not retried', async (_name, body, missing) => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_9' });
      res.end(body);
    });
    const error = (await client(server.url)
      .customers.retrieve('c1')
      .catch((e: unknown) => e)) as APIResponseValidationError;
    expect(error).toBeInstanceOf(APIResponseValidationError);
    expect(error.message).toContain(missing);
    expect(error.message).toContain('request id req_9');
    expect(error).toMatchObject({ status: 200, requestId: 'req_9' });
    expect(server.requests).toHaveLength(1);
  });

  it('a page without meta rejects with APIResponseValidationError, not a TypeError', async () => {
    const server = await serve((_req, res) => json(res, 200, { data: [], status: 1 }));
    const error = await client(server.url)
      .customers.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIResponseValidationError);
    expect((error as Error).message).toContain('has no `meta.current_page`');
    expect(server.requests).toHaveLength(1);
  });
});
