// Sends one row and journals how it ended: created, already there with the same data, or
// refused by the API. Failures that may pass are retried; anything else is thrown and stops
// the run.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BadRequestError,
  type Customer,
  NotFoundError,
  type Partnero,
  ValidationError,
} from '@partnero-kit/client';
import { differences } from '../customer-cells.js';
import { describeError, isTransient } from '../errors.js';
import type { Field } from '../fields.js';
import { type Journal, RowState } from './journal.js';
import type { Row } from './source.js';

/** Tries per row for failures that may pass (connection, timeout, 429, 5xx), after the client's own retries. */
const ATTEMPTS = 5;
const backoff = (attempt: number) =>
  Math.min(500 * 2 ** attempt, 8_000) * (0.75 + Math.random() / 4);

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
    for (let attempt = 0; ; attempt++) {
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
}
