// Pieces the tool entries share: pages, `fields`, dry runs.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { Partnero } from '@partnero-kit/client';
import type { Json } from '@partnero-kit/openapi/runtime';
import { answer } from '../results.js';
import type { Preview } from './types.js';

/** Page size when the caller gives none: smaller than the API's largest, to keep answers short. */
export const DEFAULT_LIMIT = 25;

/** The output of a listing: its items under `items`, the page and the next one. */
export const pageOutput = (items: string, item: Json) => ({
  [items]: { type: 'array', items: item },
  page: { type: 'integer' },
  // The name says it; a description repeated in every listing would lengthen tools/list.
  next_page: { type: ['integer', 'null'] },
});

export interface PageOf<T> {
  data: T[];
  meta: { current_page: number };
  hasNextPage(): boolean;
}

/** One page as a result: the items (only their `fields`, when given) under `items`, and `next_page`. */
export function pageAnswer<T extends object>(
  page: PageOf<T>,
  items: string,
  fields?: unknown,
): CallToolResult {
  const next = page.hasNextPage() ? page.meta.current_page + 1 : null;
  const count = page.data.length;
  const noun = count === 1 ? items.replace(/s$/, '') : items;
  return answer(
    {
      [items]: page.data.map((item) => pick(item, fields)),
      page: page.meta.current_page,
      next_page: next,
    },
    `${count} ${noun} on page ${page.meta.current_page}${next ? `; more on page ${next}` : '; last page'}.`,
  );
}

/** Only the `fields` asked for (all without `fields`). */
export function pick(item: object, fields: unknown): Json {
  if (!Array.isArray(fields) || fields.length === 0) return item as Json;
  return Object.fromEntries(fields.filter((f) => f in item).map((f) => [f, (item as Json)[f]]));
}

export const isResult = (value: object): value is CallToolResult => 'content' in value;

/** A dry run's answer: the requests, and that nothing was sent. */
export async function dryRun(preview: Preview, send: (client: Partnero) => Promise<unknown>) {
  const requests = await preview.record(send);
  const lines = requests.map((r) => `${r.method} ${r.url}`).join(', ');
  return answer({ dry_run: requests }, `Dry run: would send ${lines}; nothing was sent.`);
}
