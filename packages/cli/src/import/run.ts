// `partnero customers import <file>`: check every row against the spec first, then send the
// valid ones with bounded concurrency, journaling each, so the command can be run again after
// any interruption and finishes the job without sending a row twice.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BadRequestError,
  type Customer,
  NotFoundError,
  ValidationError,
} from '@partnero-kit/client';
import PQueue from 'p-queue';
import type { Context } from '../context.js';
import { differences } from '../customer-cells.js';
import { CliError, describeError, isTransient } from '../errors.js';
import { bodyPointer, type Field, fieldsOf } from '../fields.js';
import { startProgress } from '../progress.js';
import { bodyChecker } from '../validation.js';
import { Journal, RowState } from './journal.js';
import { rejectsPath, writeRejects } from './rejects.js';
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

/** Tries per row for failures that may pass (connection, timeout, 429, 5xx), after the client's own retries. */
const ATTEMPTS = 5;
const backoff = (attempt: number) =>
  Math.min(500 * 2 ** attempt, 8_000) * (0.75 + Math.random() / 4);

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
  const apiKey = ctx.secrets()[0] ?? '';
  const journal = Journal.open(
    `${file}.partnero-journal`,
    {
      version: 1,
      file: sha256,
      target: ctx.baseUrl(),
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

  /** Looks the key up after a 422 and decides whether the row is there already. */
  const settleTaken = async (row: Row, sentBefore: boolean, refusal: string) => {
    let existing: Customer;
    try {
      existing = await client.customers.retrieve({ key: String(row.body.key) });
    } catch (error) {
      if (error instanceof NotFoundError)
        return journal.record(row.index, RowState.Refused, refusal);
      throw error;
    }
    const diff = differences(row.cells, existing, fields);
    if (diff.length === 0) {
      // Sent before and now there with our data: that earlier request created it.
      journal.record(row.index, sentBefore ? RowState.Imported : RowState.AlreadyThere);
    } else {
      journal.record(
        row.index,
        RowState.Refused,
        `key: already taken by a customer with other data (${diff.join('; ')})`,
      );
    }
  };

  const send = async (row: Row) => {
    // Rows queued when the run stops are left for the next run, unmarked.
    if (fatal || interrupted) return;
    let sentBefore = journal.states[row.index] === RowState.Sent;
    journal.record(row.index, RowState.Sent);
    for (let attempt = 0; ; attempt++) {
      if (fatal) return;
      try {
        await client.customers.create(row.body as never);
        journal.record(row.index, RowState.Imported);
        return;
      } catch (error) {
        if (
          error instanceof ValidationError &&
          ('key' in error.errors || 'email' in error.errors)
        ) {
          return settleTaken(row, sentBefore, describeError(error));
        }
        if (isTransient(error) && attempt + 1 < ATTEMPTS) {
          // The request may have reached the server: a retry that finds the key taken
          // with the same data counts the row as imported, never as a second customer.
          sentBefore = true;
          await sleep(backoff(attempt));
          continue;
        }
        // The API refused this row (an unknown partner, an invalid field): set it aside.
        // Anything else (a bad key, no permission, lasting trouble) stops the run.
        if (
          error instanceof BadRequestError ||
          error instanceof ValidationError ||
          error instanceof NotFoundError
        ) {
          journal.record(row.index, RowState.Refused, describeError(error));
          return;
        }
        throw error;
      }
    }
  };

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
  if (fatal) throw Object.assign(new CliError(describeError(fatal, ctx.baseUrl())), { summary });
  if (interrupted)
    throw Object.assign(new CliError('interrupted: run the same command again to finish', 130), {
      summary,
    });
  return summary;
}

/** `imported N, already there S, rejected R (see <file>.rejects.csv), in T s` */
export function summaryLine(summary: ImportSummary): string {
  const rejected = `rejected ${summary.rejected}${summary.rejects ? ` (see ${summary.rejects})` : ''}`;
  if (summary.dryRun) {
    return `dry run: would import ${summary.imported}, ${rejected}, in ${summary.seconds} s; nothing was sent`;
  }
  const left = summary.remaining > 0 ? `; ${summary.remaining} rows left` : '';
  return `imported ${summary.imported}, already there ${summary.alreadyThere}, ${rejected}, in ${summary.seconds} s${left}`;
}
