// Per-attempt timeouts and the caller's abort, against a server that answers slowly.
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { APITimeoutError, APIUserAbortError, Partnero } from '../src/index.js';
import { customer, json, startServer, type TestServer, TOKEN } from './helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Sends headers at once, then the body after `delay` ms. */
async function slowBody(delay: number) {
  const server = await startServer(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"data":');
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (!res.destroyed) res.end(`${JSON.stringify(customer('c1'))},"status":1}`);
  });
  servers.push(server);
  return server;
}

const client = (url: string, options: Record<string, unknown> = {}) =>
  new Partnero({ apiKey: TOKEN, baseUrl: url, ...options });

describe('timeout', () => {
  it('each attempt has its own timeout, covering a slow body; the last one throws APITimeoutError', async () => {
    // 600 ms, not less: on a loaded machine a retry's new connection alone can take 150 ms,
    // and an attempt aborted before it reaches the server would not be counted.
    const server = await slowBody(5_000);
    const error = await client(server.url, { timeout: 600, maxRetries: 1 })
      .customers.retrieve('c1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe(
      'No answer within 600 ms: raise `timeout` if the API is slow.',
    );
    // Each attempt is aborted before the next starts, so the count is final at once.
    expect(server.requests).toHaveLength(2);
  });

  it('a per-request timeout overrides the client timeout', async () => {
    const server = await slowBody(400);
    await expect(
      client(server.url, { timeout: 100 }).customers.retrieve('c1', { timeout: 2_000 }),
    ).resolves.toMatchObject({ key: 'c1' });
    await expect(
      client(server.url).customers.retrieve('c1', { timeout: 100, maxRetries: 0 }),
    ).rejects.toBeInstanceOf(APITimeoutError);
  });

  it('an answer that arrives after the timeout has its body cancelled, freeing the connection', async () => {
    let closedEarly: Promise<boolean> | undefined;
    const server = await startServer(async (_req, res) => {
      closedEarly = new Promise((resolve) => res.on('close', () => resolve(!res.writableFinished)));
      await new Promise((resolve) => setTimeout(resolve, 300));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":');
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      if (!res.destroyed) res.end('null,"status":1}');
    });
    servers.push(server);
    await expect(
      client(server.url, { timeout: 100, maxRetries: 0 }).customers.retrieve('c1'),
    ).rejects.toBeInstanceOf(APITimeoutError);
    // Without the cancel the server would hold the socket until it ends the body, 5 s later.
    await expect(closedEarly).resolves.toBe(true);
  });
});

describe('abort', () => {
  it("the caller's abort rejects with APIUserAbortError and is not retried", async () => {
    const server = await slowBody(3_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const error = await client(server.url)
      .customers.retrieve('c1', { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const server = await slowBody(10);
    await expect(
      client(server.url).customers.retrieve('c1', { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    expect(server.requests).toHaveLength(0);
  });

  it('a signal shared by many calls gathers no listeners from their retry waits', async () => {
    // A mocked fetch: undici leaves a listener of its own on the signal until garbage
    // collection, which would hide the client's.
    let calls = 0;
    const fetch = async () =>
      ++calls % 2
        ? new Response('{"message":"busy"}', { status: 503, headers: { 'retry-after-ms': '1' } })
        : new Response(JSON.stringify({ data: customer('c1'), status: 1 }));
    const controller = new AbortController();
    const partnero = client('http://unit.test', { fetch });
    for (let i = 0; i < 20; i++) {
      await partnero.customers.retrieve('c1', { signal: controller.signal });
    }
    expect(calls).toBe(40);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('aborting during the wait before a retry ends it at once', async () => {
    const server = await startServer((_req, res) =>
      json(res, 503, { message: 'busy' }, { 'retry-after': '30' }),
    );
    servers.push(server);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = performance.now();
    await expect(
      client(server.url).customers.retrieve('c1', { signal: controller.signal }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });
});
