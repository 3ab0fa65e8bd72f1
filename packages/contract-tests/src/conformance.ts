// The checks every exchange of the suite goes through: it reached the operation the test
// meant, Prism found no violation, the status is documented and the body fits its schema.
import { expect } from 'vitest';
import type { Exchange } from './recorder.js';
import { schemaProblems } from './schema.js';
import { matchOperation } from './spec.js';

export function expectConforming(exchange: Exchange, operationId: string): void {
  const where = `${exchange.method} ${exchange.url.pathname}${exchange.url.search} → ${exchange.status}`;
  expect(matchOperation(exchange.method, exchange.url.pathname)?.id, where).toBe(operationId);
  // The findings go into the message itself: vitest shortens long values in its reports.
  const found = violations(exchange);
  expect(found, `${where}: Prism found violations:\n${found.join('\n')}`).toEqual([]);
  const problems = schemaProblems(operationId, exchange.status, exchange.json);
  expect(problems, `${where}: the body breaks the spec:\n${problems.join('\n')}`).toEqual([]);
}

/** The violations Prism listed for an exchange, as `location: message` lines. */
export function violations(exchange: Exchange): string[] {
  const header = exchange.headers.get('sl-violations');
  if (!header) return [];
  return (JSON.parse(header) as { location: string[]; message: string }[]).map(
    (violation) => `${violation.location.join('.')}: ${violation.message}`,
  );
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Waits for a call without throwing, so the exchange can be checked before the result. */
export async function settle<T>(call: PromiseLike<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    return { ok: false, error };
  }
}
