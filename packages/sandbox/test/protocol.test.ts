import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { loadSpec } from '../src/spec.js';
import { StorageUnavailable } from '../src/storage/types.js';
import { type Answer, apiFor, startTestSandbox, storageUnderTest } from './support/sandbox.js';
import { failingStorage, serveOver } from './support/stand-in.js';

// How the sandbox reads requests the way the live API (a Laravel application) reads them,
// on the storage under test, in strict mode.

const spec = loadSpec();
const validateError = spec.validator('#/components/schemas/Error');

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox?.close());

const api = () => apiFor(sandbox.url);

/** A 4xx in the spec's Error shape, with no strict-mode violation. */
function refused(answer: Answer, status: number) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers.get('sandbox-violation')).toBeNull();
  expect(validateError(answer.body), JSON.stringify(answer.body)).toBe(true);
}

const errorsOf = (answer: Answer) => (answer.body as { errors?: object }).errors;

describe(`a body not sent as JSON is no input (${storageUnderTest()})`, () => {
  const body = JSON.stringify({ key: 'cus_text', partner: { key: 'p' } });

  it('answers 422 naming the required fields, and says why in Sandbox-Warning', async () => {
    const { call } = api();
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const answer = await call('POST', '/v1/customers', body, { 'content-type': contentType });
      refused(answer, 422);
      expect(errorsOf(answer)).toEqual({
        key: ['The key field is required.'],
        partner: ['The partner field is required.'],
      });
      expect(answer.headers.get('sandbox-warning')).toContain(`Content-Type ${contentType}`);
    }
    const update = await call('PUT', '/v1/customers/cus_text', JSON.stringify({ update: {} }), {
      'content-type': 'text/plain;charset=UTF-8',
    });
    refused(update, 422);
    expect(errorsOf(update)).toEqual({ update: ['The update field is required.'] });
    expect((await call('GET', '/v1/customers/cus_text')).status).toBe(404);
  });

  it('reads JSON under any JSON media type', async () => {
    const { call } = api();
    const answer = await call('POST', '/v1/customers', body, {
      'content-type': 'application/vnd.api+json; charset=utf-8',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('sandbox-warning') ?? '').not.toContain('Content-Type');
  });
});

describe(`NUL and broken UTF-8 are refused, never a 5xx (${storageUnderTest()})`, () => {
  it('answers 404 for a path key that is not text', async () => {
    const { call } = api();
    for (const [method, path] of [
      ['GET', '/v1/customers/%00'],
      ['GET', '/v1/customers/a%00b'],
      ['GET', '/v1/customers/%FF'],
      ['GET', '/v1/customers/%C3'],
      ['DELETE', '/v1/customers/%00'],
      ['POST', '/v1/customers/%00/suspend'],
    ] as const) {
      const answer = await call(method, path);
      refused(answer, 404);
    }
    const update = await call('PUT', '/v1/customers/%00', { update: { name: 'A' } });
    refused(update, 404);
  });

  it('answers 422 naming a query parameter that is not text', async () => {
    const { call } = api();
    for (const [path, field] of [
      ['/v1/customers:search?key=%00', 'key'],
      ['/v1/customers:search?key=%FF', 'key'],
      ['/v1/customers:search?email=%C3%28%40x.example', 'email'],
      ['/v1/customers?partner.key=a%00', 'partner.key'],
      ['/v1/customers?partner.email=%FE', 'partner.email'],
    ] as const) {
      const answer = await call('GET', path);
      refused(answer, 422);
      expect(Object.keys(errorsOf(answer) ?? {}), path).toContain(field);
    }
  });

  it('answers 422 naming a body field that holds NUL', async () => {
    const { call } = api();
    const answer = await call('POST', '/v1/customers', {
      key: 'a\u0000b',
      partner: { key: 'p' },
      name: 'x\u0000',
    });
    refused(answer, 422);
    expect(errorsOf(answer)).toEqual({
      key: ['The key must not contain NUL characters.'],
      name: ['The name must not contain NUL characters.'],
    });
  });
});

describe(`partner filters of Partnero's own clients (${storageUnderTest()})`, () => {
  it('are ignored as the documented contract says, with a warning naming the documented form', async () => {
    const { call } = api();
    await call('POST', '/v1/customers', {
      key: 'a1',
      partner: { key: 'pa', email: 'pa@x.example' },
    });
    await call('POST', '/v1/customers', { key: 'b1', partner: { key: 'pb' } });
    const keysOf = (answer: Answer) =>
      (answer.body as { data: { key: string }[] }).data.map((c) => c.key);

    for (const [query, documented] of [
      ['partner%5Bkey%5D=pa', 'partner.key'],
      ['partner_key=pa', 'partner.key'],
      ['partner%5Bemail%5D=pa%40x.example', 'partner.email'],
      ['partner_email=pa%40x.example', 'partner.email'],
    ] as const) {
      const answer = await call('GET', `/v1/customers?${query}`);
      expect(answer.status).toBe(200);
      expect(keysOf(answer), query).toEqual(['b1', 'a1']);
      const warning = answer.headers.get('sandbox-warning') ?? '';
      expect(warning).toContain(decodeURIComponent(query.split('=')[0] ?? ''));
      expect(warning).toContain(`the documented form is ${documented}`);
    }

    const documented = await call('GET', '/v1/customers?partner.key=pa');
    expect(keysOf(documented)).toEqual(['a1']);
    expect(documented.headers.get('sandbox-warning')).toBeNull();
  });
});

