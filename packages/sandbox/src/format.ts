import type { Json, SpecRuntime } from '@partnero-kit/openapi/runtime';
import { type CustomerRow, ROW_COLUMNS } from './storage/types.ts';

/**
 * Now, in the API's time format: microseconds and `Z` (`2022-10-03T18:07:35.123456Z`).
 * `Date` stops at milliseconds; the high-resolution clock supplies the rest.
 */
export function apiTimestamp(): string {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  return `${iso.slice(0, 19)}.${String(micros % 1_000_000).padStart(6, '0')}Z`;
}

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
  const columns = new Set<string>(ROW_COLUMNS);
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

export interface PageRequest {
  /** Absolute URL of the list or search, without query: what `meta.path` holds. */
  path: string;
  page: number;
  limit: number;
  /** Filters to repeat in every link, so that following `links.next` keeps them. */
  filters: [string, string][];
}

/** Laravel's simplePaginate envelope; `rows` holds up to one more row than the page. */
export function pageBody(
  rows: CustomerRow[],
  request: PageRequest,
  customer: (row: CustomerRow) => CustomerBody,
) {
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
    data: items.map(customer),
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
