// Log levels, what each request logs at debug, and what is hidden from every log line:
// secret headers and customers' emails in URLs.
import { afterEach, describe, expect, it } from 'vitest';
import { type ClientOptions, Partnero } from '../src/index.js';
import { customer, json, startServer, type TestServer, TOKEN } from './helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Line = [level: string, message: string, details: Record<string, unknown>];

/** A client whose logger records every line, with its level. */
function recorded(baseUrl: string, options: ClientOptions = {}) {
  const lines: Line[] = [];
  const at = (level: string) => (message: string, details: Record<string, unknown>) =>
    lines.push([level, message, details]);
  const logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { lines, partnero: new Partnero({ apiKey: TOKEN, baseUrl, logger, ...options }) };
}

async function flaky() {
  const server = await startServer((_req, res, _seen, index) =>
    index === 0
      ? json(res, 503, { message: 'busy' }, { 'retry-after-ms': '1', 'x-request-id': 'r0' })
      : json(
          res,
          200,
          { data: [], links: { next: null }, meta: { current_page: 1 }, status: 1 },
          { 'x-request-id': 'r1' },
        ),
  );
  servers.push(server);
  return server;
}

describe('log levels', () => {
  it.each([
    ['off', 0],
    ['error', 0],
    ['warn', 0],
    ['info', 0],
    ['debug', 5],
  ] as const)('at %s, a call retried once logs %i lines', async (logLevel, count) => {
    const server = await flaky();
    const { lines, partnero } = recorded(server.url, { logLevel });
    await partnero.customers.list();
    expect(lines).toHaveLength(count);
  });

  it('PARTNERO_LOG sets the level when the option does not', async () => {
    const server = await flaky();
    process.env.PARTNERO_LOG = 'debug';
    const { lines, partnero } = (() => {
      try {
        return recorded(server.url);
      } finally {
        delete process.env.PARTNERO_LOG;
      }
    })();
    await partnero.customers.list();
    expect(lines).toHaveLength(5);
  });

  it('at debug, each attempt logs its status, duration and request id, and each retry its reason', async () => {
    const server = await flaky();
    const { lines, partnero } = recorded(server.url, { logLevel: 'debug' });
    await partnero.customers.list();
    expect(lines.map(([level, message]) => `${level} ${message}`)).toEqual([
      'debug partnero request',
      'debug partnero response',
      'debug partnero retry',
      'debug partnero request',
      'debug partnero response',
    ]);
    expect(lines[1]?.[2]).toMatchObject({
      status: 503,
      requestId: 'r0',
      durationMs: expect.any(Number),
    });
    expect(lines[2]?.[2]).toMatchObject({ reason: 'HTTP 503', attempt: 1, delayMs: 1 });
    expect(lines[4]?.[2]).toMatchObject({ status: 200, requestId: 'r1' });
  });

  it('a settlement is logged at info', async () => {
    const server = await startServer((req, res, seen) =>
      seen.method === 'POST'
        ? req.socket.destroy()
        : json(res, 200, { data: customer('c1'), status: 1 }),
    );
    servers.push(server);
    const { lines, partnero } = recorded(server.url, { logLevel: 'info' });
    await partnero.customers.create({
      partner: { key: 'p1' },
      key: 'c1',
    });
    expect(lines).toEqual([
      ['info', 'partnero settled', expect.objectContaining({ how: 'created: found by key' })],
    ]);
  });
});

describe('redaction', () => {
  it('secret headers are redacted: Authorization, Cookie, and any named like a key, token or secret', async () => {
    const server = await flaky();
    const { lines, partnero } = recorded(server.url, {
      logLevel: 'debug',
      headers: { Cookie: 'session=abc', 'X-Api-Key': 'k-123', 'X-Trace': 'visible' },
    });
    await partnero.customers.list(
      {},
      { headers: { 'X-Auth-Token': 't-456', 'X-Client-Secret': 's-789' } },
    );
    const headers = lines[0]?.[2].headers;
    expect(headers).toEqual({
      accept: 'application/json',
      authorization: '[redacted]',
      cookie: '[redacted]',
      'x-api-key': '[redacted]',
      'x-auth-token': '[redacted]',
      'x-client-secret': '[redacted]',
      'x-trace': 'visible',
    });
    const all = JSON.stringify(lines);
    for (const secret of [TOKEN, 'session=abc', 'k-123', 't-456', 's-789']) {
      expect(all).not.toContain(secret);
    }
  });

  it("customers' emails in URLs are masked", async () => {
    const server = await flaky();
    const { lines, partnero } = recorded(server.url, { logLevel: 'debug' });
    await partnero.customers.search({
      email: 'ada.lovelace+vip@example.com',
    });
    const urls = lines.map(([, , details]) => details.url);
    expect(urls[0]).toBe(`${server.url}/v1/customers:search?email=***%40example.com`);
    expect(JSON.stringify(lines)).not.toContain('lovelace');
  });
});