describe(`fields the spec does not know (${storageUnderTest()})`, () => {
  it('get a Sandbox-Warning in strict mode, and are not stored', async () => {
    const { call } = api();
    const answer = await call('POST', '/v1/customers', {
      key: 'typo',
      partner: { key: 'p' },
      surename: 'Lovelace',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('sandbox-warning')).toContain(
      'body field surename is not in the spec and was ignored (did you mean surname?)',
    );
    const read = await call('GET', '/v1/customers/typo');
    expect((read.body as { data: object }).data).not.toHaveProperty('surename');
  });

  it('pass without a warning outside strict mode', async () => {
    const lenient = await startTestSandbox({ strict: false });
    try {
      const answer = await apiFor(lenient.url).call('POST', '/v1/customers', {
        key: 'typo',
        partner: { key: 'p' },
        surename: 'Lovelace',
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('sandbox-warning') ?? '').not.toContain('surename');
    } finally {
      await lenient.close();
    }
  });
});

describe(`the steps of a request, in order (${storageUnderTest()})`, () => {
  it('authenticates first: without a bearer token even a reset fault answers the spec’s 401', async () => {
    const unauthenticated = spec.operation('listCustomers').responses.get(401)?.examples[0];
    const anonymous = apiFor(sandbox.url, null);
    for (const fault of ['reset', 'status=500', 'latency=5000']) {
      const answer = await anonymous.call('GET', '/v1/customers', undefined, {
        'sandbox-fault': fault,
      });
      expect(answer.status, fault).toBe(401);
      expect(answer.body).toEqual(unauthenticated);
    }
    const control = await anonymous.call('POST', '/__sandbox/reset');
    expect(control.status).toBe(401);
    expect(control.body).toEqual(unauthenticated);
  });

  it('fakes a fault before reading the body, so a faked status needs no valid input', async () => {
    const answer = await api().call('POST', '/v1/customers', 'not json', {
      'sandbox-fault': 'status=429;retry-after=3',
    });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('3');
    expect(answer.body).toEqual(spec.operation('createCustomer').responses.get(429)?.examples[0]);
  });
});

describe(`the sandbox serves the spec it is given (${storageUnderTest()})`, () => {
  it('routes a path item of a changed spec to its operation', async () => {
    const document = structuredClone(spec.document) as { paths: Record<string, unknown> };
    document.paths['/v1/clients/{key}'] = document.paths['/v1/customers/{key}'];
    delete document.paths['/v1/customers/{key}'];
    const changed = await startTestSandbox({ spec: loadSpec(document) });
    try {
      const { call } = apiFor(changed.url);
      await call('POST', '/v1/customers', { key: 'moved', partner: { key: 'p' } });
      const read = await call('GET', '/v1/clients/moved');
      expect(read.status).toBe(200);
      expect((read.body as { data: { key: string } }).data.key).toBe('moved');
      refused(await call('GET', '/v1/clients/nobody'), 404);
      const old = await call('GET', '/v1/customers/moved');
      expect(old.body).toEqual({ message: 'The route v1/customers/moved could not be found.' });
    } finally {
      await changed.close();
    }
  });
});

describe('a storage out of reach', () => {
  let served: Awaited<ReturnType<typeof serveOver>>;
  let url: string;
  beforeAll(async () => {
    // A storage whose database is down: every call fails as the real backends report it.
    const down = failingStorage(
      () => new StorageUnavailable('connect ECONNREFUSED 127.0.0.1:5432'),
    );
    served = await serveOver(down, { strict: true });
    url = served.url;
  });
  afterAll(() => served?.close());

  it('answers the spec’s 500 body at once, on every operation', async () => {
    const { call } = apiFor(url);
    const example = spec.operation('getCustomer').responses.get(500)?.examples[0];
    for (const [method, path, body] of [
      ['GET', '/v1/customers/k', undefined],
      ['GET', '/v1/customers?limit=1', undefined],
      ['POST', '/v1/customers', { key: 'k', partner: { key: 'p' } }],
      ['POST', '/v1/customers/k/suspend', undefined],
    ] as const) {
      const answer = await call(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(500);
      expect(answer.body).toEqual(example);
      expect(answer.headers.get('sandbox-violation')).toBeNull();
    }
  });
});
