// partnero.raw: the typed openapi-fetch client, sharing authentication, retries and timeouts.
import { afterEach, describe, expect, it } from 'vitest';
import { APITimeoutError, Partnero } from '../src/index.js';
import { customer, json, startServer, type TestServer, TOKEN } from './helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function flaky(failures: number, status: number) {
  const server = await startServer((_req, res, seen, index) => {
    if (index < failures) return json(res, status, { message: 'busy' }, { 'retry-after-ms': '1' });
    if (seen.url.endsWith('/suspend')) return json(res, 200, { status: 1 });
    json(res, 200, { data: customer('c1'), status: 1 }, { 'x-request-id': 'r1' });
  });
  servers.push(server);
  return server;
}

describe('raw client', () => {
  it('sends typed requests with the client authentication and returns openapi-fetch results', async () => {
    const server = await flaky(0, 200);
    const partnero = new Partnero({
      apiKey: TOKEN,
      baseUrl: server.url,
      headers: { 'x-app': 'a' },
    });
    const { data, error, response } = await partnero.raw.GET('/v1/customers/{key}', {
      params: { path: { key: 'c 1' } },
    });
    expect(error).toBeUndefined();
    expect(data?.data.key).toBe('c1');
    expect(response.headers.get('x-request-id')).toBe('r1');
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/v1/customers/c%201' });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.requests[0]?.headers['x-app']).toBe('a');
  });

  it('retries like the resources do, resending the body', async () => {
    const server = await flaky(2, 503);
    const partnero = new Partnero({ apiKey: TOKEN, baseUrl: server.url });
    const { data } = await partnero.raw.PUT('/v1/customers/{key}', {
      params: { path: { key: 'c1' } },
      body: { update: { name: 'N' } },
    });
    expect(data?.data.key).toBe('c1');
    expect(server.requests.map((r) => r.body)).toEqual(Array(3).fill('{"update":{"name":"N"}}'));
  });

  it('does not retry POST on 5xx, so a raw create cannot duplicate a customer', async () => {
    const server = await flaky(5, 500);
    const partnero = new Partnero({ apiKey: TOKEN, baseUrl: server.url });
    const { error, response } = await partnero.raw.POST('/v1/customers', {
      body: { key: 'c1', partner: { key: 'p1' } },
    });
    expect(response.status).toBe(500);
    expect(error).toEqual({ message: 'busy' });
    expect(server.requests).toHaveLength(1);
  });

  it('applies the client timeout', async () => {
    const server = await startServer(() => {});
    servers.push(server);
    const partnero = new Partnero({
      apiKey: TOKEN,
      baseUrl: server.url,
      timeout: 50,
      maxRetries: 0,
    });
    await expect(
      partnero.raw.GET('/v1/customers/{key}', { params: { path: { key: 'c1' } } }),
    ).rejects.toBeInstanceOf(APITimeoutError);
  });

  it('logs the headers of a raw request, with Authorization redacted', async () => {
    const server = await flaky(0, 200);
    const debug: Record<string, unknown>[] = [];
    const partnero = new Partnero({
      apiKey: TOKEN,
      baseUrl: server.url,
      headers: { 'x-app': 'a' },
      logLevel: 'debug',
      logger: {
        debug: (message, details) => {
          if (message === 'partnero request') debug.push(details);
        },
      },
    });
    await partnero.raw.GET('/v1/customers/{key}', { params: { path: { key: 'c1' } } });
    expect(debug).toHaveLength(1);
    expect(debug[0]?.headers).toEqual({
      accept: 'application/json',
      authorization: '[redacted]',
      'x-app': 'a',
    });
  });
});
