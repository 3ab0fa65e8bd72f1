// The negative contract: requests that break the spec are refused by the validating mock,
// and the client maps each refusal to its error class. Where the client checks an argument
// itself, the bad request is sent raw to prove the mock refuses it, and the client must
// throw its own argument error without sending anything.
import {
  AuthenticationError,
  type Partnero,
  PartneroError,
  ValidationError,
} from '@partnero-kit/client';
import { describe, expect, inject, it } from 'vitest';
import { settle, violations } from '../../src/conformance.js';
import { contractClient } from '../../src/contract-client.js';
import { rawRequest } from '../../src/raw-request.js';
import { matchOperation } from '../../src/spec.js';

const target = inject('contractTarget');
const { partnero, recorder } = contractClient(target);

interface Refusal {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  /** A fragment every matching violation names, e.g. the offending field. */
  violation: RegExp;
}

/** Broken requests the client refuses to send, and the client call that would send each. */
const guardedByClient: (Refusal & { call: (client: Partnero) => unknown })[] = [
  {
    name: 'create without key',
    method: 'POST',
    path: '/v1/customers',
    body: { partner: { key: 'partner_ada' } },
    violation: /required property 'key'/,
    call: (client) => client.customers.create({ partner: { key: 'partner_ada' } } as never),
  },
  {
    name: 'update naming neither key nor email',
    method: 'PUT',
    path: '/v1/customers',
    body: { update: { name: 'Augusta' } },
    violation: /anyOf/,
    call: (client) => client.customers.update({} as never, { name: 'Augusta' }),
  },
  {
    name: 'delete naming neither key nor email',
    method: 'DELETE',
    path: '/v1/customers',
    body: {},
    violation: /anyOf/,
    call: (client) => client.customers.delete({} as never),
  },
  {
    name: 'list with limit 0',
    method: 'GET',
    path: '/v1/customers?limit=0',
    violation: /limit must be >= 1/,
    call: (client) => client.customers.list({ limit: 0 }),
  },
  {
    name: 'list with limit 251',
    method: 'GET',
    path: '/v1/customers?limit=251',
    violation: /limit must be <= 250/,
    call: (client) => client.customers.list({ limit: 251 }),
  },
];

/** Broken requests the client does send; the mock's refusal must become a ValidationError. */
const refusedByServer: (Refusal & { call: (client: Partnero) => PromiseLike<unknown> })[] = [
  {
    name: 'create without partner',
    method: 'POST',
    path: '/v1/customers',
    violation: /required property 'partner'/,
    call: (client) => client.customers.create({ key: 'cus_1001' } as never),
  },
  {
    name: 'create with a malformed email',
    method: 'POST',
    path: '/v1/customers',
    violation: /email must match format "email"/,
    call: (client) =>
      client.customers.create({ key: 'cus_1001', partner: { key: 'p' }, email: 'not-an-email' }),
  },
  {
    name: 'update by a malformed email',
    method: 'PUT',
    path: '/v1/customers',
    violation: /email must match format "email"/,
    call: (client) => client.customers.update({ email: 'not-an-email' }, { name: 'Augusta' }),
  },
];

/**
 * Broken searches, sent raw: search answers a page now, and the client's `customers.search`
 * that sends these is built on another branch; what the mock refuses does not depend on it.
 */
const brokenSearches: Refusal[] = [
  {
    name: 'search by a malformed email',
    method: 'GET',
    path: '/v1/customers:search?email=not-an-email',
    violation: /email must match format "email"/,
  },
  {
    name: 'search with limit 0',
    method: 'GET',
    path: '/v1/customers:search?email=ada%40example.com&limit=0',
    violation: /limit must be >= 1/,
  },
  {
    name: 'search with limit 251',
    method: 'GET',
    path: '/v1/customers:search?email=ada%40example.com&limit=251',
    violation: /limit must be <= 250/,
  },
  {
    name: 'search for page 0',
    method: 'GET',
    path: '/v1/customers:search?email=ada%40example.com&page=0',
    violation: /page must be >= 1/,
  },
];

