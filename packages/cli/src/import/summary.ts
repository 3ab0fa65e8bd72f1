// What an import reports at its end: the counts, printed on stdout as one line or as JSON,
// also when the run stops early.
import type { Context } from '../context.js';
import { CliError } from '../errors.js';

export interface ImportSummary {
  imported: number;
  alreadyThere: number;
  rejected: number;
  rejects: string | null;
  seconds: number;
  dryRun: boolean;
  /** Rows not done yet because the run stopped early. */
  remaining: number;
}

/**
 * An import that ended before every row was done: a fatal failure (exit code 1) or an
 * interruption (130). It carries the summary so far, which the entry point prints before the
 * one-line reason.
 */
export class ImportStopped extends CliError {
  constructor(
    message: string,
    exitCode: number,
    readonly summary: ImportSummary,
  ) {
    super(message, exitCode);
  }
}

/** Writes the summary on stdout: one line for people, one JSON object with `--json`. */
export function printSummary(ctx: Context, summary: ImportSummary): void {
  ctx.stdout.write(`${ctx.json ? JSON.stringify(summary) : summaryLine(summary)}\n`);
}

/** `imported N, already there S, rejected R (see <file>.rejects.csv), in T s` */
function summaryLine(summary: ImportSummary): string {
  const rejected = `rejected ${summary.rejected}${summary.rejects ? ` (see ${summary.rejects})` : ''}`;
  if (summary.dryRun) {
    return `dry run: would import ${summary.imported}, ${rejected}, in ${summary.seconds} s; nothing was sent`;
  }
  const left = summary.remaining > 0 ? `; ${summary.remaining} rows left` : '';
  return `imported ${summary.imported}, already there ${summary.alreadyThere}, ${rejected}, in ${summary.seconds} s${left}`;
}
