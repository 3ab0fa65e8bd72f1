import type {
  CreateCustomerParams,
  Customer,
  CustomerReference,
  ListCustomersParams,
  SearchCustomersParams,
  UpdateCustomerParams,
} from '@partnero-kit/types';
import { type APIPromise, apiPromise, safely } from '../core/api-promise.js';
import { errorFromResponse } from '../core/errors.js';
import type { PathOf } from '../core/operation.js';
import { type PagePromise, paginate, safelyPages, walk } from '../core/pagination.js';
import {
  type Core,
  nothing,
  type RequestOptions,
  request,
  type Settlement,
} from '../core/request.js';
import { type CustomerSelector, nonEmpty, positiveInteger, reference } from '../core/validate.js';
import { type Lookup, settleCreate, settleDelete, settleRename } from './settlement.js';

/**
 * What `search()` looks for: exactly one of `email` or `key`, and optionally `limit` (1–250)
 * and `page` (from 1).
 */
export type CustomerSearch = SearchCustomersParams & CustomerReference;

/**
 * The largest `limit` the spec allows on `list` and `search`. The client bundle carries no
 * spec, so the bound is copied here; test/spec-bounds.test.ts fails when the two differ.
 */
export const MAX_PAGE_SIZE = 250;

/**
 * The Customers API, reached as `partnero.customers`. Every method checks its arguments
 * and rejects (never throws) when one can never be right. Whether an operation is safe to
 * repeat is decided by its method and path (`core/operation.ts`); how a write whose outcome
 * is unknown is settled, per method below (`./settlement.ts`).
 */
export class Customers {
  readonly #core: Core;

  /** Made by `new Partnero()`, which passes its settings; use `partnero.customers`. */
  constructor(core: Core) {
    this.#core = core;
  }

