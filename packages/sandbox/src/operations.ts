import { apiTimestamp, customerBody, pageBody } from './format.ts';
import type { OperationId } from './spec.ts';
import {
  type CustomerChanges,
  type CustomerLookup,
  type NewCustomer,
  type Storage,
  UniqueViolation,
} from './storage/types.ts';
import { validationBody } from './validation.ts';

export interface Reply {
  status: number;
  body: unknown;
}

export interface OperationInput {
  program: string;
  /** Validated path and query parameters, integers already converted. */
  params: Record<string, unknown>;
  /** Validated JSON body, for operations that take one. */
  body: unknown;
  /** Absolute URL of `/v1/customers` as the caller reached it, for pagination links. */
  listUrl: () => string;
}

type Operation = (storage: Storage, input: OperationInput) => Promise<Reply>;

const NOT_FOUND: Reply = { status: 404, body: { message: 'Customer not found' } };
const DONE: Reply = { status: 200, body: { status: 1 } };
const DEFAULT_LIMIT = 15;

interface PartnerRef {
  key?: string;
  id?: string;
  email?: string;
}

export interface CreateBody {
  key: string;
  partner: PartnerRef;
  email?: string;
  name?: string;
  surname?: string;
  tags?: string[];
}

interface ChangesBody {
  key?: string;
  email?: string;
  name?: string;
  surname?: string;
  tags?: string[] | null;
}

const now = apiTimestamp;

function taken(field: 'key' | 'email', prefix = ''): Reply {
  const message = `The ${field} has already been taken.`;
  return { status: 422, body: validationBody({ [`${prefix}${field}`]: [message] }) };
}

function found(row: Parameters<typeof customerBody>[0] | undefined): Reply {
  return row ? { status: 200, body: { data: customerBody(row), status: 1 } } : NOT_FOUND;
}

function lookupFrom(body: { key?: string; email?: string }): CustomerLookup {
  // The schema guarantees one of the two; with both, the key wins (see README).
  return body.key !== undefined ? { key: body.key } : { email: body.email ?? '' };
}

function changesFrom(update: ChangesBody): CustomerChanges {
  return {
    key: update.key,
    email: update.email,
    name: update.name,
    surname: update.surname,
    tags: update.tags,
    now: now(),
  };
}

async function update(
  storage: Storage,
  program: string,
  lookup: CustomerLookup,
  changes: CustomerChanges,
): Promise<Reply> {
  try {
    return found(await storage.updateCustomer(program, lookup, changes));
  } catch (error) {
    if (error instanceof UniqueViolation) return taken(error.field, 'update.');
    throw error;
  }
}

/** What a customer row keeps of its partner. */
type ResolvedPartner = { key: string; email: string | null };

/** A partner reference taken as given, in a program that declares no partners. */
export const partnerAsGiven = (ref: PartnerRef): ResolvedPartner => ({
  key: ref.key ?? ref.id ?? ref.email ?? '',
  email: ref.email ?? null,
});

/** Resolves a partner reference: against the seeded partners, or taken as given when none. */
export async function resolvePartner(
  storage: Storage,
  program: string,
  ref: PartnerRef,
): Promise<ResolvedPartner | undefined> {
  if ((await storage.countPartners(program)) === 0) return partnerAsGiven(ref);
  const partner = await storage.findPartner(program, ref);
  return partner ? { key: partner.key, email: partner.email } : undefined;
}

/** The row of a new customer: a create body, its resolved partner, the API's defaults. */
export function newCustomer(
  body: CreateBody,
  partner: ResolvedPartner,
  now: string,
  status?: string,
): NewCustomer {
  return {
    key: body.key,
    partner: partner.key,
    partnerEmail: partner.email,
    email: body.email ?? null,
    name: body.name ?? null,
    surname: body.surname ?? null,
    tags: body.tags ?? [],
    status,
    now,
  };
}

export const operations: Record<OperationId, Operation> = {
  async listCustomers(storage, { program, params, listUrl }) {
    const limit = (params.limit as number | undefined) ?? DEFAULT_LIMIT;
    const page = (params.page as number | undefined) ?? 1;
    const partnerKey = params['partner.key'] as string | undefined;
    const partnerEmail = params['partner.email'] as string | undefined;
    const rows = await storage.listCustomers(program, {
      limit: limit + 1,
      offset: (page - 1) * limit,
      partnerKey,
      partnerEmail,
    });
    const filters: [string, string][] = [];
    if (partnerKey !== undefined) filters.push(['partner.key', partnerKey]);
    if (partnerEmail !== undefined) filters.push(['partner.email', partnerEmail]);
    return { status: 200, body: pageBody(rows, { path: listUrl(), page, limit, filters }) };
  },

  async createCustomer(storage, { program, body }) {
    const input = body as CreateBody;
    const partner = await resolvePartner(storage, program, input.partner);
    if (!partner) return { status: 400, body: { message: 'Invalid partner key' } };
    try {
      const row = await storage.createCustomer(program, newCustomer(input, partner, now()));
      return found(row);
    } catch (error) {
      if (error instanceof UniqueViolation) return taken(error.field);
      throw error;
    }
  },

  updateCustomerByReference(storage, { program, body }) {
    const input = body as { key?: string; email?: string; update: ChangesBody };
    return update(storage, program, lookupFrom(input), changesFrom(input.update));
  },

  async deleteCustomerByReference(storage, { program, body }) {
    const deleted = await storage.deleteCustomer(program, lookupFrom(body as { key?: string }));
    return deleted ? DONE : NOT_FOUND;
  },

  async searchCustomer(storage, { program, params }) {
    const key = params.key as string | undefined;
    const email = params.email as string | undefined;
    if (key === undefined && email === undefined) {
      return {
        status: 422,
        body: validationBody({ email: ['The email field is required when key is not present.'] }),
      };
    }
    if (key !== undefined && email !== undefined) {
      return {
        status: 422,
        body: validationBody({ email: ['The email field prohibits key from being present.'] }),
      };
    }
    return found(
      await storage.findCustomer(program, key !== undefined ? { key } : { email: email ?? '' }),
    );
  },

  async getCustomer(storage, { program, params }) {
    return found(await storage.findCustomer(program, { key: params.key as string }));
  },

  updateCustomer(storage, { program, params, body }) {
    const input = body as { update: ChangesBody };
    return update(storage, program, { key: params.key as string }, changesFrom(input.update));
  },

  async deleteCustomer(storage, { program, params }) {
    return (await storage.deleteCustomer(program, { key: params.key as string }))
      ? DONE
      : NOT_FOUND;
  },

  async suspendCustomer(storage, { program, params }) {
    const changed = await storage.setStatus(program, params.key as string, 'suspended', now());
    return changed ? DONE : NOT_FOUND;
  },

  async approveCustomer(storage, { program, params }) {
    const changed = await storage.setStatus(program, params.key as string, 'active', now());
    return changed ? DONE : NOT_FOUND;
  },
};
