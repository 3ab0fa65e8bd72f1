import type { Json, SpecRuntime } from '@partnero-kit/openapi/runtime';
import {
  type CustomerChanges,
  type CustomerDocument,
  type CustomerLookup,
  type CustomerRow,
  type NewCustomer,
  type PartnerLookup,
  ROW_COLUMNS,
  type Storage,
  type TransactionDocument,
  type TransactionRow,
} from '../storage/types.js';

// Requests become rows and rows become answers here, each way by the spec's schemas: the
// handlers and the seeder only choose what to do, never how a field is stored or shown.

/**
 * Now, in the API's time format: microseconds and `Z` (`2022-10-03T18:07:35.123456Z`).
 * `Date` stops at milliseconds; the high-resolution clock supplies the rest.
 */
export function apiTimestamp(): string {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  return `${iso.slice(0, 19)}.${String(micros % 1_000_000).padStart(6, '0')}Z`;
}

const columns = new Set<string>(ROW_COLUMNS);

/** True of every customer the sandbox answers with: it deletes for good, so none is deleted. */
const LIVE: Record<string, unknown> = { deleted: false };

/** Fields whose answer form differs from the form requests give them in. */
const ANSWER_FORMS: Record<string, (stored: unknown) => unknown> = {
  // Requests give tags as strings; answers list `{ value }` objects, `[]` when there are none.
  tags: (stored) => ((stored as string[] | undefined) ?? []).map((value) => ({ value })),
};

export type CustomerBody = Record<string, unknown>;

/**
 * The answer for a stored customer, shaped by the spec's `Customer` schema: each property in
 * the schema's order, from its column, or else from the customer's document. A property never
 * given is `null` where the schema allows `null`, and absent otherwise.
 */
export function customerFormat(spec: SpecRuntime): (row: CustomerRow) => CustomerBody {
  const properties = Object.entries(
    (spec.schema('Customer').properties as Record<string, Json> | undefined) ?? {},
  ).map(([name, schema]) => ({
    name,
    column: columns.has(name) ? (name as keyof CustomerRow) : undefined,
    nullable: allowsNull(spec, schema),
    form: ANSWER_FORMS[name],
  }));
  return (row) => {
    const body: CustomerBody = {};
    for (const { name, column, nullable, form } of properties) {
      let value = column ? row[column] : name in LIVE ? LIVE[name] : row.document[name];
      if (form) value = form(value);
      if (value !== undefined && value !== null) body[name] = value;
      else if (nullable) body[name] = null;
    }
    return body;
  };
}

/** Whether a schema accepts `null`: by its type, or by one of its branches. */
function allowsNull(spec: SpecRuntime, node: unknown): boolean {
  const schema = spec.resolve<Json>(node);
  const { type } = schema;
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  if (schema.const === null) return true;
  return ['oneOf', 'anyOf'].some(
    (key) =>
      Array.isArray(schema[key]) && (schema[key] as unknown[]).some((b) => allowsNull(spec, b)),
  );
}

/** The fields of a transaction that name its customer, read from the customer's row. */
const TRANSACTION_OWNER = ['customer', 'partner'] as const;

/**
 * The answer for a stored transaction, shaped by the spec's `Transaction` schema: each
 * property in the schema's order, `customer` and `partner` from the customer as it is now
 * (a renamed customer keeps its transactions), every other one from the document.
 */
export function transactionFormat(spec: SpecRuntime): (row: TransactionRow) => CustomerBody {
  const names = Object.keys(spec.schema('Transaction').properties ?? {});
  return (row) => {
    const body: CustomerBody = {};
    for (const name of names) {
      const value = (TRANSACTION_OWNER as readonly string[]).includes(name)
        ? row[name as (typeof TRANSACTION_OWNER)[number]]
        : row.document[name];
      if (value !== undefined) body[name] = value;
    }
    return body;
  };
}

/** What a stored transaction keeps: everything but the fields its customer's row answers. */
export function transactionDocument(transaction: Record<string, unknown>): TransactionDocument {
  const document: TransactionDocument = { ...transaction };
  for (const name of TRANSACTION_OWNER) delete document[name];
  return document;
}

export interface PageRequest {
  /** Absolute URL of the list or search, without query: what `meta.path` holds. */
  path: string;
  page: number;
  limit: number;
  /** Filters to repeat in every link, so that following `links.next` keeps them. */
  filters: [string, string][];
}

/** Laravel's simplePaginate envelope; `rows` holds up to one more row than the page. */
export function pageBody<Row>(rows: Row[], request: PageRequest, item: (row: Row) => unknown) {
  const { path, page, limit } = request;
  const items = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  const link = (n: number) => {
    const query = new URLSearchParams([
      ...request.filters,
      ['limit', String(limit)],
      ['page', String(n)],
    ]);
    return `${path}?${query}`;
  };
  const from = (page - 1) * limit + 1;
  return {
    data: items.map(item),
    links: {
      first: link(1),
      last: null,
      prev: page > 1 ? link(page - 1) : null,
      next: hasMore ? link(page + 1) : null,
    },
    meta: {
      current_page: page,
      from: items.length > 0 ? from : null,
      path,
      per_page: limit,
      to: items.length > 0 ? from + items.length - 1 : null,
    },
    status: 1,
  };
}

/** What the sandbox itself reads of a create body; every other field is stored as given. */
export type CreateBody = Record<string, unknown> & { key: string; partner: PartnerLookup };

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
export type ResolvedPartner = { key: string; email: string | null; asGiven?: true };

/** A partner reference taken as given, in a program that declares no partners. */
export const partnerAsGiven = (ref: PartnerLookup): ResolvedPartner => ({
  key: ref.key ?? ref.id ?? ref.email ?? '',
  email: ref.email ?? null,
  asGiven: true,
});

/** Resolves a partner reference: against the seeded partners, or taken as given when none. */
export async function resolvePartner(
  storage: Storage,
  program: string,
  ref: PartnerLookup,
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

/** Turns the `update` object of an update body into the changes storage applies. */
export function customerChangesMapping(
  spec: SpecRuntime,
): (changes: Record<string, unknown>) => CustomerChanges {
  const updateBody = spec.operation('updateCustomer').requestBody?.schema as Json | undefined;
  const changedDocument = documentOf(spec, (updateBody?.properties as Json | undefined)?.update);
  return (changes) => ({
    key: changes.key as string | undefined,
    email: changes.email as string | undefined,
    document: changedDocument(changes),
    now: apiTimestamp(),
  });
}

/** The customer a by-reference body names. */
export function lookupFrom(body: { key?: string; email?: string }): CustomerLookup {
  // The schema guarantees one of the two; with both, the key wins (see README).
  return body.key !== undefined ? { key: body.key } : { email: body.email ?? '' };
}
