// Every method against a real Prism mock started from the spec: Prism checks each request
// against the contract (a violation would come back as 422) and answers with the spec's
// examples, which the client must parse into customers.
import { type RunningPrism, startPrism } from '@partnero-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, Partnero } from '../src/index.js';

let prism: RunningPrism;
let partnero: Partnero;
beforeAll(async () => {
  prism = await startPrism();
  partnero = new Partnero({ apiKey: 'prism_test_key', baseUrl: prism.url, maxRetries: 0 });
});
afterAll(async () => {
  await prism?.stop();
});

const customerShape = expect.objectContaining({
  key: expect.any(String),
  partner: expect.any(String),
  deleted: expect.any(Boolean),
  created_at: expect.any(String),
  updated_at: expect.any(String),
});

describe('round trips through Prism', () => {
  it('create', async () => {
    const created = await partnero.customers.create({
      partner: { key: 'partner_ada' },
      key: 'cus_1001',
      email: 'c@example.com',
      name: 'Ada',
      tags: ['vip'],
    });
    expect(created).toEqual(customerShape);
  });

  it('retrieve by key and by email', async () => {
    expect(await partnero.customers.retrieve('cus_1001')).toEqual(customerShape);
    // The spec's search example matches ada@example.com.
    const found = await partnero.customers.retrieve({ email: 'Ada@example.com' });
    expect(found).toEqual(customerShape);
    expect(found.email).toBe('ada@example.com');
  });

  it('retrieve by email refuses a search result whose email is not the one asked for', async () => {
    await expect(partnero.customers.retrieve({ email: 'c@example.com' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('search: one page, and every match with for await', async () => {
    const page = await partnero.customers.search({ email: 'ada@example.com', limit: 10 });
    expect(page.data.length).toBeGreaterThan(0);
    for (const customer of page.data) expect(customer).toEqual(customerShape);
    expect(page.meta.current_page).toEqual(expect.any(Number));
    const keys: string[] = [];
    for await (const customer of partnero.customers.search({ key: 'cus_1001' })) {
      keys.push(customer.key);
    }
    expect(keys).toEqual(page.data.map((customer) => customer.key));
  });

  it('update by key and by email', async () => {
    expect(await partnero.customers.update('cus_1001', { name: 'N' })).toEqual(customerShape);
    expect(await partnero.customers.update({ email: 'c@example.com' }, { surname: 'S' })).toEqual(
      customerShape,
    );
  });

  it('delete by key and by email, suspend, approve', async () => {
    await expect(partnero.customers.delete('cus_1001')).resolves.toBeUndefined();
    await expect(partnero.customers.delete({ email: 'c@example.com' })).resolves.toBeUndefined();
    await expect(partnero.customers.suspend('cus_1001')).resolves.toBeUndefined();
    await expect(partnero.customers.approve('cus_1001')).resolves.toBeUndefined();
  });

  it('list one page', async () => {
    const page = await partnero.customers.list({ limit: 2, 'partner.key': 'partner_ada' });
    expect(page.data.length).toBeGreaterThan(0);
    for (const customer of page.data) expect(customer).toEqual(customerShape);
    expect(page.meta.current_page).toEqual(expect.any(Number));
    expect(page.links).toHaveProperty('next');
  });

  it('a documented error response becomes its error class', async () => {
    const error = await partnero.customers
      .retrieve('cus_1001', { headers: { Prefer: 'code=404' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toMatch(/Check the key or email\.$/);
  });

  it('the raw client round-trips too', async () => {
    const { data, error } = await partnero.raw.GET('/v1/customers:search', {
      params: { query: { email: 'c@example.com' } },
    });
    expect(error).toBeUndefined();
    expect(data?.data).toEqual([customerShape]);
  });
});
