// How a customer write whose outcome is unknown (no answer, or a 5xx) is settled. Partnero
// has no idempotency keys, but every customer has a unique key the caller chose, which does
// the same job: look the key up and compare it with what was sent.
import type { CreateCustomerParams, Customer, UpdateCustomerParams } from '@partnero-kit/types';
import type { WithResponse } from '../core/api-promise.js';
import { CustomerConflictError, NotFoundError, type PartneroError } from '../core/errors.js';
import type { Settled, Settlement } from '../core/request.js';

/** Fetches a customer by key, with its response. */
export type Lookup = (key: string) => Promise<WithResponse<Customer>>;

/** A field whose value on the API differs from the one sent. */
export interface Difference {
  field: string;
  sent: unknown;
  found: unknown;
}

/** A value as compared: tags as their sorted texts, emails without letter case. */
const comparable = (field: string, value: unknown): unknown =>
  Array.isArray(value)
    ? value
        .map((item) => item?.value ?? item)
        .sort()
        .join('\n')
    : field === 'email'
      ? String(value).toLowerCase()
      : value;

/**
 * The fields of `sent` whose value differs on `found`. A field the API does not show back
 * (`options`), or sent as `null` (tags left unchanged), is not compared; the partner is
 * compared by key, the only way a customer names it.
 */
export function differences(sent: Record<string, unknown>, found: Customer): Difference[] {
  const out: Difference[] = [];
  for (let [field, value] of Object.entries(sent)) {
    let has = (found as Record<string, unknown>)[field];
    if (field === 'partner') [value, has] = [(value as { key?: string }).key, found.partner];
    if (value != null && has !== undefined && comparable(field, value) !== comparable(field, has)) {
      out.push({ field, sent: value, found: has });
    }
  }
  return out;
}

const shown = (differing: Difference[]) =>
  differing
    .map(
      ({ field, sent, found }) =>
        `${field} is ${JSON.stringify(found)}, not ${JSON.stringify(sent)}`,
    )
    .join('; ');

/** `error` with `advice` added to its message; its class and fields stay. */
function explained(error: PartneroError, advice: string): PartneroError {
  error.message += ` ${advice}`;
  return error;
}

/** The customer with `key`, or `undefined` when there is none. */
const lookUp = (lookup: Lookup, key: string) =>
  lookup(key).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });

const settledBy = (found: WithResponse<Customer>, how: string): Settled => ({
  data: found.data,
  response: found.response,
  how,
});

/**
 * `create`: after an unknown outcome, look the key up. Found with the partner and fields
 * sent: that is the customer created. Not found: the create did not happen; send it again
 * (or, with no retries left, say so). Found but different: a `CustomerConflictError`.
 */
export function settleCreate(params: CreateCustomerParams, lookup: Lookup): Settlement {
  const { key } = params;
  return {
    async afterUnknown(error, retriesLeft) {
      const found = await lookUp(lookup, key).catch(() => {
        throw explained(
          error,
          `The customer may have been created: retrieve key \`${key}\` before sending it again.`,
        );
      });
      if (!found) {
        if (retriesLeft) return 'resend';
        throw explained(
          error,
          `No customer has key \`${key}\`, so it was not created: send it again.`,
        );
      }
      const differing = differences(params, found.data);
      if (differing.length) {
        throw Object.assign(
          new CustomerConflictError(
            `The create got no answer, and key \`${key}\` holds other data: ${shown(differing)}. Retrieve \`${key}\` before using it.`,
            { cause: error },
          ),
          { key, differences: differing, existing: found.data },
        );
      }
      return settledBy(found, 'created: found by key');
    },
  };
}

/** `delete`: a retry answered 404 after an unknown outcome means the first attempt did it. */
export const settleDelete: Settlement = {
  async afterGone(_notFound, response) {
    return { data: undefined, response, how: 'deleted: a retry found it gone' };
  },
};

/**
 * `update` that renames: a retry answered 404 on the old key after an unknown outcome may
 * mean the rename happened. Look the new key up; resolve with it when it holds the changes.
 */
export function settleRename(
  changes: UpdateCustomerParams & { key: string },
  lookup: Lookup,
): Settlement {
  return {
    async afterGone(notFound) {
      const found = await lookUp(lookup, changes.key).catch(() => undefined);
      const differing = found ? differences(changes, found.data) : [];
      if (found && !differing.length) return settledBy(found, 'renamed: found by the new key');
      throw explained(
        notFound,
        `An earlier attempt got no answer and may have renamed it, but key \`${changes.key}\` ${found ? `differs: ${shown(differing)}` : 'was not found'}. Retrieve both keys before trying again.`,
      );
    },
  };
}
