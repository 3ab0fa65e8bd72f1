import type { PageLinks, PageMeta } from '@partnero-kit/types';
import type { APIPromise } from './api-promise.js';
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

  constructor(
    body: { data: T[]; meta: PageMeta; links: PageLinks },
    load: (page: number) => PagePromise<T>,
  ) {
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
    if (!this.hasNextPage()) throw new PartneroError('Last page: check hasNextPage().');
    return this.#load(this.meta.current_page + 1);
  }
}

/**
 * What `list()` returns: await it for one `Page`, or iterate it with `for await` for every
 * item of every page. Iteration fetches a page only when the previous one is used up, so
 * one page at a time is held in memory.
 */
export interface PagePromise<T> extends APIPromise<Page<T>>, AsyncIterable<T> {}

/** Makes the `APIPromise` of one page iterable over every item of every page. */
export function iterable<T>(first: APIPromise<Page<T>>): PagePromise<T> {
  return Object.assign(first, {
    async *[Symbol.asyncIterator]() {
      for (let page = await first, seen = 0; ; page = await page.getNextPage()) {
        // A server that answers the same page again would otherwise be walked forever.
        check(page.meta.current_page > seen, 'meta.current_page', 'a page not seen yet', seen);
        seen = page.meta.current_page;
        yield* page.data;
        if (!page.hasNextPage()) return;
      }
    },
  });
}
