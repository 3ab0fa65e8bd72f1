import { SandboxSetupError } from '../errors.js';
import type { Reply } from '../http/replies.js';
import type { OperationId, SpecRuntime } from '../spec.js';
import {
  type CustomerLookup,
  type CustomerRow,
  FILTER_COLUMNS,
  type ListQuery,
  type RequestColumn,
  type Storage,
  UniqueViolation,
} from '../storage/types.js';
import type { OutboxEvent } from '../storage/webhook-types.js';
import { takenErrors, validationBody } from '../validation.js';
import {
  apiTimestamp,
  type CreateBody,
  customerChangesMapping,
  customerFormat,
  lookupFrom,
  newCustomerMapping,
  pageBody,
  resolvePartner,
  transactionFormat,
} from './mapping.js';
import { createWebhookHandlers } from './webhook-handlers.js';

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

/** The original page's "Fetch a customer": `GET /v1/customers` naming one by key or email. */
const FETCH_BY_BODY =
  "GET /v1/customers naming one customer by key or email answered as GET /v1/customers/{key}, as Partnero's original page documented it; Partnero's reference documents GET /v1/customers/{key} (by email: GET /v1/customers:search?email=), and how the live API answers this form is not known";

const KEY_DECIDES = 'key and email both given: the key decides, the email was ignored';

/**
 * Input an operation reads beyond its documented parameters, by operationId: the list reads
 * the fields that name a customer (`key`, `email`, from the spec's `CustomerReferenceFields`),
 * as the original page's "Fetch a customer" sent them.
 */
export function extraInput(spec: SpecRuntime): Partial<Record<string, readonly string[]>> {
  return { listCustomers: Object.keys(spec.schema('CustomerReferenceFields').properties ?? {}) };
}

/** The page a request asks for: its `limit` (default 15) and `page` (default 1). */
function pageOf(params: Record<string, unknown>) {
  const limit = (params.limit as number | undefined) ?? DEFAULT_LIMIT;
  const number = (params.page as number | undefined) ?? 1;
  // One more row than the page tells whether another page follows.
  return { limit, number, rows: { limit: limit + 1, offset: (number - 1) * limit } };
}

/** The 422 for every unique rule a write broke, each under its field's name. */
function taken(fields: RequestColumn[], prefix = ''): Reply {
  return { status: 422, body: validationBody(takenErrors(fields, prefix)) };
}

/** An answer whose body is the spec's example for it, so that the spec alone words it. */
function exampleReply(spec: SpecRuntime, operationId: string, status: number): Reply {
  const body = spec.operation(operationId).responses.get(status)?.examples[0];
  if (body === undefined) {
    throw new SandboxSetupError(`the spec gives ${operationId} no example of its ${status} answer`);
  }
  return { status, body };
}

/** The handlers over a storage, answering in the shapes of the given spec. */
export function createHandlers(spec: SpecRuntime): Handlers {
  const notFound = exampleReply(spec, 'getCustomer', 404);
  const done = exampleReply(spec, 'deleteCustomer', 200);
  const invalidPartner = exampleReply(spec, 'createCustomer', 400);
  const format = customerFormat(spec);
  // The answer of a change and its event show the same customer: shaped once for both.
  const shaped = new WeakMap<CustomerRow, ReturnType<typeof format>>();
  const customer = (row: CustomerRow) => {
    let body = shaped.get(row);
    if (!body) {
      body = format(row);
      shaped.set(row, body);
    }
    return body;
  };
  const newCustomer = newCustomerMapping(spec);
  const changesFrom = customerChangesMapping(spec);
  const found = (row: CustomerRow | undefined): Reply =>
    row ? { status: 200, body: { data: customer(row), status: 1 } } : notFound;
  let webhookNotFound404: Reply | undefined;
  const webhookNotFound = () => {
    webhookNotFound404 ??= exampleReply(spec, 'getWebhook', 404);
    return webhookNotFound404;
  };
  /** The event a change announces, when the spec has it, with the customer as answered. */
  const event = (name: string): OutboxEvent | undefined =>
    spec.webhooks.has(name) ? { event: name, at: now(), data: customer } : undefined;

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
    const { limit, number, rows: slice } = pageOf(params);
    const match: ListQuery['match'] = {};
    const filters: [string, string][] = [];
    for (const name of Object.keys(FILTER_COLUMNS) as (keyof typeof FILTER_COLUMNS)[]) {
      const value = params[name];
      if (typeof value !== 'string') continue;
      match[name] = value;
      filters.push([name, value]);
    }
    const rows = await storage.listCustomers(input.program, { ...slice, match });
    return {
      status: 200,
      body: pageBody(rows, { path: input.listUrl(), page: number, limit, filters }, format),
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

  const transaction = transactionFormat(spec);
  const listParameters = spec.operation('listCustomers').parameters.map(({ name }) => name);

  /**
   * The list, or, when the input names a customer by `key` or `email` and asks nothing of a
   * list, that customer as `getCustomer` answers it (by email: compared without regard to case).
   */
  const listOrFetch: Handler = async (storage, input) => {
    const { key, email } = input.params;
    if (key === undefined && email === undefined) return page(storage, input);
    const named = key !== undefined ? 'key' : 'email';
    const asList = listParameters.filter((name) => input.params[name] !== undefined);
    if (asList.length > 0) {
      const { key: _key, email: _email, ...listOnly } = input.params;
      const listed = await page(storage, { ...input, params: listOnly });
      return {
        ...listed,
        warnings: [
          `${[key !== undefined && 'key', email !== undefined && 'email'].filter(Boolean).join(' and ')} ignored: with list parameters (${asList.join(', ')}) GET /v1/customers answers the list; without them it answers the one customer, as Partnero's original page documented`,
        ],
      };
    }
    const value = key ?? email;
    if (typeof value !== 'string' || value === '') {
      return {
        status: 422,
        body: validationBody({ [named]: [`The ${named} must be a non-empty string.`] }),
      };
    }
    const row =
      key !== undefined
        ? await storage.findCustomer(input.program, { key: value })
        : await storage.findCustomerByEmail(input.program, value);
    const warnings =
      key !== undefined && email !== undefined ? [FETCH_BY_BODY, KEY_DECIDES] : [FETCH_BY_BODY];
    return { ...found(row), warnings, answersAs: 'getCustomer' };
  };

  return {
    listCustomers: listOrFetch,

    async listCustomerTransactions(storage, { program, params, listUrl }) {
      const { limit, number, rows: slice } = pageOf(params);
      const rows = await storage.listTransactions(program, params.key as string, slice);
      if (!rows) return notFound;
      return {
        status: 200,
        body: pageBody(rows, { path: listUrl(), page: number, limit, filters: [] }, transaction),
      };
    },

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

    ...createWebhookHandlers(spec, { notFound: webhookNotFound, done }),
  };
}
