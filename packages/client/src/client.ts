import type { paths } from '@partnero-kit/types';
import createClient, { type Client, mergeHeaders } from 'openapi-fetch';
import type { Middleware } from './core/attempt.js';
import { MissingApiKeyError } from './core/errors.js';
import { type Logger, makeLog } from './core/log.js';
import { isIdempotent } from './core/operation.js';
import { type Core, send } from './core/request.js';
import {
  checkApiKey,
  checkBaseUrl,
  checkLogLevel,
  checkMaxRetries,
  checkTimeout,
  type LogLevel,
} from './core/settings.js';
import { Customers } from './resources/customers.js';
import { Webhooks } from './resources/webhooks.js';

/** Settings of a `Partnero` client. Every one is optional; each is checked when given. */
export interface ClientOptions {
  /**
   * The program's API key, sent as `Authorization: Bearer <apiKey>`.
   * Default: the `PARTNERO_API_KEY` environment variable, where the runtime has one.
   * Without either, the constructor throws `MissingApiKeyError`; a key with a line break or
   * a character a header cannot carry, a `PartneroError` that does not show it.
   */
  apiKey?: string | undefined;
  /** Where the API lives, an http(s) URL. Default: `PARTNERO_BASE_URL`, else `https://api.partnero.com`. */
  baseUrl?: string | undefined;
  /**
   * Milliseconds each attempt may take, response body included: a whole number from 1 to
   * 2³¹ − 1 (about 24.8 days, the longest timer there is). There is no "no timeout"; the
   * largest value comes closest. Default: `60000` (60 s).
   */
  timeout?: number | undefined;
  /** Retries after the first attempt, a whole number; `0` disables retrying. Default: `2` (three attempts). */
  maxRetries?: number | undefined;
  /** The `fetch` to use; it must honour `init.signal`. Default: the global `fetch`. */
  fetch?: ((url: string, init: RequestInit) => Promise<Response>) | undefined;
  /** Extra `RequestInit` fields for every `fetch`, e.g. `{ dispatcher }` for an undici proxy agent. */
  fetchOptions?: Record<string, unknown> | undefined;
  /** Headers sent with every request. Default: none beyond `Authorization` and `Accept`. */
  headers?: Record<string, string> | undefined;
  /** Runs around every attempt of every call, resource methods and `raw` alike. See `use()`. */
  middleware?: Middleware[] | undefined;
  /** Receives diagnostics, secrets redacted and emails in URLs masked. Default: `console`. */
  logger?: Logger | undefined;
  /** How much is logged. Default: `PARTNERO_LOG`, else `'warn'`. */
  logLevel?: LogLevel | undefined;
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
   * client's key, base URL, headers, timeout, retries, middleware and logger, and retries by
   * operation as the resources do.
   */
  declare readonly raw: Client<paths>;
  /** The base URL requests go to, without a trailing slash. */
  declare readonly baseUrl: string;
  readonly #core: Core;

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey ?? env('PARTNERO_API_KEY');
    if (!apiKey) {
      throw new MissingApiKeyError('Missing API key: pass `apiKey` or set PARTNERO_API_KEY.');
    }
    checkApiKey(apiKey);
    checkTimeout(options.timeout);
    checkMaxRetries(options.maxRetries);
    this.baseUrl = checkBaseUrl(
      options.baseUrl ?? env('PARTNERO_BASE_URL') ?? 'https://api.partnero.com',
    );
    const level =
      checkLogLevel(options.logLevel) ?? checkLogLevel(env('PARTNERO_LOG'), 'PARTNERO_LOG');
    // Letter case never doubles a header: the client's own `accept` replaces `Accept`.
    const headers = mergeHeaders({ Accept: 'application/json' }, options.headers, {
      Authorization: `Bearer ${apiKey}`,
    });
    const core: Core = {
      baseUrl: this.baseUrl,
      headers,
      fetch: options.fetch,
      fetchOptions: options.fetchOptions,
      timeout: options.timeout ?? 60_000,
      maxRetries: options.maxRetries ?? 2,
      middleware: [...(options.middleware ?? [])],
      log: makeLog(options.logger ?? globalThis.console, level ?? 'warn'),
    };
    this.#core = core;
    this.customers = new Customers(core);
    this.webhooks = new Webhooks(core);
    this.raw = rawClient(core);
  }

  /**
   * Adds a middleware that runs around every attempt of every call, resource methods and
   * `raw` alike, after those given before: for tracing, metrics or extra headers.
   */
  use(middleware: Middleware): this {
    this.#core.middleware.push(middleware);
    return this;
  }
}

/**
 * The openapi-fetch client behind `partnero.raw`: its requests go through the client's
 * attempt loop, which decides retries by the operation's path template (openapi-fetch
 * tells it to a middleware as `schemaPath`).
 */
function rawClient(core: Core): Client<paths> {
  const templates = new WeakMap<Request, string>();
  const raw = createClient<paths>({
    baseUrl: core.baseUrl,
    headers: core.headers,
    fetch: async (request: Request) => {
      const path = templates.get(request);
      const outcome = await send(
        core,
        {
          method: request.method,
          url: request.url,
          headers: request.headers,
          body: (await request.text()) || undefined,
          operation: path && `${request.method} ${path}`,
          idempotent: isIdempotent(request.method, path),
        },
        { signal: request.signal },
      );
      // Raw requests have no settlement, so the outcome is always the last answer.
      return new Response((outcome.settled ? null : outcome.text) || null, outcome.response);
    },
  });
  raw.use({
    onRequest({ request, schemaPath }) {
      templates.set(request, schemaPath);
    },
  });
  return raw;
}
