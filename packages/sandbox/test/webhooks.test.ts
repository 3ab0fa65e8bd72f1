import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { loadSpec } from '../src/spec.js';
import { type Behaviour, type Receiver, startReceiver } from './support/receiver.js';
import { apiFor, newApiKey, startTestSandbox, storageUnderTest } from './support/sandbox.js';

// The sandbox delivers customer events to real HTTP receivers on 127.0.0.1, which check each
// signature over the raw body with node:crypto. Retries are shortened (tens of milliseconds).

const spec = loadSpec();
const ATTEMPTS = 4;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({
    webhooks: { baseMs: 30, maxMs: 120, attempts: ATTEMPTS, timeoutMs: 1_000, pollMs: 50 },
  });
});
afterAll(() => sandbox?.close());

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(behave?: (n: number) => Behaviour) {
  const started = await startReceiver(behave);
  receivers.push(started);
  return started;
}

type Api = ReturnType<typeof apiFor>;

/** Subscribes the receiver; it trusts the secret the answer carries. */
async function subscribe(api: Api, to: Receiver, extra: Record<string, unknown> = {}) {
  const answer = await api.call('POST', '/v1/webhooks', {
    name: 'test',
    url: to.url,
    events: ['customer.created', 'customer.updated', 'customer.deleted'],
    ...extra,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const { key, signature } = (answer.body as { data: { key: string; signature: string } }).data;
  to.trust(key, signature);
  return key;
}

const createCustomer = async (api: Api, key: string) => {
  const answer = await api.call('POST', '/v1/customers', { key, partner: { key: 'p' } });
  expect(answer.status).toBe(200);
  return (answer.body as { data: unknown }).data;
};

const deliveries = async (api: Api) =>
  (await api.call('GET', '/__sandbox/webhooks/deliveries')).body as {
    data: Record<string, unknown>[];
  };

/** Waits until the program's deliveries satisfy `done`. */
async function settled(api: Api, done: (rows: Record<string, unknown>[]) => boolean) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { data } = await deliveries(api);
    if (done(data)) return data;
    if (Date.now() > deadline) throw new Error(`deliveries never settled: ${JSON.stringify(data)}`);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

describe(`webhook deliveries (${storageUnderTest()})`, () => {
  it('delivers customer.created, updated and deleted, signed over the raw body, as the spec describes them', async () => {
    const api = apiFor(sandbox.url, newApiKey());
    const hooks = await receiver();
    const webhookKey = await subscribe(api, hooks);
    const created = await createCustomer(api, 'cus_1');
    const updated = await api.call('PUT', '/v1/customers/cus_1', { update: { name: 'Ada' } });
    const before = (updated.body as { data: unknown }).data;
    expect((await api.call('DELETE', '/v1/customers/cus_1')).status).toBe(200);

    const got = await hooks.until(3);
    expect(got.map((r) => r.body.event)).toEqual([
      'customer.created',
      'customer.updated',
      'customer.deleted',
    ]);
    expect(got.map((r) => r.body.data)).toEqual([created, before, before]);
    for (const delivery of got) {
      expect(delivery.verified, delivery.raw).toBe(true);
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.body).toMatchObject({ url: hooks.url, webhook_key: webhookKey });
      const validate = spec.webhook(delivery.body.event).validatePayload;
      expect(validate(delivery.body), JSON.stringify(validate.errors)).toBe(true);
    }
    const rows = await settled(
      api,
      (r) => r.length === 3 && r.every((d) => d.status === 'delivered'),
    );
    expect(rows.map((d) => [d.event, d.attempts, d.last_status])).toEqual([
      ['customer.deleted', 1, 200],
      ['customer.updated', 1, 200],
      ['customer.created', 1, 200],
    ]);
  });

  it('announces the body forms and status changes too, but not seeded customers', async () => {
    const api = apiFor(sandbox.url, newApiKey());
    const hooks = await receiver();
    await subscribe(api, hooks);
    const seeded = await api.call('POST', '/__sandbox/seed', {
      customers: [{ key: 'seeded', partner: { key: 'p' }, email: 's@example.com' }],
    });
    expect(seeded.status).toBe(200);
    expect(
      (await api.call('PUT', '/v1/customers', { email: 's@example.com', update: { name: 'S' } }))
        .status,
    ).toBe(200);
    expect((await api.call('POST', '/v1/customers/seeded/suspend')).status).toBe(200);
    expect((await api.call('DELETE', '/v1/customers', { key: 'seeded' })).status).toBe(200);
    const got = await hooks.until(3);
    expect(got.map((r) => [r.body.event, r.body.data.key, r.verified])).toEqual([
      ['customer.updated', 'seeded', true],
      ['customer.updated', 'seeded', true],
      ['customer.deleted', 'seeded', true],
    ]);
    expect(got[1]?.body.data).toMatchObject({ status: 'suspended' });
  });

  it('writes no event for a change that did not happen: a refused update, an unknown customer', async () => {
    const api = apiFor(sandbox.url, newApiKey());
    const hooks = await receiver();
    await subscribe(api, hooks);
    await createCustomer(api, 'a');
    await createCustomer(api, 'b');
    const taken = await api.call('PUT', '/v1/customers/b', { update: { key: 'a' } });
    expect(taken.status).toBe(422);
    expect((await api.call('DELETE', '/v1/customers/nobody')).status).toBe(404);
    expect((await api.call('POST', '/v1/customers/nobody/suspend')).status).toBe(404);
    await createCustomer(api, 'c');
    const got = await hooks.until(3);
    expect(got.map((r) => [r.body.event, r.body.data.key])).toEqual([
      ['customer.created', 'a'],
      ['customer.created', 'b'],
      ['customer.created', 'c'],
    ]);
    expect((await deliveries(api)).data).toHaveLength(3);
  });

  it('sends nothing to an inactive webhook, nor events a webhook does not subscribe to', async () => {
    const api = apiFor(sandbox.url, newApiKey());
    const paused = await receiver();
    const deletesOnly = await receiver();
    await subscribe(api, paused, { is_active: false });
    await subscribe(api, deletesOnly, { events: ['customer.deleted'] });
    await createCustomer(api, 'c');
    await api.call('DELETE', '/v1/customers/c');
    const got = await deletesOnly.until(1);
    expect(got.map((r) => r.body.event)).toEqual(['customer.deleted']);
    expect(paused.received).toEqual([]);
    expect((await deliveries(api)).data).toHaveLength(1);
  });

  it.each([
    ['url', { url: 'ftp://example.com/hooks' }],
    ['url', { url: 'javascript:alert(1)' }],
    ['events.0', { events: ['customer.exploded'] }],
    ['url', { url: undefined }],
  ])(
    'refuses a subscription with 422 naming %s, and calls no URL when subscribing',
    async (field, change) => {
      const api = apiFor(sandbox.url, newApiKey());
      const hooks = await receiver();
      const body = { name: 'n', url: hooks.url, events: ['customer.created'], ...change };
      const refused = await api.call('POST', '/v1/webhooks', body);
      expect(refused.status).toBe(422);
      expect(Object.keys((refused.body as { errors: object }).errors)).toContain(field);
      const accepted = await api.call('POST', '/v1/webhooks', {
        ...body,
        ...{ url: hooks.url, events: ['customer.created'] },
      });
      expect(accepted.status).toBe(200);
      // Give a wrongly eager sandbox the time to call; nothing may arrive.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(hooks.received).toEqual([]);
    },
  );

  it('retries a receiver that answers 500 or resets, until it takes the event', async () => {
    const api = apiFor(sandbox.url, newApiKey());
    const hooks = await receiver((n) => (n === 1 ? 500 : n === 2 ? 'reset' : 200));
    await subscribe(api, hooks);
    await createCustomer(api, 'c');
    const got = await hooks.until(3);
    expect(got.map((r) => [r.body.event, r.verified])).toEqual(
      Array(3).fill(['customer.created', true]),
    );
    expect(new Set(got.map((r) => r.raw)).size).toBe(1);
    const [row] = await settled(api, (r) => r[0]?.status === 'delivered');
    expect(row).toMatchObject({ attempts: 3, last_status: 200, last_answer: '200 OK: answer 200' });
  });

  it('marks a delivery failed after the last attempt, and resend sends it again', async () => {
    const api = apiFor(sandbox.url, newApiKey());
    let status = 500;
    const hooks = await receiver(() => status);
    await subscribe(api, hooks);
    await createCustomer(api, 'c');
    await hooks.until(ATTEMPTS);
    const [failed] = await settled(api, (r) => r[0]?.status === 'failed');
    expect(failed).toMatchObject({
      attempts: ATTEMPTS,
      last_status: 500,
      last_answer: '500 Internal Server Error: answer 500',
    });
    status = 200;
    const resent = await api.call('POST', `/__sandbox/webhooks/deliveries/${failed?.id}/resend`);
    expect(resent.status).toBe(200);
    await hooks.until(ATTEMPTS + 1);
    const [delivered] = await settled(api, (r) => r[0]?.status === 'delivered');
    expect(delivered).toMatchObject({ id: failed?.id, attempts: 1, last_status: 200 });
    const unknown = await api.call('POST', '/__sandbox/webhooks/deliveries/999999999/resend');
    expect(unknown.status).toBe(404);
  });

  it('keeps the order of one customer’s events while the first is retried', async () => {
    const api = apiFor(sandbox.url, newApiKey());
    const hooks = await receiver((n) => (n === 1 ? 503 : 200));
    await subscribe(api, hooks);
    await createCustomer(api, 'c');
    await api.call('PUT', '/v1/customers/c', { update: { name: 'Second' } });
    await api.call('DELETE', '/v1/customers/c');
    const got = await hooks.until(4);
    expect(got.map((r) => r.body.event)).toEqual([
      'customer.created',
      'customer.created',
      'customer.updated',
      'customer.deleted',
    ]);
  });

  it('is not held up by a receiver that hangs: other webhooks get theirs and the API answers', async () => {
    const api = apiFor(sandbox.url, newApiKey());
    const hanging = await receiver(() => 'hang');
    const prompt = await receiver();
    const stuck = await subscribe(api, hanging, { events: ['customer.created'] });
    await subscribe(api, prompt, { events: ['customer.created'] });
    await createCustomer(api, 'first');
    await hanging.until(1);
    // While the hanging receiver holds its request, the API and the other webhook carry on.
    await createCustomer(api, 'second');
    const got = await prompt.until(2);
    expect(got.map((r) => r.body.data.key)).toEqual(['first', 'second']);
    const inFlight = (await deliveries(api)).data.find(
      (d) => d.webhook_key === stuck && d.customer_key === 'first',
    );
    expect(inFlight).toMatchObject({ status: 'pending', attempts: 1, last_answer: null });
  });

  it.each([
    [500, '500 Internal Server Error: answer 500'],
    ['reset' as const, expect.any(String)],
  ])(
    'is not held up by a receiver that answers %s: other webhooks get theirs and the API answers',
    async (behaviour, lastAnswer) => {
      // Slow retries (5-10 s before the second attempt), so the refused delivery stays
      // pending while the other webhook's deliveries must go out.
      const slow = await startTestSandbox({
        webhooks: { baseMs: 10_000, maxMs: 10_000, attempts: 4, timeoutMs: 1_000, pollMs: 50 },
      });
      try {
        const api = apiFor(slow.url, newApiKey());
        const failing = await receiver(() => behaviour);
        const prompt = await receiver();
        const refused = await subscribe(api, failing, { events: ['customer.created'] });
        await subscribe(api, prompt, { events: ['customer.created'] });
        await createCustomer(api, 'first');
        await failing.until(1);
        await createCustomer(api, 'second');
        const got = await prompt.until(2, 4_000);
        expect(got.map((r) => r.body.data.key)).toEqual(['first', 'second']);
        const waiting = (await deliveries(api)).data.find(
          (d) => d.webhook_key === refused && d.customer_key === 'first',
        );
        expect(waiting).toMatchObject({ status: 'pending', attempts: 1, last_answer: lastAnswer });
      } finally {
        await slow.close();
      }
    },
  );

  it('sends a test event built from the spec’s example to one webhook', async () => {
    const api = apiFor(sandbox.url, newApiKey());
    const hooks = await receiver();
    const key = await subscribe(api, hooks, { events: ['customer.updated'] });
    const sent = await api.call('POST', `/__sandbox/webhooks/${key}/test`);
    expect(sent.status).toBe(200);
    const [got] = await hooks.until(1);
    const example = spec.webhook('customer.updated').payload.examples[0] as { data: unknown };
    expect(got?.body).toMatchObject({
      event: 'customer.updated',
      webhook_key: key,
      data: example.data,
    });
    expect(got?.verified).toBe(true);
    const wrong = await api.call('POST', `/__sandbox/webhooks/${key}/test`, {
      event: 'partner.created',
    });
    expect(wrong.status).toBe(422);
    expect(Object.keys((wrong.body as { errors: object }).errors)).toEqual(['event']);
    expect((await api.call('POST', '/__sandbox/webhooks/nobody/test')).status).toBe(404);
  });

  it('stops a deleted webhook’s deliveries, and reset empties webhooks and deliveries', async () => {
    const api = apiFor(sandbox.url, newApiKey());
    const hooks = await receiver(() => 500);
    const key = await subscribe(api, hooks);
    await createCustomer(api, 'c');
    await hooks.until(1);
    expect((await api.call('DELETE', `/v1/webhooks/${key}`)).status).toBe(200);
    expect((await deliveries(api)).data).toEqual([]);
    await subscribe(api, hooks, { key: 'again' });
    expect((await api.call('POST', '/__sandbox/reset')).status).toBe(200);
    expect((await api.call('GET', '/v1/webhooks')).body).toEqual({ data: [], status: 1 });
  });
});

describe('a spec without webhooks', () => {
  it('still serves its customers, sending nothing', async () => {
    const document = structuredClone(spec.document) as {
      paths: Record<string, unknown>;
      webhooks?: unknown;
    };
    delete document.webhooks;
    delete document.paths['/v1/webhooks'];
    delete document.paths['/v1/webhooks/{key}'];
    const older = await startTestSandbox({ spec: loadSpec(document) });
    try {
      const api = apiFor(older.url, newApiKey());
      await createCustomer(api, 'c');
      expect((await api.call('PUT', '/v1/customers/c', { update: { name: 'N' } })).status).toBe(
        200,
      );
      expect((await api.call('DELETE', '/v1/customers/c')).status).toBe(200);
      expect((await api.call('GET', '/v1/webhooks')).status).toBe(404);
    } finally {
      await older.close();
    }
  });
});
