import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { apiFor, startTestSandbox, storageUnderTest } from './support/sandbox.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox?.close());

const CALLS = 50;

describe(`simultaneous writes (${storageUnderTest()})`, () => {
  it('50 creates of the same key: exactly one succeeds, 49 get 422 key taken', async () => {
    const { call } = apiFor(sandbox.url);
    const answers = await Promise.all(
      Array.from({ length: CALLS }, (_, i) =>
        call('POST', '/v1/customers', { key: 'same', partner: { key: 'p' }, name: `n${i}` }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 422)).toHaveLength(CALLS - 1);
    for (const answer of answers.filter((a) => a.status === 422)) {
      expect((answer.body as { errors: object }).errors).toEqual({
        key: ['The key has already been taken.'],
      });
    }
    for (const answer of answers) expect(answer.headers.get('sandbox-violation')).toBeNull();
  });

  it('50 creates of the same email under different keys: exactly one succeeds', async () => {
    const { call } = apiFor(sandbox.url);
    const answers = await Promise.all(
      Array.from({ length: CALLS }, (_, i) =>
        call('POST', '/v1/customers', {
          key: `k${i}`,
          partner: { key: 'p' },
          email: 'one@example.com',
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 422)).toHaveLength(CALLS - 1);
  });

  it('50 creates of different keys all succeed and are all listed', async () => {
    const { call } = apiFor(sandbox.url);
    const answers = await Promise.all(
      Array.from({ length: CALLS }, (_, i) =>
        call('POST', '/v1/customers', {
          key: `key_${i}`,
          partner: { key: 'p' },
          email: `c${i}@example.com`,
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(CALLS).fill(200));
    const list = await call('GET', '/v1/customers?limit=250');
    const keys = (list.body as { data: { key: string }[] }).data.map((c) => c.key).sort();
    expect(keys).toEqual(Array.from({ length: CALLS }, (_, i) => `key_${i}`).sort());
  });

  it('50 simultaneous renames to the same new key: exactly one wins', async () => {
    const { call } = apiFor(sandbox.url);
    await call('POST', '/__sandbox/seed', {
      customers: Array.from({ length: CALLS }, (_, i) => ({ key: `r${i}`, partner: { key: 'p' } })),
    });
    const answers = await Promise.all(
      Array.from({ length: CALLS }, (_, i) =>
        call('PUT', `/v1/customers/r${i}`, { update: { key: 'winner' } }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 422)).toHaveLength(CALLS - 1);
  });
});
