import { type RunningPrism, startPrism } from '@partnero-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { apiFor, startTestSandbox, storageUnderTest } from './support/sandbox.js';

// The contract tests put Prism in proxy mode in front of a server; with the sandbox behind
// it, Prism must find nothing to complain about on a full customer round trip.
let sandbox: Sandbox;
let prism: RunningPrism;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  prism = await startPrism({ mode: 'proxy', upstream: sandbox.url, errors: true });
}, 30_000);
afterAll(async () => {
  await prism?.stop();
  await sandbox?.close();
});

describe(`Prism proxy in front of the sandbox (${storageUnderTest()})`, () => {
  it('passes a create, read, update, list, suspend and delete round trip without violations', async () => {
    const { call } = apiFor(prism.url);
    const steps = [
      await call('POST', '/v1/customers', {
        key: 'cus_1001',
        partner: { key: 'partner_ada' },
        email: 'ada@example.com',
      }),
      await call('GET', '/v1/customers/cus_1001'),
      await call('PUT', '/v1/customers/cus_1001', { update: { name: 'Augusta' } }),
      await call('GET', '/v1/customers:search?email=ada%40example.com'),
      await call('GET', '/v1/customers?limit=5'),
      await call('POST', '/v1/customers/cus_1001/suspend'),
      await call('DELETE', '/v1/customers/cus_1001'),
      await call('GET', '/v1/customers/cus_1001'),
    ];
    expect(steps.map((s) => s.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 404]);
    for (const step of steps) expect(step.headers.get('sl-violations')).toBeNull();
    expect(steps[3]?.body).toMatchObject({ data: [{ name: 'Augusta' }] });
  });

  it('passes the sandbox’s own 422 (a taken key, which Prism cannot know) through unchanged', async () => {
    const { call } = apiFor(prism.url);
    const body = { key: 'dup', partner: { key: 'p' } };
    expect((await call('POST', '/v1/customers', body)).status).toBe(200);
    const taken = await call('POST', '/v1/customers', body);
    expect(taken.status).toBe(422);
    expect(taken.headers.get('sl-violations')).toBeNull();
    expect(taken.body).toEqual({
      message: 'The key has already been taken.',
      errors: { key: ['The key has already been taken.'] },
    });
  });
});
