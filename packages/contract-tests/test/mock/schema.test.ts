// The suite's own schema check, independent of Prism: it must accept the spec's examples
// and reject the breaks the wrong server makes.
import { describe, expect, it } from 'vitest';
import { schemaProblems } from '../../src/schema.js';
import { namedExamples, spec } from '../../src/spec.js';

const customerResult = spec.operation('getCustomer').responses.get(200)?.examples[0];

describe('schemaProblems', () => {
  it('accepts every example the spec gives for a response', () => {
    const examples = [...spec.operations.values()].flatMap((operation) =>
      [...operation.responses.values()].flatMap((response) =>
        namedExamples(response).map((example) => ({ operation, response, example })),
      ),
    );
    expect(examples.length).toBeGreaterThan(0);
    for (const { operation, response, example } of examples) {
      expect(schemaProblems(operation.id, response.status, example.value), example.name).toEqual(
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
    expect(schemaProblems('searchCustomers', 200, { data, status: 1 })).toEqual(
      expect.arrayContaining(['/data must be array']),
    );
  });

  it('rejects a status the operation does not document', () => {
    expect(schemaProblems('deleteCustomer', 204, undefined)).toEqual([
      'deleteCustomer does not document status 204',
    ]);
  });
});
