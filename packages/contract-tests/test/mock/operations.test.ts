// Every (operation, status, example) the spec documents, reached through the client with
// Prism's `Prefer` header. Each exchange must conform to the spec, and the client must turn
// it into the documented result or the error class of its status.
import { type APIError, ValidationError } from '@partnero-kit/client';
import { describe, expect, inject, it } from 'vitest';
import { expectConforming, settle } from '../../src/conformance.js';
import { contractClient } from '../../src/contract-client.js';
import { namedExamples, spec } from '../../src/spec.js';
import { type OperationCases, operationCases } from './operation-cases.js';

const { partnero, recorder } = contractClient(inject('contractTarget'));

for (const [operationId, cases] of Object.entries<OperationCases>(operationCases)) {
  const operation = spec.operations.get(operationId);
  describe(operationId, () => {
    for (const [status, expectation] of Object.entries(cases.responses)) {
      const response = operation?.responses.get(Number(status));
      const named = response ? namedExamples(response) : [];
      const examples = named.length ? named : [undefined];
      for (const example of examples) {
        const prefer = example ? `code=${status}, example=${example.name}` : `code=${status}`;
        it(`${status} (Prefer: ${prefer})`, async () => {
          if (!response) throw new Error(`the spec does not document ${operationId} ${status}`);
          recorder.take();
          const outcome = await settle<unknown>(
            cases.call(partnero, { headers: { Prefer: prefer } }),
          );
          const [exchange, ...settlement] = recorder.take();
          if (!exchange) throw new Error('the client made no request');
          // No retries (maxRetries: 0): one request, plus one lookup where the status leaves
          // a write's outcome unknown, which must fit the spec too.
          const settledBy = cases.settledBy?.when(Number(status)) && cases.settledBy.operationId;
          expect(settlement, 'requests after the first').toHaveLength(settledBy ? 1 : 0);
          for (const lookup of settlement) expectConforming(lookup, settledBy as string);
          expect(exchange.status).toBe(Number(status));
          expectConforming(exchange, operationId);
          if (example) expect(exchange.json).toEqual(example.value);

          if (expectation.kind === 'returns') {
            if (!outcome.ok) throw outcome.error;
            expectation.check(outcome.value, exchange.json as Record<string, unknown>);
            return;
          }
          expect(outcome.ok, 'the client must reject').toBe(false);
          const error = (outcome as { error: unknown }).error;
          expect(error).toBeInstanceOf(expectation.errorClass);
          const apiError = error as APIError;
          expect(apiError.status).toBe(Number(status));
          expect(apiError.body).toEqual(exchange.json);
          expect(apiError.headers.get('content-type')).toBe(exchange.headers.get('content-type'));
          if (error instanceof ValidationError) {
            const body = exchange.json as { errors?: Record<string, string[]> };
            expect(error.errors).toEqual(body.errors ?? {});
          }
        });
      }
    }
  });
}
