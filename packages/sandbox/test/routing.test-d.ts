// Compile-time checks of the handler table, run by vitest's typecheck: an unused
// `@ts-expect-error` fails the run, so each refusal below is proved, not assumed.
import { describe, expectTypeOf, it } from 'vitest';
import type { Handler, Handlers } from '../src/operations/handlers.js';
import type { OperationId } from '../src/spec.js';

const handler: Handler = async () => ({ status: 200, body: null });

describe('the handler table', () => {
  it('is keyed by exactly the operationIds of the generated types', () => {
    expectTypeOf<keyof Handlers>().toEqualTypeOf<OperationId>();
  });

  it('refuses a table that lacks a handler', () => {
    // @ts-expect-error: every operationId of the generated types needs its handler.
    const incomplete: Handlers = { listCustomers: handler };
    expectTypeOf(incomplete).toEqualTypeOf<Handlers>();
  });

  it('refuses a handler for an operation the spec does not have', () => {
    const complete = {} as Handlers;
    // @ts-expect-error: archiveCustomer is no operationId of the generated types.
    const extra: Handlers = { ...complete, archiveCustomer: handler };
    expectTypeOf(extra).toEqualTypeOf<Handlers>();
  });
});
