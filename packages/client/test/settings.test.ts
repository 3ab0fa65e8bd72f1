// Settings are checked where they are given, in the constructor and per request, with a
// PartneroError naming the option, the value and the rule; the API key is checked without
// ever being shown.
import { afterEach, describe, expect, it } from 'vitest';
import { type ClientOptions, Partnero, PartneroError } from '../src/index.js';
import { json, startServer, type TestServer, TOKEN } from './helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const make = (options: ClientOptions) => () =>
  new Partnero({ apiKey: TOKEN, baseUrl: 'http://127.0.0.1:9', ...options });

describe('client settings', () => {
  it.each([
    [
      { timeout: Number.POSITIVE_INFINITY },
      '`timeout` must be whole milliseconds from 1 to 2147483647, got Infinity.',
    ],
    [{ timeout: 2 ** 31 }, 'got 2147483648.'],
    [{ timeout: 0 }, '`timeout` must be whole milliseconds from 1 to 2147483647, got 0.'],
    [{ timeout: 1.5 }, 'got 1.5.'],
    [{ timeout: Number.NaN }, 'got NaN.'],
    [{ timeout: '100' as unknown as number }, 'got "100".'],
    [{ maxRetries: Number.NaN }, '`maxRetries` must be a whole number from 0, got NaN.'],
    [{ maxRetries: -1 }, 'got -1.'],
    [{ maxRetries: 1.5 }, 'got 1.5.'],
    [
      { baseUrl: 'api.partnero.com' },
      '`baseUrl` must be an http:// or https:// URL, got "api.partnero.com".',
    ],
    [{ baseUrl: 'ftp://api.partnero.com' }, 'got "ftp://api.partnero.com".'],
    [
      { logLevel: 'verbose' as never },
      '`logLevel` must be one of off,error,warn,info,debug, got "verbose".',
    ],
  ])('%j is refused in the constructor', (options, message) => {
    expect(make(options)).toThrow(PartneroError);
    expect(make(options)).toThrow(message);
  });

  it('the edges are accepted', () => {
    expect(make({ timeout: 1, maxRetries: 0 })).not.toThrow();
    expect(make({ timeout: 2 ** 31 - 1, baseUrl: 'https://api.partnero.com/' })).not.toThrow();
    expect(make({ baseUrl: 'https://api.partnero.com/' })().baseUrl).toBe(
      'https://api.partnero.com',
    );
  });

  it('PARTNERO_LOG is checked too, naming the variable', () => {
    process.env.PARTNERO_LOG = 'loud';
    try {
      expect(make({})).toThrow(
        '`PARTNERO_LOG` must be one of off,error,warn,info,debug, got "loud".',
      );
    } finally {
      delete process.env.PARTNERO_LOG;
    }
  });

  it('per-request timeout and maxRetries are checked, rejecting before anything is sent', async () => {
    const server = await startServer((_req, res) => json(res, 503, { message: 'busy' }));
    servers.push(server);
    const partnero = new Partnero({ apiKey: TOKEN, baseUrl: server.url });
    await expect(partnero.customers.retrieve('c1', { maxRetries: Number.NaN })).rejects.toThrow(
      '`maxRetries` must be a whole number from 0, got NaN.',
    );
    await expect(
      partnero.customers.retrieve('c1', { timeout: Number.POSITIVE_INFINITY }),
    ).rejects.toThrow('`timeout` must be whole milliseconds');
    expect(server.requests).toHaveLength(0);
  });
});

describe('the API key', () => {
  it.each([
    ['a trailing newline', `${TOKEN}\n`, 'has a line break at position 28 of 28: remove it.'],
    [
      'a CR LF inside',
      `${TOKEN.slice(0, 5)}\r\n${TOKEN.slice(5)}`,
      'has a line break at position 6',
    ],
    [
      'a character outside Latin-1',
      `${TOKEN}’`,
      'has U+2019, which a header cannot carry, at position 28 of 28',
    ],
    ['a leading space', ` ${TOKEN}`, 'has white space at one end: remove it.'],
  ])(
    'with %s is refused in the constructor, with an error that does not contain it',
    (_name, apiKey, message) => {
      let thrown: unknown;
      try {
        new Partnero({ apiKey, baseUrl: 'http://127.0.0.1:9' });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(PartneroError);
      expect((thrown as Error).message).toContain(message);
      expect((thrown as Error).message).toContain('The key is not shown.');
      for (const form of [
        (thrown as Error).message,
        String(thrown),
        JSON.stringify(thrown),
        (thrown as Error).stack,
      ]) {
        expect(form).not.toContain(TOKEN.slice(5));
      }
    },
  );
});
