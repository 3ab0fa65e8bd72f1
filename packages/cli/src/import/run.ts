// `partnero customers import <file>`: check every row against the spec first, then send the
// valid ones with bounded concurrency, journaling each, so the command can be run again after
// any interruption and finishes the job without sending a row twice.
import { createHash } from 'node:crypto';
import PQueue from 'p-queue';
import type { Context } from '../context.js';
import { CliError, describeError } from '../errors.js';
import { bodyPointer, type Field, fieldsOf } from '../fields.js';
import { startProgress } from '../progress.js';
import { bodyChecker } from '../validation.js';
import { Journal, RowState } from './journal.js';
import { rejectsPath, writeRejects } from './rejects.js';
import { rowSender } from './send.js';
import { openSource, type Row } from './source.js';

export interface ImportOptions {
  concurrency: number;
  dryRun: boolean;
  restart: boolean;
}

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

/** What the first pass learns: how many rows, which ones are invalid, and the file's fingerprint. */
interface Scan {
  total: number;
  invalid: Map<number, string>;
  sha256: string;
}

async function scan(file: string, fields: Field[]): Promise<Scan> {
  const check = bodyChecker(bodyPointer('createCustomer'));
  const hash = createHash('sha256');
  const invalid = new Map<number, string>();
  // Two rows with one key would race each other; the later one is set aside.
  const keys = new Map<string, number>();
  let total = 0;
  for await (const row of openSource(file, fields, hash).rows) {
    total = row.index;
    const problem = row.problem ?? check(row.body);
    if (problem) {
      invalid.set(row.index, problem);
      continue;
    }
    const key = String(row.body.key);
    const first = keys.get(key);
    if (first === undefined) keys.set(key, row.index);
    else invalid.set(row.index, `key: the same key as row ${first} of this file`);
  }
  return { total, invalid, sha256: hash.digest('hex') };
}

export async function importCustomers(
  ctx: Context,
  file: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const started = performance.now();
  const fields = fieldsOf(bodyPointer('createCustomer'));
  const { total, invalid, sha256 } = await scan(file, fields);
  const seconds = () => Math.round((performance.now() - started) / 100) / 10;

  if (options.dryRun) {
    await writeRejects(file, fields, invalid);
    return {
      imported: total - invalid.size,
      alreadyThere: 0,
      rejected: invalid.size,
      rejects: invalid.size ? rejectsPath(file) : null,
      seconds: seconds(),
      dryRun: true,
      remaining: 0,
    };
  }

  const client = ctx.client({ maxRetries: 4 });
  const apiKey = ctx.apiKey() ?? '';
  const journal = Journal.open(
    `${file}.partnero-journal`,
    {
      version: 1,
      file: sha256,
      target: client.baseUrl,
      program: createHash('sha256').update(apiKey).digest('hex').slice(0, 16),
      rows: total,
    },
    options.restart,
  );

  const finishedBefore = () => {
    let n = invalid.size;
    for (let i = 1; i <= total; i++) if (journal.finished(i) && !invalid.has(i)) n++;
    return n;
  };
  let done = finishedBefore();
  const progress = startProgress(ctx.stderr, 'rows', total, done);
  let fatal: unknown;
  let interrupted = false;
  const onSignal = () => {
    // The first Ctrl-C lets the requests in flight finish and journal; a second one quits.
    if (interrupted) process.exit(130);
    interrupted = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const send = rowSender(client, journal, fields, () => fatal !== undefined || interrupted);

  const queue = new PQueue({ concurrency: options.concurrency });
  const run = (row: Row) =>
    send(row)
      .catch((error) => {
        fatal ??= error;
      })
      .finally(() => {
        if (journal.finished(row.index)) progress.update(++done);
      });

  try {
    for await (const row of openSource(file, fields).rows) {
      if (fatal || interrupted) break;
      if (invalid.has(row.index) || journal.finished(row.index)) continue;
      await queue.onSizeLessThan(options.concurrency);
      queue.add(() => run(row));
    }
    await queue.onIdle();
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    journal.close();
  }

  const rejected = new Map(invalid);
  for (const [index, reason] of journal.refusals) rejected.set(index, reason);
  await writeRejects(file, fields, rejected);
  const summary: ImportSummary = {
    imported: journal.count(RowState.Imported),
    alreadyThere: journal.count(RowState.AlreadyThere),
    rejected: rejected.size,
    rejects: rejected.size ? rejectsPath(file) : null,
    seconds: seconds(),
    dryRun: false,
    remaining: total - finishedBefore(),
  };
  if (fatal) throw Object.assign(new CliError(describeError(fatal, client.baseUrl)), { summary });
  if (interrupted)
    throw Object.assign(new CliError('interrupted: run the same command again to finish', 130), {
      summary,
    });
  return summary;
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
