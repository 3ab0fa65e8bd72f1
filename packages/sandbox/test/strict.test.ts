import { describe, expect, it } from 'vitest';
import type { Reply } from '../src/operations.ts';
import { protocolReplies } from '../src/replies.ts';
import { loadSpec, type Operation } from '../src/spec.ts';
import { checkReply as check } from '../src/strict.ts';

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
