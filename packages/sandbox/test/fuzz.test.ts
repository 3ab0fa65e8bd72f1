import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { loadSpec } from '../src/spec.js';
import { type Answer, apiFor, startTestSandbox, storageUnderTest } from './support/sandbox.js';

// Property-based bad input: whatever arrives, the sandbox answers below 500, and every 4xx
// body is the spec's Error object. Strict mode is on, so a reply that breaks the spec would
// itself surface as a 500 and fail the property.

const RUNS = 600;
const validateError = loadSpec().validator('#/components/schemas/Error');

let sandbox: Sandbox;
let api: ReturnType<typeof apiFor>;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  api = apiFor(sandbox.url);
  await api.call('POST', '/v1/customers', {
    key: 'known',
    partner: { key: 'p' },
    email: 'known@example.com',
  });
});
afterAll(() => sandbox?.close());

function wellBehaved(answer: Answer): void {
  expect(answer.status).toBeLessThan(500);
  expect(answer.headers.get('sandbox-violation')).toBeNull();
  if (answer.status >= 400) {
    expect(validateError(answer.body), JSON.stringify(answer.body)).toBe(true);
  }
}

/** JSON values biased towards the shapes the API expects, so validation goes deep. */
const field = fc.oneof(
  fc.string(),
  // Any code unit: NUL, control characters, lone surrogates.
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.emailAddress(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('key', 'id', 'email', 'x'), fc.oneof(fc.string(), fc.integer())),
);
const customerLike = fc.dictionary(
  fc.constantFrom('key', 'partner', 'email', 'name', 'surname', 'tags', 'options', 'update', 'zzz'),
  field,
);
const body = fc.oneof(customerLike, fc.record({ update: customerLike }), fc.jsonValue());
const target = fc.constantFrom(
  ['POST', '/v1/customers'],
  ['PUT', '/v1/customers'],
  ['DELETE', '/v1/customers'],
  ['PUT', '/v1/customers/known'],
  ['POST', '/__sandbox/seed'],
) as fc.Arbitrary<[string, string]>;
const text = fc.string({ maxLength: 40 });

describe(`malformed input never gets a 5xx (${storageUnderTest()})`, () => {
  it('JSON bodies of every shape', async () => {
    await fc.assert(
      fc.asyncProperty(target, body, async ([method, path], value) => {
        wellBehaved(await api.call(method, path, JSON.stringify(value)));
      }),
      { numRuns: RUNS },
    );
    // The sandbox is still consistent afterwards: the known customer is readable or gone, never broken.
    wellBehaved(await api.call('GET', '/v1/customers?limit=250'));
  });

  it('raw text that is mostly not JSON', async () => {
    await fc.assert(
      fc.asyncProperty(target, fc.string({ maxLength: 60 }), async ([method, path], raw) => {
        wellBehaved(await api.call(method, path, raw));
      }),
      { numRuns: RUNS },
    );
  });

  it('query parameters of list and search', async () => {
    const name = fc.constantFrom(
      'limit',
      'page',
      'partner.key',
      'partner.email',
      'email',
      'key',
      'x',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/customers', '/v1/customers:search'),
        fc.array(fc.tuple(name, text), { maxLength: 4 }),
        async (path, pairs) => {
          wellBehaved(await api.call('GET', `${path}?${new URLSearchParams(pairs)}`));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('path keys and actions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.constantFrom('', '/suspend', '/approve', '/x'),
        fc.constantFrom('GET', 'PUT', 'DELETE', 'POST'),
        async (key, action, method) => {
          const path = `/v1/customers/${encodeURIComponent(key)}${action}`;
          wellBehaved(await api.call(method, path, method === 'PUT' ? { update: {} } : undefined));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('any bytes, percent-encoded, in a path key or a query value', async () => {
    // NUL, broken UTF-8 and lone continuation bytes included: none may reach the database.
    const encoded = fc
      .uint8Array({ minLength: 1, maxLength: 12 })
      .map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
    await fc.assert(
      fc.asyncProperty(
        encoded,
        fc.constantFrom(
          (bytes: string) => `/v1/customers/${bytes}`,
          (bytes: string) => `/v1/customers/${bytes}/suspend`,
          (bytes: string) => `/v1/customers:search?key=${bytes}`,
          (bytes: string) => `/v1/customers:search?email=${bytes}`,
          (bytes: string) => `/v1/customers?partner.key=${bytes}`,
          (bytes: string) => `/v1/customers?partner.email=${bytes}&limit=${bytes}`,
        ),
        async (bytes, path) => {
          wellBehaved(
            await api.call(path(bytes).includes('suspend') ? 'POST' : 'GET', path(bytes)),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('Authorization, Sandbox-Fault and Content-Type headers', async () => {
    const header = fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e]/g, '').trim());
    // Faults the property must not trigger on purpose: a documented 5xx, a dropped connection, a delay.
    const fault = header.filter((s) => !/status|reset|latency/i.test(s));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          header,
          header.map((s) => `Bearer ${s}`),
        ),
        fault,
        header,
        async (authorization, sandboxFault, contentType) => {
          const headers: Record<string, string> = { authorization, 'content-type': contentType };
          if (sandboxFault) headers['sandbox-fault'] = sandboxFault;
          const answer = await apiFor(sandbox.url, null).call(
            'POST',
            '/v1/customers',
            { key: 'h', partner: { key: 'p' } },
            headers,
          );
          wellBehaved(answer);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
