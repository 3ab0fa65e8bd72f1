import type { CustomerRow } from './storage/types.ts';

/**
 * Now, in the API's time format: microseconds and `Z` (`2022-10-03T18:07:35.123456Z`).
 * `Date` stops at milliseconds; the high-resolution clock supplies the rest.
 */
export function apiTimestamp(): string {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  return `${iso.slice(0, 19)}.${String(micros % 1_000_000).padStart(6, '0')}Z`;
}

export function customerBody(row: CustomerRow) {
  return {
    key: row.key,
    partner: row.partner,
    deleted: false,
    name: row.name,
    surname: row.surname,
    email: row.email,
    status: row.status,
    tags: (JSON.parse(row.tags) as string[]).map((value) => ({ value })),
    created_at: row.created_at,
    updated_at: row.updated_at,
    deleted_at: null,
  };
}

export interface PageRequest {
  /** Absolute URL of the list, without query: what `meta.path` holds. */
  path: string;
  page: number;
  limit: number;
  /** Filters to repeat in every link, so that following `links.next` keeps them. */
  filters: [string, string][];
}

/** Laravel's simplePaginate envelope; `rows` holds up to one more row than the page. */
export function pageBody(rows: CustomerRow[], request: PageRequest) {
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
    data: items.map(customerBody),
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
