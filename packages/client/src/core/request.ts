// One API call: the attempt loop (timeouts, retries, abort) and the envelope check. Resource
// methods hand `fetch(url, init)` plain strings and objects, without building a `Request`,
// which keeps the cost per call close to a bare fetch.

import type { APIPromise } from './api-promise.js';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  errorFromResponse,
  requestIdOf,
  retryAfterMs,
} from './errors.js';
import { backoffMs, isRetryableStatus, MAX_RETRY_AFTER_MS, neverReachedServer } from './retry.js';

/** Options every method takes as its last argument; each one overrides the client's setting. */
export interface RequestOptions {
  /** Aborts the request, retry waits included; the method then rejects with `APIUserAbortError`. Never retried. */
  signal?: AbortSignal | null | undefined;
  /** Milliseconds each attempt may take, body included; then `APITimeoutError`. Default: the client's `timeout` (60 s). */
  timeout?: number | undefined;
  /** Retries after the first attempt; `0` disables them. Default: the client's `maxRetries` (2). */
  maxRetries?: number | undefined;
  /** Extra headers for this request; they replace the client's headers of the same name. */
  headers?: Record<string, string> | undefined;
}

/**
 * Receives the client's diagnostics: `debug` before each attempt (method, URL, headers with
 * `Authorization` redacted), `warn` before each retry. `console` fits.
 */
export interface Logger {
  debug(message: string, details: Record<string, unknown>): void;
  warn(message: string, details: Record<string, unknown>): void;
}

/** The settings a request needs from its client; the defaults are applied per request. */
export interface Core {
  baseUrl: string;
  headers: Record<string, string>;
  fetch?: ((url: string, init: RequestInit) => Promise<Response>) | undefined;
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  logger?: Logger | undefined;
}

/** The parsed body of a successful answer: the API's envelope. */
export type Envelope = { status?: unknown; data?: unknown };

const aborted = (cause?: unknown) => new APIUserAbortError('Aborted by the caller.', { cause });

/**
 * Sends a request, retrying as the rules allow, and returns the last response with its body
 * read as text. `idempotent: false` (create) retries only on 429 and when the server was
 * provably never reached.
 */
export async function send(
  core: Core,
  method: string,
  url: string,
  headers: HeadersInit,
  body: string | undefined,
  options: RequestOptions | undefined,
  idempotent: boolean,
): Promise<[Response, string]> {
  const signal = options?.signal;
  const timeout = options?.timeout ?? core.timeout ?? 60_000;
  const maxRetries = options?.maxRetries ?? core.maxRetries ?? 2;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw aborted();
    core.logger?.debug('partnero request', {
      method,
      url,
      attempt,
      headers: { ...headers, authorization: undefined, Authorization: '[redacted]' },
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    let wait: number | undefined;
    try {
      // The timer races the exchange rather than aborting it: handing fetch an AbortSignal
      // costs about 15 % of a fast call in undici. An answer that comes too late has its body
      // cancelled, which frees the connection. Only the caller's own signal goes to fetch.
      const [response, text] = await new Promise<readonly [Response, string]>((resolve, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject();
        }, timeout);
        (core.fetch ?? fetch)(url, { method, headers, body, signal })
          .then((response) =>
            timedOut
              ? response.body?.cancel()
              : response.text().then((text) => resolve([response, text])),
          )
          .catch(reject);
      });
      wait =
        attempt > maxRetries || !isRetryableStatus(response.status, idempotent)
          ? Infinity
          : retryAfterMs(response.headers);
      // A server asking for a longer wait than we accept gets its error returned at once.
      if ((wait as number) > MAX_RETRY_AFTER_MS) return [response, text];
    } catch (error) {
      if (signal?.aborted) throw aborted(error);
      if (attempt > maxRetries || !(idempotent || (!timedOut && neverReachedServer(error)))) {
        throw timedOut
          ? new APITimeoutError(`Timed out after ${timeout} ms: raise \`timeout\`.`)
          : new APIConnectionError(
              `Could not reach ${core.baseUrl}: check the network and \`baseUrl\`.`,
              { cause: error },
            );
      }
    } finally {
      clearTimeout(timer);
    }
    core.logger?.warn('partnero retry', { method, url, attempt });
    // The caller's abort ends the wait early; the check at the top of the loop then throws.
    // Whichever ends it removes the other, so that a long-lived signal gathers no listeners
    // and an aborted wait holds no timer.
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(pause);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const pause = setTimeout(done, wait ?? backoffMs(attempt - 1));
      signal?.addEventListener('abort', done);
    });
  }
}

/**
 * Sends a request to `path` and checks the answer: an error status, or a 2xx whose body's
 * `status` is not `1`, becomes the matching `APIError`. Resolves to `unwrap(body)`, by
 * default the envelope's `data`; `.withResponse()` adds the response.
 */
export function request<T>(
  core: Core,
  method: string,
  path: string,
  json: object | undefined,
  options: RequestOptions | undefined,
  idempotent = true,
  unwrap = (body: Envelope) => body.data as T,
): APIPromise<T> {
  let response: Response;
  // One promise chain: `withResponse()` builds on the result, so a failure that nobody
  // handles is still reported as an unhandled rejection, never swallowed.
  const result = send(
    core,
    method,
    core.baseUrl + path,
    json || options?.headers
      ? {
          ...core.headers,
          ...(json && { 'Content-Type': 'application/json' }),
          ...options?.headers,
        }
      : core.headers,
    json && JSON.stringify(json),
    options,
    idempotent,
  ).then(([answer, text]) => {
    response = answer;
    let body: Envelope;
    try {
      body = JSON.parse(text);
    } catch {
      // An empty body becomes `undefined`; one that is not JSON (an HTML error page) stays text.
      body = (text || undefined) as never;
    }
    // A 2xx whose body does not report `status: 1` is a failure too.
    if (!answer.ok || body?.status !== 1) {
      throw errorFromResponse(answer.status, body, answer.headers);
    }
    return unwrap(body);
  }) as APIPromise<T>;
  result.withResponse = () =>
    result.then((data) => ({ data, response, requestId: requestIdOf(response.headers) }));
  return result;
}
