// Arguments that cannot be right reject before any request, naming the argument and the rule;
// the call itself never throws, so `Promise.allSettled` over many calls settles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Partnero, PartneroError } from '../src/index.js';
import { startServer, type TestServer, TOKEN } from './helpers/server.js';

let server: TestServer;
let partnero: Partnero;
beforeAll(async () => {
  server = await startServer((_req, res) => res.end());
  partnero = new Partnero({ apiKey: TOKEN, baseUrl: server.url });
});
afterAll(async () => {
  // Not one of the calls below may have reached the server.
  expect(server.requests).toHaveLength(0);
  await server.close();
});

// The calls bypass the types on purpose: JavaScript callers have none.
const loose = () =>
  partnero.customers as unknown as Record<string, (...args: unknown[]) => unknown>;

describe('argument checks', () => {
  it.each([
    ['retrieve', [''], '`key` must be a non-empty string, got "".'],
    ['retrieve', ['  '], '`key` must be a non-empty string, got "  ".'],
    ['retrieve', [{}], '`customer` must be a key, { key } or { email }, got {}.'],
    ['retrieve', [{ key: 'a', email: 'b@x.io' }], '`customer` must be a key, { key } or { email }'],
    ['retrieve', [undefined], '`customer` must be a key, { key } or { email }, got undefined.'],
    ['retrieve', [{ email: '' }], '`email` must be a non-empty string, got "".'],
    ['update', [{}, { name: 'N' }], '`customer` must be a key, { key } or { email }'],
    ['delete', [{ key: '' }], '`key` must be a non-empty string, got "".'],
    ['suspend', [''], '`key` must be a non-empty string'],
    ['approve', [42], '`key` must be a non-empty string, got 42.'],
    ['create', [{ partner: { key: 'p' } }], '`key` must be a non-empty string, got undefined.'],
    ['create', [{ partner: { key: 'p' }, key: '' }], '`key` must be a non-empty string'],
    ['list', [{ limit: 0 }], '`limit` must be an integer from 1 to 250, got 0.'],
    ['list', [{ limit: 251 }], '`limit` must be an integer from 1 to 250, got 251.'],
    ['list', [{ limit: 2.5 }], '`limit` must be an integer from 1 to 250, got 2.5.'],
    ['list', [{ limit: '50' }], '`limit` must be an integer from 1 to 250, got "50".'],
    ['list', [{ page: 0 }], '`page` must be a positive integer, got 0.'],
    ['list', [{ page: 1.5 }], '`page` must be a positive integer, got 1.5.'],
  ])('%s(%j) rejects before any request, without throwing', async (method, args, message) => {
    let pending: unknown;
    expect(() => {
      pending = loose()[method]?.(...args);
    }).not.toThrow();
    const thrown = await (pending as Promise<unknown>).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(PartneroError);
    expect((thrown as Error).message).toContain(message);
  });

  it('Promise.allSettled over calls with bad arguments settles every one', async () => {
    const results = await Promise.allSettled(
      ['', '  ', 42].map((key) => partnero.customers.retrieve(key as string)),
    );
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it('a list with a bad limit rejects its iteration too', async () => {
    const iterate = async () => {
      for await (const _ of partnero.customers.list({ limit: 0 })) {
        // never reached
      }
    };
    await expect(iterate()).rejects.toThrow('`limit` must be an integer from 1 to 250, got 0.');
  });

  it('accepts the edges of the ranges', async () => {
    const local = await startServer((_req, res) =>
      res.end('{"status":1,"data":[],"links":{"next":null},"meta":{"current_page":1}}'),
    );
    const client = new Partnero({ apiKey: TOKEN, baseUrl: local.url });
    await client.customers.list({ limit: 1, page: 1 });
    await client.customers.list({ limit: 250, page: 10_000 });
    expect(local.requests).toHaveLength(2);
    await local.close();
  });
});
