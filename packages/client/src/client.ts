import type { paths } from '@partnero-kit/types';
import createClient, { type Client, mergeHeaders } from 'openapi-fetch';
import { MissingApiKeyError } from './core/errors.js';
import { type Core, type Logger, send } from './core/request.js';
import { Customers } from './resources/customers.js';
import { Webhooks } from './resources/webhooks.js';

/** Settings of a `Partnero` client. Every one is optional. */
export interface ClientOptions {
  /**
   * The program's API key, sent as `Authorization: Bearer <apiKey>`.
   * Default: the `PARTNERO_API_KEY` environment variable, where the runtime has one.
   * Without either, the constructor throws.
   */
  apiKey?: string | undefined;
  /** Where the API lives. Default: `PARTNERO_BASE_URL`, else `https://api.partnero.com`. */
  baseUrl?: string | undefined;
  /** Milliseconds each attempt may take, response body included. Default: `60000` (60 s). */
  timeout?: number | undefined;
  /** Retries after the first attempt; `0` disables retrying. Default: `2` (three attempts). */
  maxRetries?: number | undefined;
  /** The `fetch` to use, e.g. one with a proxy agent. Default: the global `fetch`. */
  fetch?: ((url: string, init: RequestInit) => Promise<Response>) | undefined;
  /** Headers sent with every request. Default: none beyond `Authorization` and `Accept`. */
  headers?: Record<string, string> | undefined;
  /** Receives request and retry diagnostics, with `Authorization` redacted. Default: silent. */
  logger?: Logger | undefined;
}

const env = (name: string): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];

/**
 * The Partnero API client.
 *
 * ```ts
 * const partnero = new Partnero({ apiKey: process.env.PARTNERO_API_KEY });
 * const customer = await partnero.customers.retrieve('c1');
 * ```
 */
export class Partnero {
  /** Create, find, change, list, suspend, approve and delete customers. */
  declare readonly customers: Customers;
  /** List, create, retrieve, update and delete webhook subscriptions (`verifyWebhook` checks deliveries). */
  declare readonly webhooks: Webhooks;
  /**
   * The typed openapi-fetch client for anything the resources do not wrap, e.g.
   * `partnero.raw.GET('/v1/customers/{key}', { params: { path: { key } } })`. It shares the
   * client's key, base URL, headers, timeout, retries and logger (POST requests are treated
   * like `create`: retried only when that cannot cause a duplicate).
   */
  declare readonly raw: Client<paths>;
  /** The base URL requests go to, without a trailing slash. */
  declare readonly baseUrl: string;

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey ?? env('PARTNERO_API_KEY');
    if (!apiKey) {
      throw new MissingApiKeyError('Missing API key: pass `apiKey` or set PARTNERO_API_KEY.');
    }
    this.baseUrl = (
      options.baseUrl ??
      env('PARTNERO_BASE_URL') ??
      'https://api.partnero.com'
    ).replace(/\/+$/, '');
    // Letter case never doubles a header: the client's own `accept` replaces `Accept`.
    const headers = mergeHeaders({ Accept: 'application/json' }, options.headers, {
      Authorization: `Bearer ${apiKey}`,
    });
    const core: Core = { ...options, baseUrl: this.baseUrl, headers };
    this.customers = new Customers(core);
    this.webhooks = new Webhooks(core);
    this.raw = createClient<paths>({
      baseUrl: this.baseUrl,
      headers,
      fetch: async (request: Request) => {
        const { response, text } = await send(
          core,
          {
            method: request.method,
            url: request.url,
            headers: request.headers,
            body: (await request.text()) || undefined,
            idempotent: request.method !== 'POST',
          },
          { signal: request.signal },
        );
        return new Response(text || null, response);
      },
    });
  }
}
