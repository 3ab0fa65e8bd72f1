import { describe, expect, it } from 'vitest';
import { loadSpec } from '../src/spec.js';
import { describeErrors, mergeErrors, nulErrors, validationBody } from '../src/validation.js';

// The validators are the spec's own (through the runtime); these tests pin how their errors
// are worded, field by field, as Laravel words them.
const spec = loadSpec();
const bodyOf = (operationId: string) => {
  const pointer = spec.operation(operationId).requestBody?.schemaPointer;
  if (!pointer) throw new Error(`${operationId} has no JSON body`);
  return spec.validator(pointer);
};

function errorsOf(operationId: string, body: unknown) {
  const validate = bodyOf(operationId);
  expect(validate(body)).toBe(false);
  return describeErrors(validate.errors ?? [], spec.anyOfBranches);
}

describe('describeErrors', () => {
  it('names each failing field with its rule, nested fields dotted and items numbered', () => {
    expect(
      errorsOf('createCustomer', {
        key: '',
        partner: { key: 'p' },
        email: 'not-an-email',
        name: 7,
        tags: ['ok', '', 3],
      }),
    ).toEqual({
      key: ['The key must be at least 1 characters.'],
      email: ['The email must be a valid email address.'],
      name: ['The name must be a string.'],
      'tags.1': ['The tags.1 must be at least 1 characters.'],
      'tags.2': ['The tags.2 must be a string.'],
    });
  });

  it('says the body must be an object when it is not one', () => {
    expect(errorsOf('createCustomer', [1, 2])).toEqual({
      body: ['The request body must be a JSON object.'],
    });
  });

  it('explains an anyOf through its closest branch, not every branch', () => {
    // The partner is named by id, which is the wrong type: only that branch's complaint.
    expect(errorsOf('createCustomer', { key: 'k', partner: { id: 5 } })).toEqual({
      'partner.id': ['The partner.id must be a string.'],
    });
  });

  it('folds the fields each equally close branch is missing into one message', () => {
    expect(errorsOf('createCustomer', { key: 'k', partner: {} })).toEqual({
      'partner.key': [
        'The partner.key field is required when none of partner.id / partner.email are present.',
      ],
    });
    expect(errorsOf('deleteCustomerByReference', {})).toEqual({
      key: ['The key field is required when email is not present.'],
    });
  });

  it('puts a prefix in front of every field, for the items of a seed', () => {
    const validate = bodyOf('createCustomer');
    validate({ key: 'k' });
    expect(describeErrors(validate.errors ?? [], spec.anyOfBranches, 'customers.3')).toEqual({
      'customers.3.partner': ['The customers.3.partner field is required.'],
    });
  });

  it('words the parameter rules too', () => {
    const validate = spec.parametersValidator('listCustomers');
    expect(validate({ limit: 0, page: 'x', 'partner.email': 'nope' })).toBe(false);
    expect(describeErrors(validate.errors ?? [], spec.anyOfBranches)).toEqual({
      limit: ['The limit must be at least 1.'],
      page: ['The page must be an integer.'],
      'partner.email': ['The partner.email must be a valid email address.'],
    });
  });
});

describe('validationBody', () => {
  it('is the first reason as message, and every reason under errors', () => {
    expect(validationBody({ key: ['The key field is required.'] })).toEqual({
      message: 'The key field is required.',
      errors: { key: ['The key field is required.'] },
    });
    expect(validationBody({ key: ['A.'], email: ['B.', 'C.'] }).message).toBe(
      'A. (and 2 more errors)',
    );
    expect(validationBody({ key: ['A.'], email: ['B.'] }).message).toBe('A. (and 1 more error)');
  });

  it('answers the spec’s Error schema', () => {
    const validateError = spec.validator('#/components/schemas/Error');
    expect(validateError(validationBody({ 'update.key': ['Taken.'] }))).toBe(true);
  });
});

describe('mergeErrors', () => {
  it('adds reasons field by field, each reason once', () => {
    const into = { key: ['A.'] };
    mergeErrors(into, { key: ['A.', 'B.'], email: ['C.'] });
    expect(into).toEqual({ key: ['A.', 'B.'], email: ['C.'] });
  });
});

describe('nulErrors', () => {
  it('names every string that holds NUL by its dotted field, and nothing else', () => {
    expect(
      nulErrors({
        key: 'a\u0000',
        partner: { key: 'ok', email: '\u0000' },
        tags: ['x', 'y\u0000'],
      }),
    ).toEqual({
      key: ['The key must not contain NUL characters.'],
      'partner.email': ['The partner.email must not contain NUL characters.'],
      'tags.1': ['The tags.1 must not contain NUL characters.'],
    });
    expect(nulErrors({ key: 'a', n: 1, none: null, tags: [] })).toEqual({});
    expect(nulErrors('plain')).toEqual({});
  });
});
