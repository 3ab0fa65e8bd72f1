// Sends one row and journals how it ended: created, already there with the same data, or
// refused by the API. Retries are the client's alone; anything that still fails is thrown
// and stops the run, and the journal lets the next run finish the row.
import {
  BadRequestError,
  type Customer,
  CustomerConflictError,
  NotFoundError,
  type Partnero,
  ValidationError,
} from '@partnero-kit/client';
import { differences } from '../customer-cells.js';
import { describeError } from '../errors.js';
import type { Field } from '../fields.js';
import { type Journal, RowState } from './journal.js';
import type { Row } from './source.js';

/**
 * The import client's `maxRetries`. A row sends at most `IMPORT_MAX_RETRIES + 1` creates for
 * one kind of failure, all from the client: it repeats a 429 and a connection that never
 * reached the server, and settles a create whose outcome is unknown (a 500, 502, 503 or
 * 504, a timeout, a lost answer) by looking its key up before each resend, so such a row
 * also sends up to `IMPORT_MAX_RETRIES + 1` lookups (`GET /v1/customers/{key}`; a lookup is
 * a read with retries of its own, and one that still fails ends the row with the create's
 * error).
 *
 * The import has no retry loop of its own. It once repeated what the client left to the
 * caller (a create that may have reached the server), which the journal made safe; the
 * client now settles exactly those, so a second loop would only multiply its attempts
 * (5 runs of 5 creates and 5 lookups). What the journal still adds is memory across runs:
 * a row journaled as sent but not ended is sent again by the next run, and a key found
 * taken with the row's data then counts as imported. A status the client does not repeat
 * for a create (a 408, a 501) is not repeated here either.
 */
export const IMPORT_MAX_RETRIES = 4;

/** `stopped` tells when the run is ending, so that queued rows are not started. */
export function rowSender(
  client: Partnero,
  journal: Journal,
  fields: Field[],
  stopped: () => boolean,
): (row: Row) => Promise<void> {
  /**
   * Journals a row whose key is taken by `existing`: there already when it has the row's
   * data (imported, when this row was sent before and so may have created it), else refused.
   */
  const recordTaken = (row: Row, existing: Customer, sentBefore: boolean) => {
    const diff = differences(row.cells, existing, fields);
    if (diff.length === 0) {
      journal.record(row.index, sentBefore ? RowState.Imported : RowState.AlreadyThere);
    } else {
      journal.record(
        row.index,
        RowState.Refused,
        `key: already taken by a customer with other data (${diff.join('; ')})`,
      );
    }
  };

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
    recordTaken(row, existing, sentBefore);
  };

  return async (row: Row) => {
    // Rows queued when the run stops are left for the next run, unmarked.
    if (stopped()) return;
    // Journaled as sent by an earlier run that did not see how it ended. (A resend inside
    // the client that finds the key taken cannot be told apart, and counts as already there.)
    const sentBefore = journal.states[row.index] === RowState.Sent;
    await journal.sent(row.index);
    try {
      await client.customers.create(row.body as never);
      journal.record(row.index, RowState.Imported);
    } catch (error) {
      if (error instanceof ValidationError && ('key' in error.errors || 'email' in error.errors)) {
        return settleTaken(row, sentBefore, describeError(error));
      }
      // The client's lookup after an unknown outcome found the key holding other data.
      if (error instanceof CustomerConflictError) {
        return recordTaken(row, error.existing as Customer, true);
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
  };
}
