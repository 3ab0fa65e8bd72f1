// Coverage comes from the spec: every documented (operationId, status) pair needs a case in
// the table, and the table may hold nothing the spec lacks.
import { loadSpec } from '@partnero-kit/openapi/runtime';
import { describe, expect, it } from 'vitest';
import { coverageGaps, pairName } from '../../src/coverage.js';
import { spec } from '../../src/spec.js';
import { operationCases } from './operation-cases.js';

describe('coverage of the spec', () => {
  it('has a test case for every documented operation and status, and none beyond', () => {
    const operations = [...spec.operations.values()];
    const pairs = operations.flatMap((operation) =>
      [...operation.responses.keys()].map((status) => pairName(operation.id, status)),
    );
    console.log(
      `coverage: ${operations.length} operations, ${pairs.length} (operation, status) pairs`,
    );
    expect(operations.length).toBeGreaterThan(0);
    expect(coverageGaps(operations, operationCases)).toEqual({ untested: [], unknown: [] });
  });

  it('reports an operation or a status the table lacks, and a case the spec lacks', () => {
    // A changed copy of the spec: one operation more, and one more status on getCustomer.
    const document = structuredClone(spec.document) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    document.paths['/v1/customers/{key}/merge'] = {
      post: { operationId: 'mergeCustomers', responses: { 200: { description: 'Merged.' } } },
    } as never;
    const getCustomer = document.paths['/v1/customers/{key}']?.get;
    if (getCustomer) getCustomer.responses['409'] = { description: 'Conflict.' };
    const changed = loadSpec(document);
    const cases = { ...operationCases, ghostOperation: { responses: { 200: {} } } };
    expect(coverageGaps(changed.operations.values(), cases)).toEqual({
      untested: ['getCustomer 409', 'mergeCustomers 200'],
      unknown: ['ghostOperation 200'],
    });
  });
});
