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
function comparable(field: string, value: unknown): unknown {
  if (Array.isArray(value)) {
    return value
      .map((item) =>
        typeof item === 'object' && item !== null ? (item as { value?: unknown }).value : item,
      )
      .map(String)
      .sort()
      .join('\n');
  }
  return field === 'email' && typeof value === 'string' ? value.toLowerCase() : value;
}

/**
 * The fields of `sent` whose value differs on `found`. A field the API does not show back
 * (`options`), or sent as `null` (tags left unchanged), is not compared; the partner is
 * compared by key, the only way a customer names it.
 */
export function differences(sent: Record<string, unknown>, found: Customer): Difference[] {
  const out: Difference[] = [];
  for (const [field, value] of Object.entries(sent)) {
    if (value === undefined || value === null) continue;
    if (field === 'partner') {
      const key = (value as { key?: string }).key;
      if (key !== undefined && key !== found.partner) {
        out.push({ field, sent: key, found: found.partner });
      }
      continue;
    }
    if (!(field in found)) continue;
    const has = (found as Record<string, unknown>)[field];
    if (comparable(field, value) !== comparable(field, has))
      out.push({ field, sent: value, found: has });
  }
  return out;
}

const shown = (differences: Difference[]) =>
  differences
    .map(
      ({ field, sent, found }) =>
        `${field} is ${JSON.stringify(found)} (sent ${JSON.stringify(sent)})`,
    )
    .join(', ');

/** `error` with `advice` added to its message, same class and fields. */
function explained<E extends PartneroError>(error: E, advice: string): E {
  error.message = `${error.message} ${advice}`;
  return error;
}

/** The lookup's result as a settlement, or `undefined` when the key is not found. */
async function lookUp(lookup: Lookup, key: string): Promise<WithResponse<Customer> | undefined> {
  try {
    return await lookup(key);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/**
 * `create`: after an unknown outcome, look the key up. Found with the partner and fields
 * sent: that is the customer created. Not found: the create did not happen; send it again
 * (or, with no retries left, say so). Found but different: a `CustomerConflictError`.
 */
export function settleCreate(params: CreateCustomerParams, lookup: Lookup): Settlement {
  const { key } = params;
  return {
    async afterUnknown(error, retriesLeft) {
      let found: WithResponse<Customer> | undefined;
      try {
        found = await lookUp(lookup, key);
      } catch (lookupError) {
        throw explained(
          error,
          `The customer may have been created, and looking up its key failed too (${(lookupError as Error).message}): retrieve key \`${key}\` before sending the create again.`,
        );
      }
      if (!found) {
        if (retriesLeft) return 'resend';
        throw explained(
          error,
          `No customer has the key \`${key}\`, so it was not created, and no retries are left: send the create again.`,
        );
      }
      const differing = differences(params as Record<string, unknown>, found.data);
      if (differing.length) {
        throw Object.assign(
          new CustomerConflictError(
            `The create of \`${key}\` got no answer (${error.message}), and the key belongs to a customer with other data: ${shown(differing)}. It may be an older customer, or it was changed since: retrieve \`${key}\` and decide whether to update it or use another key.`,
            { cause: error },
          ),
          { key, differences: differing, existing: found.data },
        );
      }
      return settledBy(found, `create of ${key} confirmed by looking up its key`);
    },
  };
}

/** `delete`: a retry answered 404 after an unknown outcome means the first attempt did it. */
export function settleDelete(): Settlement {
  return {
    async afterGone(_notFound, response) {
      return {
        data: undefined,
        response,
        how: 'delete confirmed: a retry after an unknown outcome found the customer gone',
      };
    },
  };
}

/**
 * `update` that renames: a retry answered 404 on the old key after an unknown outcome may
 * mean the rename happened. Look the new key up; resolve with it when it holds the changes.
 */
export function settleRename(
  oldKey: string,
  changes: UpdateCustomerParams & { key: string },
  lookup: Lookup,
): Settlement {
  return {
    async afterGone(notFound) {
      const found = await lookUp(lookup, changes.key).catch(() => undefined);
      const differing = found && differences(changes as Record<string, unknown>, found.data);
      if (found && differing?.length === 0) {
        return settledBy(
          found,
          `rename of ${oldKey} to ${changes.key} confirmed by looking up the new key`,
        );
      }
      throw explained(
        notFound,
        found
          ? `An earlier attempt got no answer, and \`${changes.key}\` exists but differs: ${shown(differing ?? [])}. Retrieve it before changing it again.`
          : `An earlier attempt got no answer and may have renamed it, but \`${changes.key}\` could not be found either: retrieve both keys before trying again.`,
      );
    },
  };
}

function settledBy(found: WithResponse<Customer>, how: string): Settled {
  return { data: found.data, response: found.response, how };
}
