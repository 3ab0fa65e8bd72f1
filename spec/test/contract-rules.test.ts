// The rules the prose states ("key or email", "partner by key, id or email", limits) are
// in the schemas themselves, so a validating server rejects what the prose forbids.
import { describe, expect, it } from 'vitest';
import { runtime, spec, validator } from './spec-schema.js';

const customer = {
  key: 'cus_1',
  partner: 'p_1',
  deleted: false,
  name: null,
  surname: null,
  email: null,
  created_at: '2022-10-03T18:07:35.000000Z',
  updated_at: '2022-10-03T18:07:35.000000Z',
  deleted_at: null,
};

describe('naming a customer by key or email', () => {
  const reference = validator('CustomerReference');
  const updateByReference = validator('UpdateCustomerByReferenceRequest');

  it.each([[{ key: 'cus_1' }], [{ email: 'a@example.com' }]])('accepts %j', (body) => {
    expect(reference(body)).toBe(true);
    expect(updateByReference({ ...body, update: { name: 'N' } })).toBe(true);
  });

  it.each([[{}], [{ key: '' }], [{ email: 'not-an-email' }], [42], [null]])(
    'rejects %j',
    (body) => {
      expect(reference(body)).toBe(false);
    },
  );

  it('requires the update object on the body form of update', () => {
    expect(updateByReference({ key: 'cus_1' })).toBe(false);
    expect(updateByReference({ update: { name: 'N' } })).toBe(false);
  });
});

describe('creating a customer', () => {
  const create = validator('CreateCustomerRequest');

  it.each([[{ key: 'p' }], [{ id: '8rvv2g' }], [{ email: 'p@example.com' }]])(
    'accepts partner %j',
    (partner) => {
      expect(create({ key: 'cus_1', partner })).toBe(true);
    },
  );

  it.each([
    ['without key', { partner: { key: 'p' } }],
    ['without partner', { key: 'cus_1' }],
    ['with an empty partner', { key: 'cus_1', partner: {} }],
    ['with an empty key', { key: '', partner: { key: 'p' } }],
    ['with a malformed email', { key: 'cus_1', partner: { key: 'p' }, email: 'nope' }],
    ['with tags that are not strings', { key: 'cus_1', partner: { key: 'p' }, tags: [1] }],
  ])('rejects a body %s', (_, body) => {
    expect(create(body)).toBe(false);
  });
});

describe('updating tags', () => {
  const changes = validator('CustomerChanges');
  it('accepts an empty list (clear) and null (leave alone)', () => {
    expect(changes({ tags: [] })).toBe(true);
    expect(changes({ tags: null })).toBe(true);
    expect(changes({ tags: 'vip' })).toBe(false);
  });
});

describe('customer and envelopes', () => {
  it('accepts the nullable fields as null and rejects a wrong type', () => {
    expect(validator('Customer')(customer)).toBe(true);
    expect(validator('Customer')({ ...customer, deleted: 'no' })).toBe(false);
    expect(validator('Customer')({ ...customer, created_at: 'yesterday' })).toBe(false);
  });

  it('only calls status 1 a success', () => {
    expect(validator('StatusResponse')({ status: 1 })).toBe(true);
    expect(validator('StatusResponse')({ status: 0 })).toBe(false);
  });

  it('describes the last page of a simple paginator', () => {
    const page = {
      data: [customer],
      links: {
        first: 'https://api.partnero.com/v1/customers?page=1',
        last: null,
        prev: null,
        next: null,
      },
      meta: {
        current_page: 1,
        from: 1,
        path: 'https://api.partnero.com/v1/customers',
        per_page: 15,
        to: 1,
      },
      status: 1,
    };
    expect(validator('CustomerList')(page)).toBe(true);
    expect(validator('CustomerList')({ ...page, meta: { ...page.meta, per_page: 251 } })).toBe(
      false,
    );
  });

  it('requires a message in every error body', () => {
    expect(validator('Error')({ message: 'x', errors: { key: ['required'] } })).toBe(true);
    expect(validator('Error')({ errors: { key: ['required'] } })).toBe(false);
  });
});

