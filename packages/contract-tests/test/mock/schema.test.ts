// The suite's own schema check, independent of Prism: it must accept the spec's examples
// and reject the breaks the wrong server makes.
import { describe, expect, it } from 'vitest';
import { schemaProblems } from '../../src/schema.ts';
import { exampleValue, specOperations } from '../../src/spec.ts';

const getCustomer200 = specOperations()
  .find((operation) => operation.operationId === 'getCustomer')
  ?.responses.find((response) => response.status === '200');
const customerResult = getCustomer200 && exampleValue(getCustomer200, 'customer');

describe('schemaProblems', () => {
  it('accepts every example the spec gives for a response', () => {
    const examples = specOperations().flatMap((operation) =>
      operation.responses.flatMap((response) =>
        response.examples.map((name) => ({ operation, response, name })),
      ),
    );
    expect(examples.length).toBeGreaterThan(0);
    for (const { operation, response, name } of examples) {
      const body = exampleValue(response, name);
      expect(schemaProblems(operation.operationId, Number(response.status), body), name).toEqual(
        [],
      );
    }
  });

  it('rejects wrong field types', () => {
    const { data, status } = customerResult as { data: object; status: number };
    const body = { data: { ...data, deleted: 'no', created_at: 1_700_000_000 }, status };
    expect(schemaProblems('getCustomer', 200, body)).toEqual([
      '/data/deleted must be boolean',
      '/data/created_at must be string',
    ]);
  });

  it('rejects a body without its envelope', () => {
    const { data } = customerResult as { data: object };
    expect(schemaProblems('getCustomer', 200, data)).toContain(
      "(body) must have required property 'data'",
    );
    expect(schemaProblems('listCustomers', 200, [data])).toEqual(['(body) must be object']);
  });

  it('rejects a status the operation does not document', () => {
    expect(schemaProblems('deleteCustomer', 204, undefined)).toEqual([
      'deleteCustomer does not document status 204',
    ]);
  });
});
