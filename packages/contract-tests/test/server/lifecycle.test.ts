// One customer's whole life on a real server, behind Prism's validating proxy: every answer
// is checked against the spec (by Prism and by the suite) before its content is. The
// customer has a unique key and is deleted at the end, also when a step fails.
import { type Customer, NotFoundError } from '@partnero-kit/client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { expectConforming, settle } from '../../src/conformance.js';
import { contractClient } from '../../src/contract-client.js';

const target = inject('contractTarget');
const { partnero, recorder } = contractClient(target);

const key = `contract-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const email = `${key}@example.com`;
let exists = false;

/** Runs a call, checks every exchange it made against the spec, then returns its result. */
async function conforming<T>(operationId: string, call: PromiseLike<T>): Promise<T> {
  recorder.take();
  const outcome = await settle(call);
  const exchanges = recorder.take();
  expect(exchanges.length, 'the call made at least one request').toBeGreaterThan(0);
  for (const exchange of exchanges) expectConforming(exchange, operationId);
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

afterAll(async () => {
  // Best effort: a failed step must not leave the customer behind on the server.
  if (exists) await settle(partnero.customers.delete({ key }));
});

describe.sequential(`the life of customer ${key}`, () => {
  it('creates it', async () => {
    const customer = await conforming(
      'createCustomer',
      partnero.customers.create({
        key,
        partner: { key: target.partnerKey },
        email,
        name: 'Contract',
        surname: 'Test',
        tags: ['contract-tests'],
      }),
    );
    exists = true;
    expect(customer).toMatchObject({ key, email, name: 'Contract', surname: 'Test' });
  });

  it('retrieves it by key', async () => {
    const customer = await conforming('getCustomer', partnero.customers.retrieve(key));
    expect(customer).toMatchObject({ key, email, name: 'Contract' });
  });

  it('finds it by email', async () => {
    // Search may match loosely, so the page may hold others as well.
    const page = await conforming('searchCustomers', partnero.customers.search({ email }));
    expect(page.data.filter((customer) => customer.email === email)).toEqual([
      expect.objectContaining({ key, email }),
    ]);
  });

  it('updates it', async () => {
    const customer = await conforming(
      'updateCustomer',
      partnero.customers.update({ key }, { name: 'Changed', surname: 'Again' }),
    );
    expect(customer).toMatchObject({ key, name: 'Changed', surname: 'Again' });
  });

  it('finds it in the list of its partner', async () => {
    let found: Customer | undefined;
    let page = await conforming(
      'listCustomers',
      partnero.customers.list({ limit: 250, 'partner.key': target.partnerKey }),
    );
    for (let pages = 1; ; pages++) {
      found = page.data.find((customer) => customer.key === key);
      if (found || !page.hasNextPage() || pages >= 20) break;
      page = await conforming('listCustomers', page.getNextPage());
    }
    expect(found, `customer ${key} in the list`).toMatchObject({ key, name: 'Changed' });
  });

  it('lists its transactions', async () => {
    // A new customer may already have transactions on a live program; the page must fit.
    const page = await conforming(
      'listCustomerTransactions',
      partnero.customers.transactions(key, { limit: 15 }),
    );
    expect(Array.isArray(page.data)).toBe(true);
    for (const transaction of page.data) expect(transaction.customer).toBe(key);
  });

  it('deletes it', async () => {
    await conforming('deleteCustomer', partnero.customers.delete({ key }));
    exists = false;
  });

  it('retrieving it afterwards gives 404', async () => {
    recorder.take();
    const outcome = await settle(partnero.customers.retrieve(key));
    const exchange = recorder.takeOnly();
    expect(exchange.status).toBe(404);
    expectConforming(exchange, 'getCustomer');
    expect((outcome as { error?: unknown }).error).toBeInstanceOf(NotFoundError);
  });
});
