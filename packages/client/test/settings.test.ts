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
      'The `timeout` option must be a whole number of milliseconds from 1 to 2147483647 (about 24.8 days); it is Infinity.',
    ],
    [{ timeout: 2 ** 31 }, 'it is 2147483648.'],
    [{ timeout: 0 }, 'The `timeout` option must be'],
    [{ timeout: 1.5 }, 'it is 1.5.'],
    [{ timeout: Number.NaN }, 'it is NaN.'],
    [{ timeout: '100' as unknown as number }, 'it is "100".'],
    [
      { maxRetries: Number.NaN },
      'The `maxRetries` option must be a whole number from 0; it is NaN.',
    ],
    [{ maxRetries: -1 }, 'it is -1.'],
    [{ maxRetries: 1.5 }, 'it is 1.5.'],
    [
      { baseUrl: 'api.partnero.com' },
      'The `baseUrl` option must be an http:// or https:// URL; it is "api.partnero.com".',
    ],
    [{ baseUrl: 'ftp://api.partnero.com' }, 'it is "ftp://api.partnero.com".'],
    [
      { logLevel: 'verbose' as never },
      'The `logLevel` option must be one of off, error, warn, info, debug; it is "verbose".',
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
        'The `PARTNERO_LOG` option must be one of off, error, warn, info, debug; it is "loud".',
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
      'The `maxRetries` option must be a whole number from 0; it is NaN.',
    );
    await expect(
      partnero.customers.retrieve('c1', { timeout: Number.POSITIVE_INFINITY }),
    ).rejects.toThrow('The `timeout` option must be');
    expect(server.requests).toHaveLength(0);
  });
});

describe('the API key', () => {
  it.each([
    ['a trailing newline', `${TOKEN}\n`, 'has a line break at position 28 of 28'],
    [
      'a CR LF inside',
      `${TOKEN.slice(0, 5)}\r\n${TOKEN.slice(5)}`,
      'has a line break at position 6',
    ],
    [
      'a character outside Latin-1',
      `${TOKEN}’`,
      'has a character a header cannot carry (U+2019) at position 28',
    ],
    ['a leading space', ` ${TOKEN}`, 'starts or ends with white space'],
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
      expect((thrown as Error).message).toContain('the key is not shown');
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