  /** Looks a key up with the options of the call being settled. */
  #lookup(options: RequestOptions | undefined): Lookup {
    return (key) => this.retrieve(key, options).withResponse();
  }

  /**
   * Creates a customer attributed to a partner (`POST /v1/customers`). Resent only on 429,
   * when the request provably never reached the server, or when its outcome was unknown (no
   * answer, a reset, a 5xx) and looking up `key` showed that no customer has it; when one
   * does, with the fields sent, the call resolves with it (`settled` on `.withResponse()`).
   * @throws {BadRequestError} when the partner does not exist.
   * @throws {ValidationError} when the key or email is taken or a field is invalid.
   * @throws {CustomerConflictError} when, after an unknown outcome, the key holds other data.
   */
  create(params: CreateCustomerParams, options?: RequestOptions): APIPromise<Customer> {
    return safely(() => {
      nonEmpty('key', params?.key);
      return request(
        this.#core,
        {
          method: 'POST',
          path: '/v1/customers',
          body: params,
          settlement: settleCreate(params, this.#lookup(options)),
        },
        options,
      );
    });
  }

  /**
   * Fetches one customer: by key (`'c1'` or `{ key: 'c1' }`: `GET /v1/customers/{key}`) or by
   * email (`{ email }`). By email it searches (`GET /v1/customers:search?email=`) and
   * resolves to the match whose email equals the one asked for, compared without regard to
   * letter case, looking through every page of matches; a loose match is never taken for it.
   * @throws {NotFoundError} when no customer matches (by email: none matches exactly).
   */
  retrieve(customer: CustomerSelector, options?: RequestOptions): APIPromise<Customer> {
    return safely(() => {
      const { key, email } = reference(customer);
      if (key !== undefined) {
        return request(
          this.#core,
          { method: 'GET', path: '/v1/customers/{key}', params: { path: { key } } },
          options,
        );
      }
      return apiPromise(this.#exactEmailMatch(email, options));
    });
  }

  async #exactEmailMatch(email: string, options: RequestOptions | undefined) {
    const wanted = email.toLowerCase();
    // The 404 carries the headers of the last page searched (its request id, for support).
    let lastHeaders = new Headers();
    // The largest pages, so that a loose search is read in as few requests as it can be.
    for await (const { data: page, response } of walk(
      this.search({ email, limit: MAX_PAGE_SIZE }, options),
    )) {
      const match = page.data.find((candidate) => candidate.email?.toLowerCase() === wanted);
      if (match) return { data: match, response };
      lastHeaders = response.headers;
    }
    // The same error a lookup by key gives when nobody has it.
    throw errorFromResponse(404, { message: `No customer has the email ${email}.` }, lastHeaders);
  }

  /**
   * Searches customers by `email` or `key` (`GET /v1/customers:search`). Await the result
   * for one page of matches, or iterate it with `for await` for every match. Whether the API
   * matches exactly or loosely is not documented: compare the field yourself, or use
   * `retrieve({ email })`, which does.
   * @param params `email` or `key`, and `limit` (1–250) and `page` (from 1).
   */
  search(params: CustomerSearch, options?: RequestOptions): PagePromise<Customer> {
    return safelyPages(() => {
      reference({ key: params?.key, email: params?.email } as CustomerSelector);
      return this.#pages('/v1/customers:search', params, options);
    });
  }

  /**
   * Changes the fields given in `changes`; the others keep their value. `changes.key`
   * renames the customer and `changes.tags` replaces every tag. By key this sends
   * `PUT /v1/customers/{key}`, by email `PUT /v1/customers` with `{ email, update }`.
   */
  update(
    customer: CustomerSelector,
    changes: UpdateCustomerParams,
    options?: RequestOptions,
  ): APIPromise<Customer> {
    return safely(() => {
      const { key, email } = reference(customer);
      const renamed = changes?.key !== undefined && changes.key !== key;
      const settlement: Settlement | undefined = renamed
        ? settleRename(changes as typeof changes & { key: string }, this.#lookup(options))
        : undefined;
      return key === undefined
        ? request(
            this.#core,
            { method: 'PUT', path: '/v1/customers', body: { email, update: changes }, settlement },
            options,
          )
        : request(
            this.#core,
            {
              method: 'PUT',
              path: '/v1/customers/{key}',
              params: { path: { key } },
              body: { update: changes },
              settlement,
            },
            options,
          );
    });
  }

  /**
   * Deletes a customer, which Partnero describes as permanent (see `suspend`). By key this
   * sends `DELETE /v1/customers/{key}`, by email `DELETE /v1/customers` with `{ email }`. A
   * retry answered 404 after an attempt whose outcome was unknown resolves (`settled`): the
   * customer is gone, as asked.
   */
  delete(customer: CustomerSelector, options?: RequestOptions): APIPromise<void> {
    return safely(() => {
      const { key, email } = reference(customer);
      const settlement = settleDelete;
      return key === undefined
        ? request(
            this.#core,
            {
              method: 'DELETE',
              path: '/v1/customers',
              body: { email },
              unwrap: nothing,
              settlement,
            },
            options,
          )
        : request(
            this.#core,
            {
              method: 'DELETE',
              path: '/v1/customers/{key}',
              params: { path: { key } },
              unwrap: nothing,
              settlement,
            },
            options,
          );
    });
  }

  /**
   * Suspends the customer (`POST /v1/customers/{key}/suspend`); `approve` undoes it. What
   * suspending does to commissions is not documented by Partnero.
   */
  suspend(key: string, options?: RequestOptions): APIPromise<void> {
    return this.#statusChange('/v1/customers/{key}/suspend', key, options);
  }

  /** Makes a suspended customer active again (`POST /v1/customers/{key}/approve`). */
  approve(key: string, options?: RequestOptions): APIPromise<void> {
    return this.#statusChange('/v1/customers/{key}/approve', key, options);
  }

  #statusChange(
    // Extracted from the spec's paths, so that a path the spec drops fails at its caller.
    path: Extract<PathOf<'POST'>, '/v1/customers/{key}/suspend' | '/v1/customers/{key}/approve'>,
    key: string,
    options: RequestOptions | undefined,
  ): APIPromise<void> {
    return safely(() => {
      nonEmpty('key', key);
      return request(
        this.#core,
        { method: 'POST', path, params: { path: { key } }, unwrap: nothing },
        options,
      );
    });
  }

  /**
   * Lists customers (`GET /v1/customers`). Await the result for one page, or iterate it
   * with `for await` for every customer, page after page.
   * @param params `limit` (1–250; the server's default is 15), `page` (from 1), and the
   * filters `partner.key` and `partner.email`.
   */
  list(params: ListCustomersParams = {}, options?: RequestOptions): PagePromise<Customer> {
    return safelyPages(() => this.#pages('/v1/customers', params, options));
  }

  /** The pages of a listing: `list` or `search`, after checking `limit` and `page`. */
  #pages(
    ...[path, params, options]:
      | [path: '/v1/customers', params: ListCustomersParams, options: RequestOptions | undefined]
      | [path: '/v1/customers:search', params: CustomerSearch, options: RequestOptions | undefined]
  ): PagePromise<Customer> {
    positiveInteger('limit', params?.limit, MAX_PAGE_SIZE);
    positiveInteger('page', params?.page);
    return paginate(
      (page, toPage) =>
        request(
          this.#core,
          {
            method: 'GET',
            path,
            params: { query: { ...params, page } },
            unwrap: toPage,
          },
          options,
        ),
      params.page,
    );
  }
}
