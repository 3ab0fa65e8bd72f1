// Constructor options and their defaults.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Partnero, PartneroError } from '../src/index.js';
import { customer, json, startServer, type TestServer, TOKEN } from './helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((_req, res) => json(res, 200, { data: customer('c1'), status: 1 }));
});
afterAll(() => server.close());
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('constructor options', () => {
  it('without apiKey or PARTNERO_API_KEY it throws at construction, saying what to do', () => {
    vi.stubEnv('PARTNERO_API_KEY', '');
    expect(() => new Partnero()).toThrow(PartneroError);
    expect(() => new Partnero({ baseUrl: server.url })).toThrow(
      'Missing API key: pass `apiKey` or set PARTNERO_API_KEY.',
    );
  });

  it('reads PARTNERO_API_KEY and PARTNERO_BASE_URL from the environment', async () => {
    vi.stubEnv('PARTNERO_API_KEY', 'from_env');
    vi.stubEnv('PARTNERO_BASE_URL', `${server.url}/`);
    const partnero = new Partnero();
    expect(partnero.baseUrl).toBe(server.url);
    await partnero.customers.retrieve('c1');
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer from_env');
  });

  it('options win over the environment', async () => {
    vi.stubEnv('PARTNERO_API_KEY', 'from_env');
    vi.stubEnv('PARTNERO_BASE_URL', 'http://127.0.0.1:9');
    const partnero = new Partnero({ apiKey: TOKEN, baseUrl: server.url });
    await partnero.customers.retrieve('c1');
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('baseUrl defaults to https://api.partnero.com', () => {
    vi.stubEnv('PARTNERO_BASE_URL', undefined as unknown as string);
    delete process.env.PARTNERO_BASE_URL;
    expect(new Partnero({ apiKey: TOKEN }).baseUrl).toBe('https://api.partnero.com');
  });

  it('works where there is no process at all (browsers, edge runtimes)', () => {
    vi.stubGlobal('process', undefined);
    try {
      expect(() => new Partnero()).toThrow('Missing API key');
      expect(new Partnero({ apiKey: TOKEN }).baseUrl).toBe('https://api.partnero.com');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('uses a custom fetch for every request', async () => {
    const calls: string[] = [];
    const partnero = new Partnero({
      apiKey: TOKEN,
      baseUrl: server.url,
      fetch: (url, init) => {
        calls.push(`${init.method} ${url}`);
        return fetch(url, init);
      },
    });
    await partnero.customers.retrieve('c1');
    expect(calls).toEqual([`GET ${server.url}/v1/customers/c1`]);
  });

  it('sends the client headers with every request, but never lets them replace Authorization', async () => {
    const partnero = new Partnero({
      apiKey: TOKEN,
      baseUrl: server.url,
      headers: { 'x-app': 'shop', Authorization: 'Bearer other' },
    });
    await partnero.customers.retrieve('c1');
    expect(server.requests.at(-1)?.headers['x-app']).toBe('shop');
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('by default logs to console at warn, so an ordinary call prints nothing; debug shows each attempt', async () => {
    const spies = (['debug', 'info', 'warn', 'error'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation(() => {}),
    );
    await new Partnero({ apiKey: TOKEN, baseUrl: server.url }).customers.retrieve('c1');
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    for (const spy of spies) spy.mockRestore();
    const lines: unknown[][] = [];
    const logger = {
      debug: (...a: unknown[]) => lines.push(['debug', ...a]),
      warn: (...a: unknown[]) => lines.push(['warn', ...a]),
    };
    await new Partnero({
      apiKey: TOKEN,
      baseUrl: server.url,
      logger,
      logLevel: 'debug',
    }).customers.retrieve('c1');
    expect(lines).toEqual([
      [
        'debug',
        'partnero request',
        expect.objectContaining({
          method: 'GET',
          url: `${server.url}/v1/customers/c1`,
          attempt: 1,
        }),
      ],
      [
        'debug',
        'partnero response',
        expect.objectContaining({
          method: 'GET',
          status: 200,
          attempt: 1,
          durationMs: expect.any(Number),
        }),
      ],
    ]);
  });
});
