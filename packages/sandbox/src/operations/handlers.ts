import type { Reply } from '../http/replies.ts';
import type { OperationId, SpecRuntime } from '../spec.ts';
import {
  type CustomerLookup,
  type CustomerRow,
  FILTER_COLUMNS,
  type ListQuery,
  type RequestColumn,
  type Storage,
  UniqueViolation,
} from '../storage/types.ts';
import type { OutboxEvent } from '../storage/webhook-types.ts';
import { takenErrors, validationBody } from '../validation.ts';
import {
  apiTimestamp,
  type CreateBody,
  customerChangesMapping,
  customerFormat,
  lookupFrom,
  newCustomerMapping,
  pageBody,
  resolvePartner,
} from './mapping.ts';
import { createWebhookHandlers } from './webhook-handlers.ts';

export interface HandlerInput {
  program: string;
  /** Validated path and query parameters, integers already converted. */
  params: Record<string, unknown>;
  /** Validated JSON body, for operations that take one. */
  body: unknown;
  /** Absolute URL of the request as the caller reached it, without its query: a page's path. */
  listUrl: () => string;
}

/** What answers one operation of the spec. */
export type Handler = (storage: Storage, input: HandlerInput) => Promise<Reply>;
/** One handler per operationId of the generated types. */
export type Handlers = { [K in OperationId]: Handler };

const DEFAULT_LIMIT = 15;

const now = apiTimestamp;

/** Partnero refuses a partner it does not know; a sandbox with no partners cannot tell. */
const PARTNER_AS_GIVEN =
  'partner taken as given: no partners are seeded for this program, so none is refused ' +
  '(Partnero answers 400 for a partner it does not know; seed partners to get that answer)';

/** Partnero's search is known only from its own clients, which do not say how it matches. */
const SEARCH_MATCHES_EXACTLY =
  'the sandbox matches email and key exactly; whether Partnero matches loosely is not documented';

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

/** The handlers over a storage, answering in the shapes of the given spec. */
export function createHandlers(spec: SpecRuntime): Handlers {
  const notFound = exampleReply(spec, 'getCustomer', 404);
  const done = exampleReply(spec, 'deleteCustomer', 200);
  const invalidPartner = exampleReply(spec, 'createCustomer', 400);
  const customer = customerFormat(spec);
  const newCustomer = newCustomerMapping(spec);
  const changesFrom = customerChangesMapping(spec);
  const found = (row: CustomerRow | undefined): Reply =>
    row ? { status: 200, body: { data: customer(row), status: 1 } } : notFound;
  /** The event a change announces, with the customer as this API answers it. */
  const event = (name: string): OutboxEvent => ({
    event: spec.webhook(name).name,
    at: now(),
    data: customer,
  });

  const update = async (
    storage: Storage,
    program: string,
    lookup: CustomerLookup,
    body: unknown,
  ) => {
    const changes = (body as { update: Record<string, unknown> }).update;
    try {
      return found(
        await storage.updateCustomer(
          program,
          lookup,
          changesFrom(changes),
          event('customer.updated'),
        ),
      );
    } catch (error) {
      if (error instanceof UniqueViolation) return taken(error.fields, 'update.');
      throw error;
    }
  };

  /** A page of customers; its links repeat every filter the request gave. */
  const page = async (storage: Storage, input: HandlerInput): Promise<Reply> => {
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
    (status: string): Handler =>
    async (storage, { program, params }) =>
      (await storage.setStatus(
        program,
        params.key as string,
        status,
        now(),
        event('customer.updated'),
      ))
        ? done
        : notFound;

  return {
    listCustomers: page,

    async createCustomer(storage, { program, body }) {
      const input = body as CreateBody;
      const partner = await resolvePartner(storage, program, input.partner);
      if (!partner) return invalidPartner;
      try {
        const created = found(
          await storage.createCustomer(
            program,
            newCustomer(input, partner, now()),
            event('customer.created'),
          ),
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
      const deleted = await storage.deleteCustomer(
        program,
        lookupFrom(body as { key?: string }),
        event('customer.deleted'),
      );
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
      return (await storage.deleteCustomer(
        program,
        { key: params.key as string },
        event('customer.deleted'),
      ))
        ? done
        : notFound;
    },

    suspendCustomer: setStatus('suspended'),
    approveCustomer: setStatus('active'),

    ...createWebhookHandlers(spec, { notFound: exampleReply(spec, 'getWebhook', 404), done }),
  };
}
