import type { PageLinks, PageMeta } from '@partnero-kit/types';
import type { APIPromise, WithResponse } from './api-promise.js';
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

/** The parts of an answer that make a page. */
export type PageBody<T> = { data: T[]; meta: PageMeta; links: PageLinks };

/**
 * Fetches page `page` of a listing (`undefined`: the page its parameters name), turning the
 * answer into a `Page` with `toPage`.
 */
export type PageLoader<T> = (
  page: number | undefined,
  toPage: (body: PageBody<T>) => Page<T>,
) => APIPromise<Page<T>>;

/** The `PagePromise` of page `first` of a listing, whose pages `loader` fetches. */
export function paginate<T>(loader: PageLoader<T>, first: number | undefined): PagePromise<T> {
  const load = (page: number | undefined): PagePromise<T> => {
    const pending = loader(page, (body) => new Page(body, load));
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
    // The loop reports a failed page through withResponse(); without this, the page's own
    // promise would report the same failure again, as an unhandled rejection.
    pending.catch(() => {});
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
