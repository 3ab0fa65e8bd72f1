// Whether one answer is what the spec documents: the status the check expects, a status the
// operation documents, and a body that fits that status's schema.
import { schemaProblems } from '../schema.js';
import { spec } from '../spec.js';
import type { Exchange } from './session.js';

export interface Verdict {
  ok: boolean;
  /** One line: the status and what was wrong with it, if anything. */
  summary: string;
}

/** The status an operation answers on success, read from the spec: its one 2xx. */
export function successStatus(operationId: string): number {
  const statuses = spec.operation(operationId).responses.keys();
  const success = [...statuses].filter((status) => status >= 200 && status < 300);
  if (success.length !== 1) {
    throw new Error(`${operationId} documents ${success.length} success statuses; expected one`);
  }
  return success[0] as number;
}

export function judge(exchange: Exchange, expectedStatus: number): Verdict {
  const problems = schemaProblems(exchange.operationId, exchange.status, exchange.body);
  const where = `${exchange.method} ${exchange.target} → ${exchange.status}`;
  if (exchange.status !== expectedStatus) {
    return { ok: false, summary: `${where} (the spec says ${expectedStatus})${brief(exchange)}` };
  }
  if (problems.length > 0) {
    return {
      ok: false,
      summary: `${where}, body breaks the spec: ${problems.slice(0, 3).join('; ')}`,
    };
  }
  return { ok: true, summary: `${where}, body fits the spec` };
}

/** The error message of a body, if it has one, for a report line. */
export function brief(exchange: Exchange): string {
  const message = (exchange.body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? `: "${message.slice(0, 120)}"` : '';
}
