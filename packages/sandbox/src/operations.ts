import type { Json, SpecRuntime } from '@partnero-kit/openapi/runtime';
import type { operations as OperationTypes } from '@partnero-kit/types';
import { apiTimestamp, customerFormat, pageBody } from './format.ts';
import {
  type CustomerChanges,
  type CustomerDocument,
  type CustomerLookup,
  type CustomerRow,
  FILTER_COLUMNS,
  type ListQuery,
  type NewCustomer,
  type RequestColumn,
  ROW_COLUMNS,
  type Storage,
  UniqueViolation,
} from './storage/types.ts';
import { takenErrors, validationBody } from './validation.ts';

export interface Reply {
  status: number;
  body: unknown;
  /** What the sandbox could not know and assumed, for the `Sandbox-Warning` header. */
  warnings?: string[];
}

export interface OperationInput {
  program: string;
  /** Validated path and query parameters, integers already converted. */
  params: Record<string, unknown>;
  /** Validated JSON body, for operations that take one. */
  body: unknown;
  /** Absolute URL of the request as the caller reached it, without its query: a page's path. */
  listUrl: () => string;
}

export type Operation = (storage: Storage, input: OperationInput) => Promise<Reply>;
/** One implementation per operationId of the generated types. */
export type Operations = { [K in keyof OperationTypes]: Operation };

const DEFAULT_LIMIT = 15;

interface PartnerRef {
  key?: string;
  id?: string;
  email?: string;
}

/** What the sandbox itself reads of a create body; every other field is stored as given. */
export type CreateBody = Record<string, unknown> & { key: string; partner: PartnerRef };

const now = apiTimestamp;
const columns = new Set<string>(ROW_COLUMNS);

/**
 * How a request body reaches storage, from the properties its schema declares: a property
 * that is a column goes to its column, every other one into the document (this function's
 * part). Fields the schema does not declare are not stored; `null` means "leave it", as the
 * spec says of tags.
 */
function documentOf(
  spec: SpecRuntime,
  schema: unknown,
): (body: Record<string, unknown>) => CustomerDocument {
  const names = Object.keys(spec.resolve<Json>(schema).properties ?? {});
  const fields = names.filter((name) => !columns.has(name));
  return (body) => {
    const document: CustomerDocument = {};
    for (const name of fields) {
      const value = body[name];
      if (value !== undefined && value !== null) document[name] = value;
    }
    return document;
  };
}

/** What a customer row keeps of its partner; `asGiven` when nothing could check it. */
type ResolvedPartner = { key: string; email: string | null; asGiven?: true };

/** A partner reference taken as given, in a program that declares no partners. */
export const partnerAsGiven = (ref: PartnerRef): ResolvedPartner => ({
  key: ref.key ?? ref.id ?? ref.email ?? '',
  email: ref.email ?? null,
  asGiven: true,
});

/** Partnero refuses a partner it does not know; a sandbox with no partners cannot tell. */
const PARTNER_AS_GIVEN =
  'partner taken as given: no partners are seeded for this program, so none is refused ' +
  '(Partnero answers 400 for a partner it does not know; seed partners to get that answer)';

/** Partnero's search is known only from its own clients, which do not say how it matches. */
const SEARCH_MATCHES_EXACTLY =
  'the sandbox matches email and key exactly; whether Partnero matches loosely is not documented';

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

/** Turns create bodies into new customers, the way the spec's create body declares them. */
export type NewCustomerMapping = (
  body: CreateBody,
  partner: ResolvedPartner,
  now: string,
  status?: string,
) => NewCustomer;

export function newCustomerMapping(spec: SpecRuntime): NewCustomerMapping {
  const document = documentOf(spec, spec.operation('createCustomer').requestBody?.schema);
  return (body, partner, now, status) => ({
    key: body.key,
    partner: partner.key,
    partnerEmail: partner.email,
    email: (body.email as string | undefined) ?? null,
    status,
    document: document(body),
    now,
  });
}

function lookupFrom(body: { key?: string; email?: string }): CustomerLookup {
  // The schema guarantees one of the two; with both, the key wins (see README).
  return body.key !== undefined ? { key: body.key } : { email: body.email ?? '' };
}

/** The 422 for every unique rule a write broke, each under its field's name. */
function taken(fields: RequestColumn[], prefix = ''): Reply {
  return { status: 422, body: validationBody(takenErrors(fields, prefix)) };
}