describe('broken searches', () => {
  for (const refusal of brokenSearches) {
    it(`${refusal.name}: the mock refuses it with 422`, async () => {
      const exchange = await rawRequest(target.baseUrl, { ...refusal, token: target.apiKey });
      expect(matchOperation(refusal.method, exchange.url.pathname)?.id).toBe('searchCustomers');
      expect(exchange.status).toBe(422);
      expect(violations(exchange).join('\n')).toMatch(refusal.violation);
    });
  }
});

describe('requests the client refuses before sending', () => {
  for (const refusal of guardedByClient) {
    it(`${refusal.name}: the mock refuses it with 422, the client never sends it`, async () => {
      const exchange = await rawRequest(target.baseUrl, { ...refusal, token: target.apiKey });
      expect(matchOperation(refusal.method, exchange.url.pathname)).toBeDefined();
      expect(exchange.status).toBe(422);
      expect(violations(exchange).join('\n')).toMatch(refusal.violation);

      recorder.take();
      const outcome = await settle<unknown>(Promise.resolve().then(() => refusal.call(partnero)));
      expect(outcome.ok).toBe(false);
      const error = (outcome as { error: unknown }).error;
      expect(error).toBeInstanceOf(PartneroError);
      expect(error, 'an argument error, not an API answer').not.toHaveProperty('status');
      expect(recorder.take(), 'no request may leave the client').toEqual([]);
    });
  }

  it('an empty customer key is refused before any request', async () => {
    recorder.take();
    const calls: (() => unknown)[] = [
      () => partnero.customers.retrieve(''),
      () => partnero.customers.suspend(''),
      () => partnero.customers.approve(''),
      () => partnero.customers.delete({ key: '' }),
    ];
    for (const call of calls) {
      const outcome = await settle(Promise.resolve().then(call));
      expect(outcome.ok).toBe(false);
      expect((outcome as { error: unknown }).error).toBeInstanceOf(PartneroError);
    }
    expect(recorder.take()).toEqual([]);
  });
});

describe('requests the mock refuses and the client maps', () => {
  for (const refusal of refusedByServer) {
    it(`${refusal.name}: 422 → ValidationError`, async () => {
      recorder.take();
      const outcome = await settle(refusal.call(partnero));
      const exchange = recorder.takeOnly();
      expect(exchange.method).toBe(refusal.method);
      expect(exchange.url.pathname).toBe(refusal.path);
      expect(exchange.status).toBe(422);
      expect(violations(exchange).join('\n')).toMatch(refusal.violation);
      expect(outcome.ok).toBe(false);
      const error = (outcome as { error: unknown }).error;
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors).toEqual(
        (exchange.json as { errors?: unknown }).errors ?? {},
      );
    });
  }

  const badTokens: [string, Record<string, string>][] = [
    ['a Basic credential instead of a bearer token', { Authorization: 'Basic Zm9vOmJhcg==' }],
    ['a bearer scheme with no token', { Authorization: 'Bearer ' }],
    ['a token without a scheme', { Authorization: target.apiKey }],
  ];
  for (const [name, headers] of badTokens) {
    it(`${name}: 401 → AuthenticationError`, async () => {
      recorder.take();
      const outcome = await settle(partnero.customers.retrieve('cus_1001', { headers }));
      const exchange = recorder.takeOnly();
      expect(exchange.status).toBe(401);
      expect(violations(exchange).join('\n')).toMatch(/security scheme/);
      expect((outcome as { error: unknown }).error).toBeInstanceOf(AuthenticationError);
    });
  }

  it('no Authorization header at all: the mock answers 401', async () => {
    const exchange = await rawRequest(target.baseUrl, {
      method: 'GET',
      path: '/v1/customers/cus_1001',
      token: null,
    });
    expect(exchange.status).toBe(401);
    expect(violations(exchange).join('\n')).toMatch(/security scheme/);
  });

  it('a client without an API key refuses to be built', () => {
    const saved = process.env.PARTNERO_API_KEY;
    delete process.env.PARTNERO_API_KEY;
    try {
      expect(() => contractClient({ ...target, apiKey: '' })).toThrow(PartneroError);
    } finally {
      if (saved !== undefined) process.env.PARTNERO_API_KEY = saved;
    }
  });
});
