import { describe, expect, it } from 'vitest';
import { checkReply } from '../src/server.ts';
import { compileSpec } from '../src/spec.ts';

// The HTTP tests prove that correct replies pass strict mode; these prove that broken ones
// do not, which the server never produces on purpose.
const spec = compileSpec();
const op = (id: Parameters<typeof spec.operations.get>[0]) => {
  const operation = spec.operations.get(id);
  if (!operation) throw new Error(`no ${id}`);
  return operation;
};

describe('strict mode checks each reply against the spec', () => {
  it('accepts a documented reply', () => {
    expect(
      checkReply(spec, op('suspendCustomer'), { status: 200, body: { status: 1 } }),
    ).toBeUndefined();
  });

  it('names the broken rule of a malformed body', () => {
    const violation = checkReply(spec, op('getCustomer'), {
      status: 200,
      body: { data: { key: 'k' }, status: 1 },
    });
    expect(violation).toMatch(/^200 response of getCustomer: \/data must have required property/);
  });

  it('refuses a status the operation does not document', () => {
    expect(checkReply(spec, op('getCustomer'), { status: 422, body: { message: 'x' } })).toBe(
      'status 422 is not documented for getCustomer',
    );
  });

  it('lets the sandbox-level 400 and 413 through only with an Error body', () => {
    expect(
      checkReply(spec, op('getCustomer'), { status: 413, body: { message: 'big' } }),
    ).toBeUndefined();
    expect(checkReply(spec, op('getCustomer'), { status: 413, body: { nope: 1 } })).toMatch(/413/);
  });
});
