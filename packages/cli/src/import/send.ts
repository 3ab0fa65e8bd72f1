// Sends one row and journals how it ended: created, already there with the same data, or
// refused by the API. Failures that may pass are retried; anything else is thrown and stops
// the run.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BadRequestError,
  backoffMs,
  type Customer,
  isRetryableError,
  NotFoundError,
  type Partnero,
  ValidationError,
} from '@partnero-kit/client';
import { differences } from '../customer-cells.js';
import { describeError } from '../errors.js';
import type { Field } from '../fields.js';
import { type Journal, RowState } from './journal.js';
import type { Row } from './source.js';

/** Retries of the import's client for one request, and of the row loop below for one row. */
export const IMPORT_MAX_RETRIES = 4;

/**
 * Whether only the row loop retries `error`, and the client did not. The client repeats a
 * create only when that cannot make a second customer (a 429, a connection that never
 * reached the server), and already did so up to its `maxRetries`. A create that may have
 * reached the server (a 5xx it would retry for a safe request, a timeout, a lost answer) it
 * leaves to the caller: the import can repeat it because of the journal, since a repeat that
 * finds the key taken with the row's data counts the row as imported, not as a second
 * customer. So each kind of failure costs a row at most `IMPORT_MAX_RETRIES + 1` requests.
 */
const retriedByTheJournalOnly = (error: unknown) =>
  isRetryableError(error, true) && !isRetryableError(error, false);

/** `stopped` tells when the run is ending, so that queued rows are not started. */
export function rowSender(
  client: Partnero,
  journal: Journal,
  fields: Field[],
  stopped: () => boolean,
): (row: Row) => Promise<void> {
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

  return async (row: Row) => {
    // Rows queued when the run stops are left for the next run, unmarked.
    if (stopped()) return;
    let sentBefore = journal.states[row.index] === RowState.Sent;
    await journal.sent(row.index);
    for (let retry = 0; ; retry++) {
      if (stopped()) return;
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
        if (retriedByTheJournalOnly(error) && retry < IMPORT_MAX_RETRIES) {
          // The request may have reached the server: a retry that finds the key taken
          // with the same data counts the row as imported, never as a second customer.
          sentBefore = true;
          await sleep(backoffMs(retry));
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
}
