// Which failures are retried, how often, and how Retry-After is honoured, against a real
// server. Servers answer `retry-after-ms: 1` where the wait itself is not under test, so
// the tests exercise the real retry path without sleeping through the backoff.

import { freePort } from '@partnero-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { InternalServerError, Partnero, RateLimitError } from '../src/index.js';
import { customer, json, startServer, type TestServer, TOKEN } from './helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server that fails `failures` times with `status`, then succeeds. */
async function flaky(failures: number, status: number, headers = { 'retry-after-ms': '1' }) {
  const server = await startServer((_req, res, _seen, index) => {
    if (index < failures) return json(res, status, { message: `fail ${index}` }, headers);
    json(res, 200, { data: customer('c1'), status: 1 });
  });
  servers.push(server);
  return server;
}

const client = (url: string, options: Partial<ConstructorParameters<typeof Partnero>[0]> = {}) =>
  new Partnero({ apiKey: TOKEN, baseUrl: url, ...options });

describe('retries', () => {
  it.each([408, 429, 500, 502, 503, 504])(
    'retrieve retries on %i and then succeeds',
    async (status) => {
      const server = await flaky(2, status);
      await expect(client(server.url).customers.retrieve('c1')).resolves.toMatchObject({
        key: 'c1',
      });
      expect(server.requests).toHaveLength(3);
    },
  );

  it.each([400, 401, 403, 404, 409, 422])('%i is not retried', async (status) => {
    const server = await flaky(5, status);
    await expect(client(server.url).customers.retrieve('c1')).rejects.toMatchObject({ status });
    expect(server.requests).toHaveLength(1);
  });

  it('makes maxRetries + 1 attempts, then throws the last error', async () => {
    const server = await flaky(10, 503);
    const error = await client(server.url, { maxRetries: 3 })
      .customers.retrieve('c1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).message).toContain('fail 3');
    expect(server.requests).toHaveLength(4);
  });

  it('maxRetries: 0 disables retries, per client and per request', async () => {
    const server = await flaky(10, 500);
    await expect(client(server.url, { maxRetries: 0 }).customers.retrieve('c1')).rejects.toThrow();
    expect(server.requests).toHaveLength(1);
    await expect(client(server.url).customers.retrieve('c1', { maxRetries: 0 })).rejects.toThrow();
    expect(server.requests).toHaveLength(2);
  });

  it('list, update, delete, suspend and approve are retried too', async () => {
    const server = await startServer((_req, res, seen, index) => {
      if (index % 2 === 0) return json(res, 503, { message: 'busy' }, { 'retry-after-ms': '1' });
      if (seen.method === 'GET') {
        return json(res, 200, {
          data: [],
          links: { first: '', last: null, prev: null, next: null },
          meta: { current_page: 1, from: null, path: '', per_page: 15, to: null },
          status: 1,
        });
      }
      json(res, 200, { data: customer('c1'), status: 1 });
    });
    servers.push(server);
    const { customers } = client(server.url);
    await customers.list();
    await customers.update('c1', { name: 'N' });
    await customers.delete('c1');
    await customers.suspend('c1');
    await customers.approve('c1');
    expect(server.requests.map((r) => r.method)).toEqual([
      'GET',
      'GET',
      'PUT',
      'PUT',
      'DELETE',
      'DELETE',
      'POST',
      'POST',
      'POST',
      'POST',
    ]);
    // The retried PUT carries the same body.
    expect(server.requests[3]?.body).toBe(server.requests[2]?.body);
  });

  it('a reset connection is retried for retrieve', async () => {
    const server = await startServer((req, res, _seen, index) => {
      if (index === 0) return req.socket.destroy();
      json(res, 200, { data: customer('c1'), status: 1 });
    });
    servers.push(server);
    await expect(client(server.url).customers.retrieve('c1')).resolves.toMatchObject({ key: 'c1' });
    expect(server.requests).toHaveLength(2);
  });
});

describe('create never risks a second customer', () => {
  const params = { partner: { key: 'p1' }, key: 'c1' };

  it('create is not retried on 408: the API did nothing, and a retry is not safe to assume', async () => {
    const server = await flaky(5, 408);
    await expect(client(server.url).customers.create(params)).rejects.toMatchObject({
      status: 408,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('create is retried on 429', async () => {
    const server = await flaky(2, 429);
    await expect(client(server.url).customers.create(params)).resolves.toMatchObject({ key: 'c1' });
    expect(server.requests).toHaveLength(3);
  });

  it('create is retried when the connection is refused (ECONNREFUSED)', async () => {
    // Nothing listens on the port at first; a server starts there during the backoff.
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const logged: string[] = [];
    const pending = client(url, {
      logLevel: 'debug',
      logger: { debug: (message) => logged.push(message) },
    }).customers.create(params);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(logged).toEqual(['partnero request', 'partnero retry']);
    // The retry, after the backoff, finds a server listening on that port.
    const server = await startServer(
      (_req, res) => json(res, 200, { data: customer('c1'), status: 1 }),
      port,
    );
    servers.push(server);
    await expect(pending).resolves.toMatchObject({ key: 'c1' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('Retry-After', () => {
  it('an HTTP date in Retry-After is honoured', async () => {
    const server = await startServer((_req, res, _seen, index) => {
      // Dates have whole seconds: two seconds ahead means a wait of 1 to 2 s.
      const retryAfter = new Date(Date.now() + 2_000).toUTCString();
      if (index === 0) return json(res, 503, { message: 'busy' }, { 'retry-after': retryAfter });
      json(res, 200, { data: customer('c1'), status: 1 });
    });
    servers.push(server);
    const started = performance.now();
    await client(server.url).customers.retrieve('c1');
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
  });

  it('retry-after-ms and Retry-After in seconds are honoured', async () => {
    for (const headers of [{ 'retry-after-ms': '300' }, { 'retry-after': '0.3' }]) {
      const server = await flaky(1, 429, headers as never);
      const started = performance.now();
      await client(server.url).customers.retrieve('c1');
      const waited = performance.now() - started;
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(2_000);
      expect(server.requests).toHaveLength(2);
    }
  });

  it('a wait over 60 s gives up at once with RateLimitError', async () => {
    const server = await flaky(5, 429, { 'retry-after': '120' } as never);
    const started = performance.now();
    const error = await client(server.url)
      .customers.retrieve('c1')
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(120);
    expect(server.requests).toHaveLength(1);
  });
});
