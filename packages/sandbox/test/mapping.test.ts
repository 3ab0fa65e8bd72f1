import { type Json, loadSpec } from '@partnero-kit/openapi/runtime';
import { describe, expect, it } from 'vitest';
import { customerFormat } from '../src/operations/mapping.js';
import type { CustomerRow } from '../src/storage/types.js';

const row: CustomerRow = {
  key: 'ada',
  partner: 'p',
  email: null,
  status: 'active',
  created_at: '2026-12-01T10:00:00.000001Z',
  updated_at: '2026-12-01T10:00:00.000002Z',
  document: { name: 'Ada', tags: ['vip'], options: { referral_url: 'https://x.example' } },
};

/** The bundled spec with extra properties on the customer's schema. */
function specWithCustomerProperties(properties: Json) {
  const document = structuredClone(loadSpec().document);
  const customer = ((document.components as Json).schemas as Record<string, Json>).Customer;
  Object.assign(customer?.properties as Json, properties);
  return loadSpec(document);
}

describe('answers shaped from the spec’s Customer schema', () => {
  it('answers every property in the schema’s order; `null` for nullable ones never given', () => {
    const body = customerFormat(loadSpec())(row);
    expect(body).toEqual({
      key: 'ada',
      partner: 'p',
      deleted: false,
      name: 'Ada',
      surname: null,
      email: null,
      status: 'active',
      tags: [{ value: 'vip' }],
      created_at: '2026-12-01T10:00:00.000001Z',
      updated_at: '2026-12-01T10:00:00.000002Z',
      deleted_at: null,
    });
    expect(Object.keys(body)).toEqual(
      Object.keys(loadSpec().schema('Customer').properties as Json),
    );
    // Stored, but not a property of the customer in the spec: not answered.
    expect(body).not.toHaveProperty('options');
  });

  it('leaves out a property never given that does not allow `null`, and answers one given', () => {
    const spec = specWithCustomerProperties({
      company: { type: 'string' },
      region: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    });
    const format = customerFormat(spec);
    expect(format(row)).not.toHaveProperty('company');
    expect(format(row)).toHaveProperty('region', null);
    expect(format({ ...row, document: { company: 'Acme', region: 'EU' } })).toMatchObject({
      company: 'Acme',
      region: 'EU',
      tags: [],
    });
  });
});
