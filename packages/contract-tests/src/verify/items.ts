// Collects the report's items: each check runs in isolation, so one that throws (a refused
// connection, an answer that is not JSON) becomes an item that did not hold, not a crash.
import { type EvidenceSource, evidenceOf } from './evidence.js';
import type { Descriptions, ReportItem } from './report.js';

export interface Check {
  id: string;
  operation: string;
  evidence?: EvidenceSource;
  /** What the item checks, in words, for the table. */
  checks: string;
}

export interface Outcome {
  held: boolean;
  observed: string;
}

export class Items {
  readonly list: ReportItem[] = [];
  readonly descriptions: Descriptions = {};
  readonly #secret: string;

  /** `secret` (the API key) is blanked out of every observation, whatever a server echoes. */
  constructor(secret: string) {
    this.#secret = secret;
  }

  async run(check: Check, body: () => Promise<Outcome>): Promise<Outcome> {
    let outcome: Outcome;
    try {
      outcome = await body();
    } catch (error) {
      outcome = { held: false, observed: `the check could not finish: ${messageOf(error)}` };
    }
    this.add(check, outcome);
    return outcome;
  }

  /** An item whose check could not run because something it needs failed earlier. */
  notRun(check: Check, reason: string): void {
    this.add(check, { held: false, observed: `not run: ${reason}` });
  }

  has(id: string): boolean {
    return this.list.some((item) => item.id === id);
  }

  add(check: Check, outcome: Outcome): void {
    const source = check.evidence;
    this.descriptions[check.id] =
      source && 'notInSpec' in source
        ? `${check.checks} (evidence: ${source.because})`
        : check.checks;
    this.list.push({
      id: check.id,
      operation: check.operation,
      evidence: evidenceOf(check.operation, check.evidence),
      held: outcome.held,
      observed: this.#secret
        ? outcome.observed.replaceAll(this.#secret, '[API key]')
        : outcome.observed,
    });
  }
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
