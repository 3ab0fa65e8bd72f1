// Compares the (operationId, status) pairs the spec documents with those the suite has
// test cases for. Either side having a pair the other lacks is a gap.
import type { Operation } from './spec.js';

export type CaseTable = Record<string, { responses: Record<number, unknown> }>;

export interface CoverageGaps {
  /** Documented in the spec, but no test case is registered. */
  untested: string[];
  /** Registered as a test case, but the spec does not document it. */
  unknown: string[];
}

export const pairName = (operationId: string, status: string | number) =>
  `${operationId} ${status}`;

export function coverageGaps(operations: Iterable<Operation>, cases: CaseTable): CoverageGaps {
  const documented = new Set(
    [...operations].flatMap((operation) =>
      [...operation.responses.keys()].map((status) => pairName(operation.id, status)),
    ),
  );
  const registered = new Set(
    Object.entries(cases).flatMap(([operationId, { responses }]) =>
      Object.keys(responses).map((status) => pairName(operationId, status)),
    ),
  );
  return {
    untested: [...documented].filter((pair) => !registered.has(pair)),
    unknown: [...registered].filter((pair) => !documented.has(pair)),
  };
}