/** An answer whose body is the spec's example for it, so that the spec alone words it. */
function exampleReply(spec: SpecRuntime, operationId: string, status: number): Reply {
  const body = spec.operation(operationId).responses.get(status)?.examples[0];
  if (body === undefined) {
    throw new Error(`the spec gives ${operationId} no example of its ${status} answer`);
  }
  return { status, body };
}

/** The operations over a storage, answering in the shapes of the given spec. */
export function createOperations(spec: SpecRuntime): Operations {
  const notFound = exampleReply(spec, 'getCustomer', 404);
  const done = exampleReply(spec, 'deleteCustomer', 200);
  const invalidPartner = exampleReply(spec, 'createCustomer', 400);
  const customer = customerFormat(spec);
  const newCustomer = newCustomerMapping(spec);
  const updateBody = spec.operation('updateCustomer').requestBody?.schema as Json | undefined;
  const changedDocument = documentOf(spec, (updateBody?.properties as Json | undefined)?.update);
  const changesFrom = (changes: Record<string, unknown>): CustomerChanges => ({
    key: changes.key as string | undefined,
    email: changes.email as string | undefined,
    document: changedDocument(changes),
    now: now(),
  });
  const found = (row: CustomerRow | undefined): Reply =>
    row ? { status: 200, body: { data: customer(row), status: 1 } } : notFound;

  const update = async (
    storage: Storage,
    program: string,
    lookup: CustomerLookup,
    body: unknown,
  ) => {
    const changes = (body as { update: Record<string, unknown> }).update;
    try {
      return found(await storage.updateCustomer(program, lookup, changesFrom(changes)));
    } catch (error) {
      if (error instanceof UniqueViolation) return taken(error.fields, 'update.');
      throw error;
    }
  };

  /** A page of customers; its links repeat every filter the request gave. */
  const page = async (storage: Storage, input: OperationInput): Promise<Reply> => {
    const { params } = input;
    const limit = (params.limit as number | undefined) ?? DEFAULT_LIMIT;
    const number = (params.page as number | undefined) ?? 1;
    const match: ListQuery['match'] = {};
    const filters: [string, string][] = [];
    for (const name of Object.keys(FILTER_COLUMNS) as (keyof typeof FILTER_COLUMNS)[]) {
      const value = params[name];
      if (typeof value !== 'string') continue;
      match[name] = value;
      filters.push([name, value]);
    }
    // One more row than the page tells whether another page follows.
    const rows = await storage.listCustomers(input.program, {
      limit: limit + 1,
      offset: (number - 1) * limit,
      match,
    });
    return {
      status: 200,
      body: pageBody(rows, { path: input.listUrl(), page: number, limit, filters }, customer),
    };
  };

  const setStatus =
    (status: string): Operation =>
    async (storage, { program, params }) =>
      (await storage.setStatus(program, params.key as string, status, now())) ? done : notFound;

  return {
    listCustomers: page,

    async createCustomer(storage, { program, body }) {
      const input = body as CreateBody;
      const partner = await resolvePartner(storage, program, input.partner);
      if (!partner) return invalidPartner;
      try {
        const created = found(
          await storage.createCustomer(program, newCustomer(input, partner, now())),
        );
        return partner.asGiven ? { ...created, warnings: [PARTNER_AS_GIVEN] } : created;
      } catch (error) {
        if (error instanceof UniqueViolation) return taken(error.fields);
        throw error;
      }
    },

    updateCustomerByReference: (storage, { program, body }) =>
      update(storage, program, lookupFrom(body as { key?: string; email?: string }), body),

    async deleteCustomerByReference(storage, { program, body }) {
      const deleted = await storage.deleteCustomer(program, lookupFrom(body as { key?: string }));
      return deleted ? done : notFound;
    },

    async searchCustomers(storage, input) {
      const { key, email } = input.params;
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
      return { ...(await page(storage, input)), warnings: [SEARCH_MATCHES_EXACTLY] };
    },

    getCustomer: async (storage, { program, params }) =>
      found(await storage.findCustomer(program, { key: params.key as string })),

    updateCustomer: (storage, { program, params, body }) =>
      update(storage, program, { key: params.key as string }, body),

    async deleteCustomer(storage, { program, params }) {
      return (await storage.deleteCustomer(program, { key: params.key as string }))
        ? done
        : notFound;
    },

    suspendCustomer: setStatus('suspended'),
    approveCustomer: setStatus('active'),
  };
}
