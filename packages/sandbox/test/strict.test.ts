import { describe, expect, it } from 'vitest';
import { protocolReplies, type Reply } from '../src/http/replies.js';
import { checkReply as check, unknownFields } from '../src/http/strict.js';
import { loadSpec, type Operation } from '../src/spec.js';

// The HTTP tests prove that correct replies pass strict mode; these prove that broken ones
// do not, which the server never produces on purpose.
const spec = loadSpec();
const replies = protocolReplies(spec);
const op = (id: string) => spec.operation(id);
const checkReply = (operation: Operation, answer: Reply) => check(spec, replies, operation, answer);

describe('strict mode checks each reply against the spec', () => {
  it('accepts a documented reply', () => {
    expect(checkReply(op('suspendCustomer'), { status: 200, body: { status: 1 } })).toBeUndefined();
  });

  it('names the broken rule of a malformed body', () => {
    const violation = checkReply(op('getCustomer'), {
      status: 200,
      body: { data: { key: 'k' }, status: 1 },
    });
    expect(violation).toMatch(/^200 response of getCustomer: \/data must have required property/);
  });

  it('refuses a status the operation does not document', () => {
    expect(checkReply(op('getCustomer'), { status: 422, body: { message: 'x' } })).toBe(
      'status 422 is not documented for getCustomer',
    );
  });

  it('lets the sandbox-level 400 and 413 through only with an Error body', () => {
    expect(
      checkReply(op('getCustomer'), { status: 413, body: { message: 'big' } }),
    ).toBeUndefined();
    expect(checkReply(op('getCustomer'), { status: 413, body: { nope: 1 } })).toMatch(/413/);
  });
});

describe('strict mode names body fields the spec does not know', () => {
  const bodySchema = (id: string) => {
    const schema = op(id).requestBody?.schema;
    if (!schema) throw new Error(`${id} has no body`);
    return schema;
  };

  it('finds a misspelt field, at the top and nested, through anyOf and allOf', () => {
    expect(
      unknownFields(spec, bodySchema('createCustomer'), {
        key: 'k',
        surename: 'Lovelace',
        partner: { key: 'p', kee: 'x' },
        options: { referral_url: 'https://x.example', referal_url: 'y' },
        tags: ['a'],
      }),
    ).toEqual([
      { field: 'surename', suggestion: 'surname' },
      { field: 'partner.kee', suggestion: 'key' },
      { field: 'options.referal_url', suggestion: 'referral_url' },
    ]);
    expect(
      unknownFields(spec, bodySchema('updateCustomerByReference'), {
        email: 'a@b.example',
        update: { name: 'A', nmae: 'B' },
      }),
    ).toEqual([{ field: 'update.nmae', suggestion: 'name' }]);
  });

  it('finds none in a body of documented fields, or in values that are not objects', () => {
    expect(
      unknownFields(spec, bodySchema('createCustomer'), {
        key: 'k',
        partner: { id: 'p' },
        email: 'a@b.example',
        name: 'A',
        surname: 'B',
        tags: ['x'],
      }),
    ).toEqual([]);
    expect(unknownFields(spec, bodySchema('createCustomer'), 'text')).toEqual([]);
  });

  it('suggests only a documented field that is spelt closely', () => {
    expect(
      unknownFields(spec, bodySchema('createCustomer'), {
        key: 'k',
        partner: { key: 'p' },
        company: 'Acme',
        tag: ['x'],
      }),
    ).toEqual([{ field: 'company' }, { field: 'tag', suggestion: 'tags' }]);
  });

  it('finds none under a schema that admits any property', () => {
    expect(
      unknownFields(spec, { type: 'object', additionalProperties: true }, { anything: 1 }),
    ).toEqual([]);
  });
});
