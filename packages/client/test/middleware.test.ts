// One behaviour for every path: one middleware mechanism for resource methods and `raw`,
// retries decided by operation for `raw` as for the resources, and `fetchOptions` reaching
// fetch, per client and per request.
import { afterEach, describe, expect, it } from 'vitest';
import { type Middleware, Partnero } from '../src/index.js';
import { customer, json, startServer, type TestServer, TOKEN } from './helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Fails the first `failures` requests with 503, then answers like the API. */
async function flaky(failures = 0) {
  const server = await startServer((_req, res, seen, index) => {
    if (index < failures) return json(res, 503, { message: 'busy' }, { 'retry-after-ms': '1' });
    if (seen.url.endsWith('/suspend') || seen.url.endsWith('/approve')) {
      return json(res, 200, { status: 1 });
    }
    json(res, 200, { data: customer('c1'), status: 1 });
  });
  servers.push(server);
  return server;
}

describe('middleware', () => {
  it('runs around every attempt of resource methods and raw alike, in order, and can add headers', async () => {
    const server = await flaky(1);
    const seen: string[] = [];
    const tracing: Middleware = async (request, next) => {
      seen.push(`${request.operation} #${request.attempt}`);
      request.headers.set('traceparent', `00-trace-${request.attempt}`);
      const response = await next(request);
      seen.push(`${response.status}`);
      return response;
    };
    const partnero = new Partnero({ apiKey: TOKEN, baseUrl: server.url, middleware: [tracing] });
    const order: string[] = [];
    partnero.use(async (request, next) => {
      order.push('second');
      return next(request);
    });
    await partnero.customers.retrieve('c1');
    await partnero.raw.POST('/v1/customers/{key}/suspend', { params: { path: { key: 'c1' } } });
    expect(seen).toEqual([
      'GET /v1/customers/{key} #1',
      '503',
      'GET /v1/customers/{key} #2',
      '200',
      'POST /v1/customers/{key}/suspend #1',
      '200',
    ]);
    expect(order).toHaveLength(3);
    expect(server.requests.map((r) => r.headers.traceparent)).toEqual([
      '00-trace-1',
      '00-trace-2',
      '00-trace-1',
    ]);
  });

  it('a middleware can answer without the network', async () => {
    const server = await flaky();
    const partnero = new Partnero({ apiKey: TOKEN, baseUrl: server.url }).use(
      async () => new Response(JSON.stringify({ data: customer('cached'), status: 1 })),
    );
    await expect(partnero.customers.retrieve('c1')).resolves.toMatchObject({ key: 'cached' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('raw retries by operation', () => {
  it('POST /suspend and /approve are retried like the resources; POST /v1/customers is not', async () => {
    for (const path of ['/v1/customers/{key}/suspend', '/v1/customers/{key}/approve'] as const) {
      const server = await flaky(2);
      const partnero = new Partnero({ apiKey: TOKEN, baseUrl: server.url });
      const { response } = await partnero.raw.POST(path, { params: { path: { key: 'c1' } } });
      expect(response.status).toBe(200);
      expect(server.requests).toHaveLength(3);
    }
    const server = await flaky(5);
    const { response } = await new Partnero({ apiKey: TOKEN, baseUrl: server.url }).raw.POST(
      '/v1/customers',
      { body: { key: 'c1', partner: { key: 'p1' } } },
    );
    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });
});

describe('fetchOptions', () => {
  it('reaches fetch from the client and from the request, the request winning', async () => {
    const server = await flaky();
    const inits: RequestInit[] = [];
    const recording = (url: string, init: RequestInit) => {
      inits.push(init);
      return fetch(url, init);
    };
    const partnero = new Partnero({
      apiKey: TOKEN,
      baseUrl: server.url,
      fetch: recording,
      fetchOptions: { keepalive: true, priority: 'low' },
    });
    await partnero.customers.retrieve('c1');
    await partnero.customers.retrieve('c1', { fetchOptions: { priority: 'high' } });
    await partnero.raw.GET('/v1/customers/{key}', { params: { path: { key: 'c1' } } });
    expect(inits.map((init) => [init.keepalive, init.priority])).toEqual([
      [true, 'low'],
      [true, 'high'],
      [true, 'low'],
    ]);
  });
});
