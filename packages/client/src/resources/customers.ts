import type {
  CreateCustomerParams,
  Customer,
  CustomerReference,
  ListCustomersParams,
  ListCustomerTransactionsParams,
  SearchCustomersParams,
  Transaction,
  UpdateCustomerParams,
} from '@partnero-kit/types';
import { type APIPromise, apiPromise } from '../core/api-promise.js';
import { errorFromResponse } from '../core/errors.js';
import { type PagePromise, paginate, walk } from '../core/pagination.js';
import { type Core, type RequestOptions, request } from '../core/request.js';
import { type CustomerSelector, nonEmpty, positiveInteger, reference } from '../core/validate.js';

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

/** The Customers API, reached as `partnero.customers`. */
export class Customers {
  readonly #core: Core;

  /** Made by `new Partnero()`, which passes its settings; use `partnero.customers`. */
  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Creates a customer attributed to a partner (`POST /v1/customers`). Retried only on 429
   * and when the request provably never reached the server, so a retry cannot create a
   * second customer.
   * @throws {BadRequestError} when the partner does not exist.
   * @throws {ValidationError} when the key or email is taken or a field is invalid.
   */
  create(params: CreateCustomerParams, options?: RequestOptions): APIPromise<Customer> {
    nonEmpty('key', params?.key);
    return request(
      this.#core,
      { method: 'POST', path: '/v1/customers', body: params, idempotent: false },
      options,
    );
  }

  /**
   * Fetches one customer: by key (`'c1'` or `{ key: 'c1' }`: `GET /v1/customers/{key}`) or by
   * email (`{ email }`). By email it searches (`GET /v1/customers:search?email=`) and
   * resolves to the match whose email equals the one asked for, compared without regard to
   * letter case, looking through every page of matches; a loose match is never taken for it.
   * @throws {NotFoundError} when no customer matches (by email: none matches exactly).
   */
  retrieve(customer: CustomerSelector, options?: RequestOptions): APIPromise<Customer> {
    const { key, email } = reference(customer);
    if (key !== undefined) {
      return request(
        this.#core,
        { method: 'GET', path: '/v1/customers/{key}', params: { path: { key } }, idempotent: true },
        options,
      );
    }
    return apiPromise(this.#exactEmailMatch(email, options));
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
    reference({ key: params?.key, email: params?.email } as CustomerSelector);
    return this.#pages('/v1/customers:search', params, options);
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
    const { key, email } = reference(customer);
    return key === undefined
      ? request(
          this.#core,
          {
            method: 'PUT',
            path: '/v1/customers',
            body: { email, update: changes },
            idempotent: true,
          },
          options,
        )
      : request(
          this.#core,
          {
            method: 'PUT',
            path: '/v1/customers/{key}',
            params: { path: { key } },
            body: { update: changes },
            idempotent: true,
          },
          options,
        );
  }

  /**
   * Deletes a customer, which Partnero describes as permanent (see `suspend`). By key this
   * sends `DELETE /v1/customers/{key}`, by email `DELETE /v1/customers` with `{ email }`.
   */
  delete(customer: CustomerSelector, options?: RequestOptions): APIPromise<void> {
    const { key, email } = reference(customer);
    return key === undefined
      ? request(
          this.#core,
          { method: 'DELETE', path: '/v1/customers', body: { email }, idempotent: true },
          options,
        )
      : request(
          this.#core,
          {
            method: 'DELETE',
            path: '/v1/customers/{key}',
            params: { path: { key } },
            idempotent: true,
          },
          options,
        );
  }

  /**
   * Suspends the customer (`POST /v1/customers/{key}/suspend`); `approve` undoes it. What
   * suspending does to commissions is not documented by Partnero.
   */
  suspend(key: string, options?: RequestOptions): APIPromise<void> {
    nonEmpty('key', key);
    return request(
      this.#core,
      {
        method: 'POST',
        path: '/v1/customers/{key}/suspend',
        params: { path: { key } },
        idempotent: true,
      },
      options,
    );
  }

  /** Makes a suspended customer active again (`POST /v1/customers/{key}/approve`). */
  approve(key: string, options?: RequestOptions): APIPromise<void> {
    nonEmpty('key', key);
    return request(
      this.#core,
      {
        method: 'POST',
        path: '/v1/customers/{key}/approve',
        params: { path: { key } },
        idempotent: true,
      },
      options,
    );
  }

  /**
   * Lists customers (`GET /v1/customers`). Await the result for one page, or iterate it
   * with `for await` for every customer, page after page.
   * @param params `limit` (1–250; the server's default is 15), `page` (from 1), and the
   * filters `partner.key` and `partner.email`.
   */
  list(params: ListCustomersParams = {}, options?: RequestOptions): PagePromise<Customer> {
    return this.#pages('/v1/customers', params, options);
  }

  /**
   * Lists the transactions recorded for a customer (`GET /v1/customers/{key}/transactions`).
   * Await the result for one page, or iterate it with `for await` for every transaction,
   * page after page. Partnero does not document this answer's envelope; the spec assumes
   * the list's.
   * @param params `limit` (1–250) and `page` (from 1).
   * @throws {NotFoundError} when no customer has this key.
   */
  transactions(
    key: string,
    params: ListCustomerTransactionsParams = {},
    options?: RequestOptions,
  ): PagePromise<Transaction> {
    nonEmpty('key', key);
    checkPaging(params);
    return paginate(
      (page, toPage) =>
        request(
          this.#core,
          {
            method: 'GET',
            path: '/v1/customers/{key}/transactions',
            params: { path: { key }, query: { ...params, page } },
            idempotent: true,
            unwrap: toPage,
          },
          options,
        ),
      params.page,
    );
  }

  /** The pages of a listing: `list` or `search`, after checking `limit` and `page`. */
  #pages(
    ...[path, params, options]:
      | [path: '/v1/customers', params: ListCustomersParams, options: RequestOptions | undefined]
      | [path: '/v1/customers:search', params: CustomerSearch, options: RequestOptions | undefined]
  ): PagePromise<Customer> {
    checkPaging(params);
    return paginate(
      (page, toPage) =>
        request(
          this.#core,
          {
            method: 'GET',
            path,
            params: { query: { ...params, page } },
            idempotent: true,
            unwrap: toPage,
          },
          options,
        ),
      params.page,
    );
  }
}

/** Refuses a `limit` outside 1–250 and a `page` below 1 before anything is sent. */
function checkPaging(params: { limit?: number; page?: number }): void {
  positiveInteger('limit', params.limit, MAX_PAGE_SIZE);
  positiveInteger('page', params.page);
}
