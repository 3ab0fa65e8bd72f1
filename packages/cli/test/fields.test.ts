// The columns and flags come from the spec: a field added to the create body becomes a
// column and a flag with no change to the CLI.
import { loadSpec } from '@partnero-kit/openapi/runtime';
import { describe, expect, it } from 'vitest';
import { bodyFromCells, bodyPointer, fieldsOf } from '../src/fields.js';
import { fieldFlags } from '../src/flags.js';

type Json = Record<string, Record<string, unknown>>;

describe('fields read from the spec', () => {
  it('are the create body leaves, nested with a dot, in the order of the spec', () => {
    const fields = fieldsOf(bodyPointer('createCustomer'));
    expect(fields.map((f) => f.path)).toEqual([
      'key',
      'partner.key',
      'partner.id',
      'partner.email',
      'email',
      'name',
      'surname',
      'tags',
      'options.referral_url',
    ]);
    expect(fields.find((f) => f.path === 'tags')).toMatchObject({ list: true, type: 'string' });
    expect(fieldFlags(fields).map((f) => f.flag)).toContain('--partner-email');
    expect(fieldFlags(fields).find((f) => f.field.path === 'tags')?.flag).toBe('--tag');
  });

  it('include a field added to the spec, as a column and a flag, typed as the spec says', () => {
    const document = structuredClone(loadSpec().document) as { components: { schemas: Json } };
    const create = document.components.schemas.CreateCustomerRequest as { properties: Json };
    create.properties.company = { type: 'string', description: 'Company name.' };
    create.properties.seats = { type: 'integer' };
    create.properties.options = {
      type: 'object',
      properties: {
        ...(create.properties.options?.properties as Json),
        coupon: { type: 'string' },
      },
    };
    const spec = loadSpec(document);
    const fields = fieldsOf(bodyPointer('createCustomer', spec), spec);
    expect(fields.map((f) => f.path)).toEqual(
      expect.arrayContaining(['company', 'seats', 'options.coupon']),
    );
    expect(fieldFlags(fields).find((f) => f.field.path === 'company')).toMatchObject({
      flag: '--company',
    });
    expect(
      bodyFromCells(fields, { key: 'c1', seats: '12', 'options.coupon': 'X1', tags: 'a; b;' }),
    ).toEqual({
      key: 'c1',
      seats: 12,
      options: { coupon: 'X1' },
      tags: ['a', 'b'],
    });
  });
});
