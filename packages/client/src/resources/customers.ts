import type {
  CreateCustomerParams,
  Customer,
  ListCustomersParams,
  UpdateCustomerParams,
} from '@partnero-kit/types';
import type { APIPromise } from '../core/api-promise.js';
import { iterable, Page, type PagePromise } from '../core/pagination.js';
import { type Core, type RequestOptions, request } from '../core/request.js';
import { type CustomerSelector, nonEmpty, positiveInteger, reference } from '../core/validate.js';

const path = (key: string) => `/v1/customers/${encodeURIComponent(key)}`;

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
    return request(this.#core, 'POST', '/v1/customers', params, options, false);
  }

  /**
   * Fetches one customer: by key (`'c1'` or `{ key: 'c1' }`: `GET /v1/customers/{key}`) or by
   * email (`{ email }`: `GET /v1/customers:search?email=`).
   * @throws {NotFoundError} when no customer matches.
   */
  retrieve(customer: CustomerSelector, options?: RequestOptions): APIPromise<Customer> {
    const { key, email } = reference(customer);
    return request(
      this.#core,
      'GET',
      key === undefined ? `/v1/customers:search?email=${encodeURIComponent(email)}` : path(key),
      undefined,
      options,
    );
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
      ? request(this.#core, 'PUT', '/v1/customers', { email, update: changes }, options)
      : request(this.#core, 'PUT', path(key), { update: changes }, options);
  }

  /**
   * Deletes a customer, which Partnero describes as permanent (see `suspend`). By key this
   * sends `DELETE /v1/customers/{key}`, by email `DELETE /v1/customers` with `{ email }`.
   */
  delete(customer: CustomerSelector, options?: RequestOptions): APIPromise<void> {
    const { key, email } = reference(customer);
    return key === undefined
      ? request(this.#core, 'DELETE', '/v1/customers', { email }, options)
      : request(this.#core, 'DELETE', path(key), undefined, options);
  }

  /** Stops crediting the customer's activity to its partner (`POST /v1/customers/{key}/suspend`). */
  suspend(key: string, options?: RequestOptions): APIPromise<void> {
    nonEmpty('key', key);
    return request(this.#core, 'POST', `${path(key)}/suspend`, undefined, options);
  }

  /** Makes a suspended customer active again (`POST /v1/customers/{key}/approve`). */
  approve(key: string, options?: RequestOptions): APIPromise<void> {
    nonEmpty('key', key);
    return request(this.#core, 'POST', `${path(key)}/approve`, undefined, options);
  }

  /**
   * Lists customers (`GET /v1/customers`). Await the result for one page, or iterate it
   * with `for await` for every customer, page after page.
   * @param params `limit` (1–250; the server's default is 15), `page` (from 1), and the
   * filters `partner.key` and `partner.email`.
   */
  list(params: ListCustomersParams = {}, options?: RequestOptions): PagePromise<Customer> {
    positiveInteger('limit', params.limit, 250);
    positiveInteger('page', params.page);
    const load = (page = params.page): PagePromise<Customer> => {
      // The JSON round trip drops the parameters that are undefined.
      const query = new URLSearchParams(JSON.parse(JSON.stringify({ ...params, page })));
      return iterable(
        request(
          this.#core,
          'GET',
          `/v1/customers?${query}`,
          undefined,
          options,
          true,
          (body) => new Page<Customer>(body as never, load),
        ),
      );
    };
    return load();
  }
}
