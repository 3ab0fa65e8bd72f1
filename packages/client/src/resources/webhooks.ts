import type { CreateWebhookParams, UpdateWebhookParams, Webhook } from '@partnero-kit/types';
import { type APIPromise, safely } from '../core/api-promise.js';
import { type Core, nothing, type RequestOptions, request } from '../core/request.js';
import { nonEmpty } from '../core/validate.js';

/**
 * The webhook subscriptions of the program, reached as `partnero.webhooks`. Each webhook
 * carries `signature`, the secret its deliveries are signed with: pass it to
 * `verifyWebhook` in the receiver.
 */
export class Webhooks {
  readonly #core: Core;

  /** Made by `new Partnero()`, which passes its settings; use `partnero.webhooks`. */
  constructor(core: Core) {
    this.#core = core;
  }

  /** Every webhook of the program (`GET /v1/webhooks`), with their signing secrets. */
  list(options?: RequestOptions): APIPromise<Webhook[]> {
    return request(this.#core, { method: 'GET', path: '/v1/webhooks' }, options);
  }

  /**
   * Subscribes `url` to `events` (`POST /v1/webhooks`); the answer's `signature` is the
   * secret to verify deliveries with. Retried only on 429 and when the request provably
   * never reached the server, so a retry cannot subscribe twice.
   * @throws {ValidationError} when the URL is not http(s), an event is unknown, or the key is taken.
   */
  create(params: CreateWebhookParams, options?: RequestOptions): APIPromise<Webhook> {
    return request(this.#core, { method: 'POST', path: '/v1/webhooks', body: params }, options);
  }

  /**
   * The webhook with this key (`GET /v1/webhooks/{key}`).
   * @throws {NotFoundError} when the program has no webhook with this key.
   */
  retrieve(key: string, options?: RequestOptions): APIPromise<Webhook> {
    return safely(() =>
      request(
        this.#core,
        {
          method: 'GET',
          path: '/v1/webhooks/{key}',
          params: { path: { key: nonEmpty('key', key) } },
        },
        options,
      ),
    );
  }

  /**
   * Changes the fields given in `changes` (`PUT /v1/webhooks/{key}`); the others keep their
   * value. `{ is_active: false }` pauses deliveries without losing the subscription.
   */
  update(key: string, changes: UpdateWebhookParams, options?: RequestOptions): APIPromise<Webhook> {
    return safely(() =>
      request(
        this.#core,
        {
          method: 'PUT',
          path: '/v1/webhooks/{key}',
          params: { path: { key: nonEmpty('key', key) } },
          body: changes,
        },
        options,
      ),
    );
  }

  /** Removes the webhook (`DELETE /v1/webhooks/{key}`); no further events are sent to it. */
  delete(key: string, options?: RequestOptions): APIPromise<void> {
    return safely(() =>
      request(
        this.#core,
        {
          method: 'DELETE',
          path: '/v1/webhooks/{key}',
          params: { path: { key: nonEmpty('key', key) } },
          unwrap: nothing,
        },
        options,
      ),
    );
  }
}
