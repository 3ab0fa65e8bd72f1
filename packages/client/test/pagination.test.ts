// list(): one awaitable page, or an async iterable over every customer of every page.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Page, Partnero, PartneroError, ValidationError } from '../src/index.js';
import { answerPage } from './helpers/pages.js';
import { json, startServer, type TestServer, TOKEN } from './helpers/server.js';

let server: TestServer;
let partnero: Partnero;
beforeAll(async () => {
  server = await startServer((_req, res, seen) => answerPage(res, seen.url, 7));
  partnero = new Partnero({ apiKey: TOKEN, baseUrl: server.url });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe('list', () => {
  it('awaited, it resolves to one page with data, meta, links and the way on', async () => {
    const page = await partnero.customers.list({ limit: 3 });
    expect(page).toBeInstanceOf(Page);
    expect(page.data.map((c) => c.key)).toEqual(['c1', 'c2', 'c3']);
    expect(page.meta).toMatchObject({ current_page: 1, per_page: 3, from: 1, to: 3 });
    expect(page.links.next).not.toBeNull();
    expect(page.hasNextPage()).toBe(true);
    const second = await page.getNextPage();
    expect(second.data.map((c) => c.key)).toEqual(['c4', 'c5', 'c6']);
    const third = await second.getNextPage();
    expect(third.data.map((c) => c.key)).toEqual(['c7']);
    expect(third.hasNextPage()).toBe(false);
    await expect(third.getNextPage()).rejects.toThrow(PartneroError);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v1/customers?limit=3',
      '/v1/customers?limit=3&page=2',
      '/v1/customers?limit=3&page=3',
    ]);
  });

  it('iterated, it yields every customer of every page in order and stops at links.next null', async () => {
    const keys: string[] = [];
    for await (const customer of partnero.customers.list({ limit: 2 })) keys.push(customer.key);
    expect(keys).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
    expect(server.requests).toHaveLength(4);
  });

  it('fetches the next page only when the current one is used up', async () => {
    const keys: string[] = [];
    for await (const customer of partnero.customers.list({ limit: 3 })) {
      keys.push(customer.key);
      if (keys.length === 3) expect(server.requests).toHaveLength(1);
      if (keys.length === 4) break;
    }
    expect(server.requests).toHaveLength(2);
  });

  it('keeps the filters and starts from the given page', async () => {
    const keys: string[] = [];
    const list = partnero.customers.list({ limit: 2, page: 3, 'partner.key': 'p 1' });
    for await (const customer of list) keys.push(customer.key);
    expect(keys).toEqual(['c5', 'c6', 'c7']);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v1/customers?limit=2&page=3&partner.key=p%201',
      '/v1/customers?limit=2&page=4&partner.key=p%201',
    ]);
  });

  it('the same list can be awaited and iterated; the first page is requested once', async () => {
    const list = partnero.customers.list({ limit: 5 });
    const page = await list;
    const keys: string[] = [];
    for await (const customer of list) keys.push(customer.key);
    expect(page.data).toHaveLength(5);
    expect(keys).toHaveLength(7);
    expect(server.requests).toHaveLength(2);
  });

  it('withResponse() works on a list too', async () => {
    const { data, response } = await partnero.customers.list().withResponse();
    expect(data.data).toHaveLength(7);
    expect(response.status).toBe(200);
    expect(server.requests[0]?.url).toBe('/v1/customers');
  });
});

describe('a server that does not advance', () => {
  // Like a mock that answers every page with its one example: page 1, `next` set, forever.
  let stuck: TestServer;
  beforeAll(async () => {
    stuck = await startServer((_req, res) => answerPage(res, '/v1/customers?limit=2&page=1', 5));
  });
  afterAll(() => stuck.close());

  it('ends iteration with an error instead of walking the same page forever', async () => {
    const client = new Partnero({ apiKey: TOKEN, baseUrl: stuck.url });
    const keys: string[] = [];
    const walk = async () => {
      for await (const customer of client.customers.list({ limit: 2 })) keys.push(customer.key);
    };
    await expect(walk()).rejects.toThrow('`meta.current_page` must be a page not seen yet, got 1.');
    expect(keys).toEqual(['c1', 'c2']);
    expect(stuck.requests).toHaveLength(2);
  });
});

describe('a page that fails while iterating', () => {
  let failing: TestServer;
  beforeAll(async () => {
    // Pages of 3 out of 7: the first page answers, the second is refused with a 422.
    failing = await startServer((_req, res, seen) =>
      seen.url.includes('page=2')
        ? json(res, 422, { message: 'The limit is invalid.', errors: { limit: ['invalid'] } })
        : answerPage(res, seen.url, 7),
    );
  });
  afterAll(() => failing.close());

  it.each([
    ['the first page', { limit: 3, page: 2 }],
    ['a later page', { limit: 3 }],
  ])('rejects the loop once when %s fails, and leaves no unhandled rejection', async (_, query) => {
    const client = new Partnero({ apiKey: TOKEN, baseUrl: failing.url });
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const keys: string[] = [];
      await expect(
        (async () => {
          for await (const customer of client.customers.list(query)) keys.push(customer.key);
        })(),
      ).rejects.toBeInstanceOf(ValidationError);
      // Unhandled rejections are reported after the microtask queue drains.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
