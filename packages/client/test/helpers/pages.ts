import type { ServerResponse } from 'node:http';
import { customer, json } from './server.js';

/**
 * Answers `GET /v1/customers?limit=&page=` from a list of `total` customers (`c1`, `c2`, …)
 * the way the API does: Laravel's simple paginator, with `links.next` null on the last page.
 */
export function answerPage(res: ServerResponse, url: string, total: number): void {
  const all = Array.from({ length: total }, (_, i) => customer(`c${i + 1}`));
  answerPageOf(res, url, all);
}

/** Answers the page that `url`'s `limit` and `page` ask for out of `all`, as `answerPage` does. */
export function answerPageOf(res: ServerResponse, url: string, all: unknown[]): void {
  const query = new URL(url, 'http://x').searchParams;
  const limit = Number(query.get('limit') ?? 15);
  const page = Number(query.get('page') ?? 1);
  const from = (page - 1) * limit;
  const data = all.slice(from, from + limit);
  const count = data.length;
  const total = all.length;
  const link = (n: number) => `https://api.partnero.com/v1/customers?page=${n}`;
  json(res, 200, {
    data,
    links: {
      first: link(1),
      last: null,
      prev: page > 1 ? link(page - 1) : null,
      next: from + count < total ? link(page + 1) : null,
    },
    meta: {
      current_page: page,
      from: count ? from + 1 : null,
      path: 'https://api.partnero.com/v1/customers',
      per_page: limit,
      to: count ? from + count : null,
    },
    status: 1,
  });
}
