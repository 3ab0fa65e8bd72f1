import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { apiFor, startTestSandbox, storageUnderTest } from './support/sandbox.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox?.close());

const keysOf = (body: unknown) => (body as { data: { key: string }[] }).data.map((c) => c.key);

describe(`search answers a page (${storageUnderTest()})`, () => {
  it('answers the list envelope with the matches, paged like the list', async () => {
    const { call } = apiFor(sandbox.url);
    for (const key of ['s1', 's2', 's3']) {
      await call('POST', '/v1/customers', {
        key,
        partner: { key: 'p' },
        email: `${key}@example.com`,
      });
    }
    const byEmail = await call('GET', '/v1/customers:search?email=s2%40example.com&limit=1');
    expect(byEmail.status).toBe(200);
    expect(byEmail.headers.get('sandbox-violation')).toBeNull();
    expect(keysOf(byEmail.body)).toEqual(['s2']);
    const { links, meta } = byEmail.body as {
      links: Record<string, string | null>;
      meta: Record<string, unknown>;
    };
    expect(meta).toMatchObject({ current_page: 1, from: 1, to: 1, per_page: 1 });
    expect(meta.path).toBe(`${sandbox.url}/v1/customers:search`);
    expect(links.first).toBe(
      `${sandbox.url}/v1/customers:search?email=s2%40example.com&limit=1&page=1`,
    );
    expect(links.next).toBeNull();

    const byKey = await call('GET', '/v1/customers:search?key=s3');
    expect(keysOf(byKey.body)).toEqual(['s3']);
    const secondPage = await call('GET', '/v1/customers:search?key=s3&page=2&limit=1');
    expect(secondPage.status).toBe(200);
    expect(keysOf(secondPage.body)).toEqual([]);
    expect((secondPage.body as { links: { prev: string } }).links.prev).toBe(
      `${sandbox.url}/v1/customers:search?key=s3&limit=1&page=1`,
    );
  });

  it('answers an empty page with 200 when nothing matches', async () => {
    const { call } = apiFor(sandbox.url);
    const none = await call('GET', '/v1/customers:search?email=nobody%40example.com');
    expect(none.status).toBe(200);
    expect(none.headers.get('sandbox-violation')).toBeNull();
    expect(none.body).toMatchObject({
      data: [],
      links: { prev: null, next: null, last: null },
      meta: { current_page: 1, from: null, to: null, per_page: 15 },
      status: 1,
    });
  });
});

describe(`every failing field in one 422 (${storageUnderTest()})`, () => {
  it('reports the key and the email when a create takes both', async () => {
    const { call } = apiFor(sandbox.url);
    await call('POST', '/v1/customers', {
      key: 'ada',
      partner: { key: 'p' },
      email: 'ada@example.com',
    });
    await call('POST', '/v1/customers', { key: 'bob', partner: { key: 'p' } });
    const both = await call('POST', '/v1/customers', {
      key: 'ada',
      partner: { key: 'p' },
      email: 'ada@example.com',
    });
    expect(both.status).toBe(422);
    expect(both.headers.get('sandbox-violation')).toBeNull();
    expect((both.body as { errors: unknown }).errors).toEqual({
      key: ['The key has already been taken.'],
      email: ['The email has already been taken.'],
    });
    const keyOnly = await call('POST', '/v1/customers', { key: 'bob', partner: { key: 'p' } });
    expect((keyOnly.body as { errors: unknown }).errors).toEqual({
      key: ['The key has already been taken.'],
    });
  });

  it('reports both when an update takes another customer’s key and email', async () => {
    const { call } = apiFor(sandbox.url);
    await call('POST', '/v1/customers', { key: 'a', partner: { key: 'p' }, email: 'a@x.example' });
    await call('POST', '/v1/customers', { key: 'b', partner: { key: 'p' }, email: 'b@x.example' });
    const both = await call('PUT', '/v1/customers/b', {
      update: { key: 'a', email: 'a@x.example' },
    });
    expect(both.status).toBe(422);
    expect((both.body as { errors: unknown }).errors).toEqual({
      'update.key': ['The key has already been taken.'],
      'update.email': ['The email has already been taken.'],
    });
    // Keeping one's own email is no conflict.
    const own = await call('PUT', '/v1/customers', {
      email: 'b@x.example',
      update: { email: 'b@x.example', name: 'B' },
    });
    expect(own.status).toBe(200);
  });
});
