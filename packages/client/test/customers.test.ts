// Every resource method against a scripted node:http server: the request it sends (method,
// path, query, body, headers) and what it resolves to.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Partnero } from '../src/index.js';
import { answerPageOf } from './helpers/pages.js';
import { customer, json, startServer, type TestServer, TOKEN } from './helpers/server.js';

let server: TestServer;
let partnero: Partnero;

beforeAll(async () => {
  server = await startServer((_req, res, seen) => {
    if (seen.method === 'DELETE' || /\/(suspend|approve)$/.test(seen.url)) {
      return json(res, 200, { status: 1 });
    }
    if (/^\/v1\/customers\/[^/]+\/transactions/.test(seen.url)) {
      return answerPageOf(res, seen.url, [{ key: 't1' }, { key: 't2' }, { key: 't3' }]);
    }
    if (seen.url.startsWith('/v1/customers:search')) {
      return answerPageOf(res, seen.url, [customer('c1', { email: 'c+1@x.io' })]);
    }
    const key = seen.body ? (JSON.parse(seen.body).key ?? 'from-body') : 'c1';
    json(res, 200, { data: customer(key), status: 1 }, { 'x-request-id': 'req_42' });
  });
  partnero = new Partnero({ apiKey: TOKEN, baseUrl: server.url });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const last = () => {
  const seen = server.requests.at(-1);
  if (!seen) throw new Error('the server saw no request');
  return seen;
};

describe('customers', () => {
  it('create sends POST /v1/customers with the params as JSON and resolves to the customer', async () => {
    const created = await partnero.customers.create({
      partner: { key: 'p1' },
      key: 'c1',
      email: 'c@x.io',
    });
    expect(created).toMatchObject({ key: 'c1', partner: 'p1' });
    expect(last()).toMatchObject({ method: 'POST', url: '/v1/customers' });
    expect(JSON.parse(last().body)).toEqual({ partner: { key: 'p1' }, key: 'c1', email: 'c@x.io' });
    expect(last().headers['content-type']).toBe('application/json');
    expect(last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(last().headers.accept).toBe('application/json');
  });

  it('retrieve by key uses the path form and URL-encodes the key', async () => {
    await partnero.customers.retrieve('a/b c?#');
    expect(last()).toMatchObject({ method: 'GET', url: '/v1/customers/a%2Fb%20c%3F%23' });
    await partnero.customers.retrieve({ key: 'c1' });
    expect(last().url).toBe('/v1/customers/c1');
  });

  it('retrieve by email searches with GET /v1/customers:search?email=', async () => {
    const found = await partnero.customers.retrieve({ email: 'c+1@x.io' });
    expect(found.key).toBe('c1');
    expect(last()).toMatchObject({
      method: 'GET',
      url: '/v1/customers:search?email=c%2B1%40x.io&limit=250',
    });
  });

  it('update by key sends PUT /v1/customers/{key} with { update }', async () => {
    const updated = await partnero.customers.update({ key: 'c 1' }, { name: 'N' });
    expect(updated.key).toBe('from-body');
    expect(last()).toMatchObject({ method: 'PUT', url: '/v1/customers/c%201' });
    expect(JSON.parse(last().body)).toEqual({ update: { name: 'N' } });
  });

  it('update by email sends PUT /v1/customers with { email, update }', async () => {
    await partnero.customers.update({ email: 'c@x.io' }, { surname: 'S', tags: [] });
    expect(last()).toMatchObject({ method: 'PUT', url: '/v1/customers' });
    expect(JSON.parse(last().body)).toEqual({
      email: 'c@x.io',
      update: { surname: 'S', tags: [] },
    });
  });

  it('delete by key sends DELETE /v1/customers/{key} without a body and resolves to undefined', async () => {
    await expect(partnero.customers.delete({ key: 'c1' })).resolves.toBeUndefined();
    expect(last()).toMatchObject({ method: 'DELETE', url: '/v1/customers/c1', body: '' });
  });

  it('delete by email sends DELETE /v1/customers with { email }', async () => {
    await partnero.customers.delete({ email: 'c@x.io' });
    expect(last()).toMatchObject({ method: 'DELETE', url: '/v1/customers' });
    expect(JSON.parse(last().body)).toEqual({ email: 'c@x.io' });
  });

  it('suspend and approve POST to the action paths', async () => {
    await expect(partnero.customers.suspend('c/1')).resolves.toBeUndefined();
    expect(last()).toMatchObject({ method: 'POST', url: '/v1/customers/c%2F1/suspend' });
    await expect(partnero.customers.approve('c1')).resolves.toBeUndefined();
    expect(last()).toMatchObject({ method: 'POST', url: '/v1/customers/c1/approve' });
  });

  it('transactions sends GET /v1/customers/{key}/transactions and pages like list', async () => {
    const first = await partnero.customers.transactions('c 1', { limit: 2 });
    expect(last()).toMatchObject({
      method: 'GET',
      url: '/v1/customers/c%201/transactions?limit=2',
    });
    expect(first.data.map((transaction) => transaction.key)).toEqual(['t1', 't2']);
    expect(first.hasNextPage()).toBe(true);
    const keys: string[] = [];
    for await (const transaction of partnero.customers.transactions('c1', { limit: 2 })) {
      keys.push(transaction.key);
    }
    expect(keys).toEqual(['t1', 't2', 't3']);
    expect(last().url).toBe('/v1/customers/c1/transactions?limit=2&page=2');
  });

  it('transactions refuses an empty key and a limit out of range before sending', async () => {
    const before = server.requests.length;
    // Argument errors reject the returned promise (issue 20), as every other method's do.
    await expect(partnero.customers.transactions('')).rejects.toThrow(/key/);
    await expect(partnero.customers.transactions('c1', { limit: 251 })).rejects.toThrow(/limit/);
    expect(server.requests.length).toBe(before);
  });

  it('withResponse() gives the raw Response and the request id next to the data', async () => {
    const { data, response, requestId } = await partnero.customers.retrieve('c1').withResponse();
    expect(data.key).toBe('c1');
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req_42');
    expect(requestId).toBe('req_42');
  });

  it('methods return real promises', async () => {
    const pending = partnero.customers.retrieve('c1');
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending.then((c) => c.key)).resolves.toBe('c1');
  });

  it('per-request headers are sent and override the client headers', async () => {
    const client = new Partnero({ apiKey: TOKEN, baseUrl: server.url, headers: { 'x-app': 'a' } });
    await client.customers.retrieve('c1', { headers: { 'x-app': 'b', 'x-trace': 't' } });
    expect(last().headers['x-app']).toBe('b');
    expect(last().headers['x-trace']).toBe('t');
    await client.customers.retrieve('c1');
    expect(last().headers['x-app']).toBe('a');
    expect(last().headers['x-trace']).toBeUndefined();
  });

  it('a header given in another letter case replaces the client header instead of joining it', async () => {
    await partnero.customers.retrieve('c1', { headers: { accept: 'application/vnd.test+json' } });
    expect(last().headers.accept).toBe('application/vnd.test+json');
    const client = new Partnero({
      apiKey: TOKEN,
      baseUrl: server.url,
      headers: { accept: 'application/json; v=2', 'X-App': 'a' },
    });
    await client.customers.retrieve('c1', { headers: { 'x-app': 'b' } });
    expect(last().headers.accept).toBe('application/json; v=2');
    expect(last().headers['x-app']).toBe('b');
  });

  it('a client header in any letter case cannot replace Authorization', async () => {
    const client = new Partnero({
      apiKey: TOKEN,
      baseUrl: server.url,
      headers: { authorization: 'Bearer other' },
    });
    await client.customers.retrieve('c1');
    expect(last().headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});
