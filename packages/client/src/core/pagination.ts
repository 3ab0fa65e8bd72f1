import type { PageLinks, PageMeta } from '@partnero-kit/types';
import { type APIPromise, apiPromise, type WithResponse } from './api-promise.js';
import { PartneroError } from './errors.js';
import { check } from './validate.js';

/** One page of a listing, with the way to the next one. */
export class Page<T> {
  /** The items of this page. */
  declare readonly data: T[];
  /** Counters of this page: `current_page`, `per_page`, `from`, `to`, `path`. */
  declare readonly meta: PageMeta;
  /** Links to the first, previous and next pages; `next` is `null` on the last page. */
  declare readonly links: PageLinks;
  readonly #load: (page: number) => PagePromise<T>;

  constructor(body: PageBody<T>, load: (page: number) => PagePromise<T>) {
    this.data = body.data;
    this.meta = body.meta;
    this.links = body.links;
    this.#load = load;
  }

  /** Whether another page follows: `links.next` is set and this page is not empty. */
  hasNextPage(): boolean {
    return this.links?.next != null && this.data.length > 0;
  }

  /**
   * Fetches the next page (`meta.current_page + 1`) with the same filters and options. It
   * goes to the client's `baseUrl`, never to a host named in a response, so the API key
   * stays where it belongs.
   */
  getNextPage(): PagePromise<T> {
    if (!this.hasNextPage()) {
      return rejectedPages(new PartneroError('This is the last page: check hasNextPage() first.'));
    }
    return this.#load(this.meta.current_page + 1);
  }
}

/**
 * What `list()` returns: await it for one `Page`, or iterate it with `for await` for every
 * item of every page. Iteration fetches a page only when the previous one is used up, so
 * one page at a time is held in memory.
 */
export interface PagePromise<T> extends APIPromise<Page<T>>, AsyncIterable<T> {}

/** The parts of an answer that make a page. */
export type PageBody<T> = { data: T[]; meta: PageMeta; links: PageLinks };

/**
 * Fetches page `page` of a listing (`undefined`: the page its parameters name), turning the
 * answer into a `Page` with `toPage`.
 */
export type PageLoader<T> = (
  page: number | undefined,
  toPage: (body: PageBody<T>, fail: (missing: string) => never) => Page<T>,
) => APIPromise<Page<T>>;

/** Checks that an answer is a page (`data` a list, `meta` and `links` objects), else `fail`s. */
function checkPage(body: PageBody<unknown>, fail: (missing: string) => never): void {
  const missing = [
    Array.isArray(body.data) || '`data` list',
    typeof body.meta?.current_page === 'number' || '`meta.current_page`',
    Object(body.links) === body.links || '`links`',
  ].filter((found) => found !== true);
  if (missing.length) fail(`has no ${missing.join(', ')}`);
}

/** The `PagePromise` of page `first` of a listing, whose pages `loader` fetches. */
export function paginate<T>(loader: PageLoader<T>, first: number | undefined): PagePromise<T> {
  const load = (page: number | undefined): PagePromise<T> => {
    const pending = loader(page, (body, fail) => {
      checkPage(body, fail);
      return new Page(body, load);
    });
    return Object.assign(pending, {
      async *[Symbol.asyncIterator]() {
        for await (const { data: current } of walk(pending)) yield* current.data;
      },
    });
  };
  return load(first);
}

/**
 * Every page from `first` on, each with its response. It fetches a page only when the
 * previous one is used up, so one page at a time is held in memory.
 */
export async function* walk<T>(first: APIPromise<Page<T>>): AsyncGenerator<WithResponse<Page<T>>> {
  for (let pending = first, seen = 0; ; ) {
    const current = await pending.withResponse();
    const { meta } = current.data;
    // A server that answers the same page again would otherwise be walked forever.
    check(meta.current_page > seen, 'meta.current_page', 'a page not seen yet', seen);
    seen = meta.current_page;
    yield current;
    if (!current.data.hasNextPage()) return;
    pending = current.data.getNextPage();
  }
}

/** A `PagePromise` that rejects with `error`, for arguments refused before any request. */
export function rejectedPages<T>(error: unknown): PagePromise<T> {
  return paginate<T>(() => apiPromise(Promise.reject(error)), undefined);
}

/** Runs `start`; an error it throws becomes the rejection of the pages it returns. */
export function safelyPages<T>(start: () => PagePromise<T>): PagePromise<T> {
  try {
    return start();
  } catch (error) {
    return rejectedPages(error);
  }
}