describe('operations', () => {
  const operations = Object.values(spec.paths).flatMap((item) =>
    Object.entries(item)
      .filter(([method]) => method !== 'parameters')
      .map(([, operation]) => operation),
  );

  it('has the fifteen documented operations with unique camelCase ids', () => {
    const ids = operations.map((operation) => operation.operationId);
    expect(ids).toHaveLength(15);
    expect(new Set(ids).size).toBe(15);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z][a-zA-Z]+$/);
      // @partnero-kit/types tells the webhook deliveries apart by this suffix.
      expect(id).not.toMatch(/Event$/);
    }
  });

  it('documents 401, 429 and 500 on every operation', () => {
    for (const operation of operations) {
      expect(Object.keys(operation.responses ?? {})).toEqual(
        expect.arrayContaining(['200', '401', '429', '500']),
      );
    }
  });
});

describe('webhook events', () => {
  const customer = {
    key: 'cus_1',
    partner: 'p_1',
    deleted: false,
    name: null,
    surname: null,
    email: null,
    created_at: '2022-10-03T18:07:35.000000Z',
    updated_at: '2022-10-03T18:07:35.000000Z',
    deleted_at: null,
  };
  const envelope = {
    url: 'https://example.com/hooks',
    webhook_key: 'wh_1',
    created_at: '2022-10-03T18:07:35.000000Z',
    data: customer,
  };

  it('are the three customer events, each delivered by a POST whose id ends in Event', () => {
    expect([...runtime.webhooks.keys()]).toEqual([
      'customer.created',
      'customer.updated',
      'customer.deleted',
    ]);
    for (const event of runtime.webhooks.values()) {
      expect(event.operation.method).toBe('POST');
      expect(event.operation.id).toMatch(/^[a-z][a-zA-Z]+Event$/);
    }
  });

  it('each carry a required hex Signature header', () => {
    for (const event of runtime.webhooks.values()) {
      expect(event.headers.map((h) => [h.name, h.required, h.schema.pattern])).toEqual([
        ['Signature', true, '^[0-9a-f]{64}$'],
      ]);
    }
  });

  it('accept their own envelope and refuse another event name, a missing field or bad data', () => {
    const created = runtime.webhook('customer.created').validatePayload;
    expect(created({ event: 'customer.created', ...envelope })).toBe(true);
    expect(created({ event: 'customer.updated', ...envelope })).toBe(false);
    expect(created({ event: 'customer.created', ...envelope, webhook_key: undefined })).toBe(false);
    expect(created({ event: 'customer.created', ...envelope, data: { key: 'cus_1' } })).toBe(false);
    const deleted = runtime.webhook('customer.deleted').validatePayload;
    expect(deleted({ event: 'customer.deleted', ...envelope })).toBe(true);
  });

  it('names an unknown event', () => {
    expect(() => runtime.webhook('partner.created')).toThrow(
      'the spec has no webhook event "partner.created"; it has customer.created, customer.updated, customer.deleted',
    );
  });
});

describe('webhook subscriptions', () => {
  const create = validator('CreateWebhookRequest');
  const body = { name: 'n', url: 'https://example.com/h', events: ['customer.created'] };

  it('accept http and https URLs and the customer events', () => {
    expect(create(body)).toBe(true);
    expect(create({ ...body, url: 'http://127.0.0.1:9/h', is_active: false, key: 'k' })).toBe(true);
  });

  it.each([
    ['a non-http URL', { ...body, url: 'ftp://example.com/h' }],
    ['a javascript: URL', { ...body, url: 'javascript:alert(1)' }],
    ['an unknown event', { ...body, events: ['customer.exploded'] }],
    ['no events', { ...body, events: [] }],
    ['no url', { name: 'n', events: ['customer.created'] }],
  ])('refuse %s', (_, wrong) => {
    expect(create(wrong)).toBe(false);
  });
});
