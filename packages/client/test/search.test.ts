// search() and retrieve({ email }) against a scripted node:http server whose search matches
// loosely, as Partnero's may: every customer whose email contains the one asked for.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, Page, Partnero, PartneroError } from '../src/index.js';
import { answerPageOf } from './helpers/pages.js';
import { customer, startServer, type TestServer, TOKEN } from './helpers/server.js';

const customers = [
  customer('loose', { email: 'x.ada@example.com' }),
  customer('other', { email: 'grace@example.com' }),
  customer('exact', { email: 'Ada@Example.com' }),
];

let server: TestServer;
let partnero: Partnero;
// The server's own page size, whatever `limit` asks for: 1 spreads the matches over pages.
let serverPageSize: number | undefined;

beforeAll(async () => {
  server = await startServer((_req, res, seen) => {
    const url = new URL(seen.url, 'http://x');
    const email = url.searchParams.get('email')?.toLowerCase();
    const key = url.searchParams.get('key');
    const matches = customers.filter((c) =>
      email ? c.email.toLowerCase().includes(email) : c.key === key,
    );
    if (serverPageSize) url.searchParams.set('limit', String(serverPageSize));
    answerPageOf(res, url.pathname + url.search, matches);
  });
  partnero = new Partnero({ apiKey: TOKEN, baseUrl: server.url });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  serverPageSize = undefined;
});

const urls = () => server.requests.map((r) => r.url);

describe('search', () => {
  it('awaited, it resolves to one page of matches from GET /v1/customers:search', async () => {
    const page = await partnero.customers.search({ email: 'ada@example.com', limit: 5 });
    expect(page).toBeInstanceOf(Page);
    expect(page.data.map((c) => c.key)).toEqual(['loose', 'exact']);
    expect(urls()).toEqual(['/v1/customers:search?email=ada%40example.com&limit=5']);
  });

  it('iterated, it yields every match of every page', async () => {
    serverPageSize = 1;
    const keys: string[] = [];
    for await (const match of partnero.customers.search({ email: 'example.com' })) {
      keys.push(match.key);
    }
    expect(keys).toEqual(['loose', 'other', 'exact']);
    expect(urls()).toEqual([
      '/v1/customers:search?email=example.com',
      '/v1/customers:search?email=example.com&page=2',
      '/v1/customers:search?email=example.com&page=3',
    ]);
  });

  it('searches by key, and an empty page is no error', async () => {
    expect((await partnero.customers.search({ key: 'other' })).data).toEqual([customers[1]]);
    const none = await partnero.customers.search({ key: 'nobody' });
    expect(none.data).toEqual([]);
    expect(none.hasNextPage()).toBe(false);
    expect(urls()).toEqual(['/v1/customers:search?key=other', '/v1/customers:search?key=nobody']);
  });

  it('refuses a search by both, by neither, or with a bad limit, before sending', async () => {
    const search = (params: unknown) => partnero.customers.search(params as never);
    await expect(search({ email: 'a@x.io', key: 'k' })).rejects.toThrow(PartneroError);
    await expect(search({})).rejects.toThrow(
      '`customer` must be a key, { key } or { email }, got {}.',
    );
    await expect(search({ email: '' })).rejects.toThrow(
      '`email` must be a non-empty string, got "".',
    );
    await expect(search({ key: 'k', limit: 0 })).rejects.toThrow(
      '`limit` must be an integer from 1 to 250',
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe('retrieve({ email })', () => {
  it('resolves to the exact match, compared without letter case, not to the loose first one', async () => {
    const found = await partnero.customers.retrieve({ email: 'ada@example.com' });
    expect(found.key).toBe('exact');
    expect(urls()).toEqual(['/v1/customers:search?email=ada%40example.com&limit=250']);
  });

  it('looks through every page of matches', async () => {
    serverPageSize = 1;
    const { data, response } = await partnero.customers
      .retrieve({ email: 'ADA@example.com' })
      .withResponse();
    expect(data.key).toBe('exact');
    expect(response.status).toBe(200);
    expect(urls()).toEqual([
      '/v1/customers:search?email=ADA%40example.com&limit=250',
      '/v1/customers:search?email=ADA%40example.com&limit=250&page=2',
    ]);
  });

  it('rejects with NotFoundError when no match is exact, even though the search found some', async () => {
    const error = await partnero.customers
      .retrieve({ email: 'da@example.com' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      status: 404,
      message: 'No customer has the email da@example.com. Check the key or email.',
    });
  });

  it('rejects with NotFoundError when the search finds nobody', async () => {
    await expect(partnero.customers.retrieve({ email: 'nobody@x.io' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
