// Coverage comes from the spec: every documented (operationId, status) pair needs a case in
// the table, and the table may hold nothing the spec lacks.
import { describe, expect, it } from 'vitest';
import { coverageGaps, pairName } from '../../src/coverage.ts';
import { type SpecOperation, specOperations } from '../../src/spec.ts';
import { operationCases } from './operation-cases.ts';

describe('coverage of the spec', () => {
  it('has a test case for every documented operation and status, and none beyond', () => {
    const operations = specOperations();
    const pairs = operations.flatMap((operation) =>
      operation.responses.map((response) => pairName(operation.operationId, response.status)),
    );
    console.log(
      `coverage: ${operations.length} operations, ${pairs.length} (operation, status) pairs`,
    );
    expect(operations.length).toBeGreaterThan(0);
    expect(coverageGaps(operations, operationCases)).toEqual({ untested: [], unknown: [] });
  });

  it('reports an operation or a status the table lacks, and a case the spec lacks', () => {
    const operations: SpecOperation[] = [
      ...specOperations(),
      {
        operationId: 'mergeCustomers',
        method: 'POST',
        path: '/v1/customers/{key}/merge',
        responses: [{ status: '200', pointer: '', examples: [] }],
      },
    ];
    const getCustomer = operations.find((operation) => operation.operationId === 'getCustomer');
    getCustomer?.responses.push({ status: '409', pointer: '', examples: [] });
    const cases = { ...operationCases, ghostOperation: { responses: { 200: {} } } };
    expect(coverageGaps(operations, cases)).toEqual({
      untested: ['getCustomer 409', 'mergeCustomers 200'],
      unknown: ['ghostOperation 200'],
    });
  });
});
