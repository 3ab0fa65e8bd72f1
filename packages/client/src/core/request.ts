// One API call: the attempt loop (timeouts, retries, abort) and the envelope check. Resource
// methods hand `fetch(url, init)` a URL string and an init object, without building a
// `Request`, which keeps the cost per call close to a bare fetch.

import { mergeHeaders } from 'openapi-fetch';
import { type APIPromise, apiPromise } from './api-promise.js';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  errorFromResponse,
} from './errors.js';
import {
  type AnswerOf,
  type ApiRequest,
  type DataOf,
  type Method,
  type PathOf,
  urlOf,
} from './operation.js';
import { type RetryDecision, retryAfterFailure, retryAfterResponse } from './retry.js';

/** Options every method takes as its last argument; each one overrides the client's setting. */
export interface RequestOptions {
  /** Aborts the request, retry waits included; the method then rejects with `APIUserAbortError`. Never retried. */
  signal?: AbortSignal | null | undefined;
  /** Milliseconds each attempt may take, body included; then `APITimeoutError`. Default: the client's `timeout` (60 s). */
  timeout?: number | undefined;
  /** Retries after the first attempt; `0` disables them. Default: the client's `maxRetries` (2). */
  maxRetries?: number | undefined;
  /** Extra headers for this request; they replace the client's headers of the same name, in any letter case. */
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
  /** Sent with every request: `Accept`, `Authorization` and the client's `headers`. */
  headers: Headers;
  fetch?: ((url: string, init: RequestInit) => Promise<Response>) | undefined;
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  logger?: Logger | undefined;
}

/** A request ready to go on the wire. */
export interface Exchange {
  method: string;
  url: string;
  headers: Headers;
  body: string | undefined;
  /** Whether a retry cannot do anything twice (see `AttemptState.idempotent`). */
  idempotent: boolean;
}

/** An answer with its body read as text. */
export interface Answered {
  response: Response;
  text: string;
}

/** How one attempt ended: an answer, or none (timed out, or fetch threw `error`). */
type AttemptOutcome =
  | ({ answered: true } & Answered)
  | { answered: false; timedOut: boolean; error: unknown };

/** The parsed body of a successful answer: the API's envelope. */
type Envelope = { status?: unknown; data?: unknown };

const aborted = (cause?: unknown) => new APIUserAbortError('Aborted by the caller.', { cause });

/** The headers as a plain object for the log, with `Authorization` redacted. */
function loggable(headers: Headers): Record<string, string> {
  return { ...Object.fromEntries(headers), authorization: '[redacted]' };
}

/**
 * One attempt, timed: the timer races the exchange rather than aborting it, because handing
 * fetch an AbortSignal costs about 15 % of a fast call in undici. An answer that comes too
 * late has its body cancelled, which frees the connection. Only the caller's own signal
 * goes to fetch.
 */
function attempt(
  core: Core,
  exchange: Exchange,
  signal: AbortSignal | null | undefined,
  timeout: number,
): Promise<AttemptOutcome> {
  const { method, url, headers, body } = exchange;
  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      resolve({ answered: false, timedOut, error: undefined });
    }, timeout);
    (core.fetch ?? fetch)(url, { method, headers, body, signal })
      .then((response) =>
        timedOut
          ? response.body?.cancel()
          : response.text().then((text) => resolve({ answered: true, response, text })),
      )
      .catch((error: unknown) => resolve({ answered: false, timedOut, error }))
      .finally(() => clearTimeout(timer));
  });
}

/** Waits `ms`, or less when the caller aborts; either way leaves no timer or listener behind. */
function pause(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}

/**
 * Sends a request, retrying as the rules in `retry.ts` decide, and returns the last answer
 * with its body read as text.
 */
export async function send(
  core: Core,
  exchange: Exchange,
  options: RequestOptions | undefined,
): Promise<Answered> {
  const { method, url, idempotent } = exchange;
  const signal = options?.signal;
  const timeout = options?.timeout ?? core.timeout ?? 60_000;
  const maxRetries = options?.maxRetries ?? core.maxRetries ?? 2;
  for (let attemptNumber = 1; ; attemptNumber++) {
    if (signal?.aborted) throw aborted();
    core.logger?.debug('partnero request', {
      method,
      url,
      attempt: attemptNumber,
      headers: loggable(exchange.headers),
    });
    const outcome = await attempt(core, exchange, signal, timeout);
    const state = { attempt: attemptNumber, maxRetries, idempotent };
    let decision: RetryDecision;
    if (outcome.answered) {
      decision = retryAfterResponse(outcome.response.status, outcome.response.headers, state);
      if (!decision.retry) return outcome;
    } else {
      if (signal?.aborted) throw aborted(outcome.error);
      decision = retryAfterFailure(outcome, state);
      if (!decision.retry) {
        throw outcome.timedOut
          ? new APITimeoutError(`Timed out after ${timeout} ms: raise \`timeout\`.`)
          : new APIConnectionError(
              `Could not reach ${core.baseUrl}: check the network and \`baseUrl\`.`,
              { cause: outcome.error },
            );
      }
    }
    core.logger?.warn('partnero retry', { method, url, attempt: attemptNumber });
    // The caller's abort ends the wait early; the check at the top of the loop then throws.
    await pause(decision.delayMs, signal);
  }
}

/**
 * Parses an answer's body and checks it: an error status, or a 2xx whose body's `status`
 * is not `1`, becomes the matching `APIError`.
 */
function envelopeOf({ response, text }: Answered): Envelope {
  let body: Envelope;
  try {
    body = JSON.parse(text);
  } catch {
    // An empty body becomes `undefined`; one that is not JSON (an HTML error page) stays text.
    body = (text || undefined) as never;
  }
  if (!response.ok || body?.status !== 1) {
    throw errorFromResponse(response.status, body, response.headers);
  }
  return body;
}

const JSON_BODY = { 'Content-Type': 'application/json' };

/**
 * Sends `call` and checks the answer. Resolves to `unwrap(answer)`, by default the
 * envelope's `data`; `.withResponse()` adds the response.
 */
export function request<M extends Method, P extends PathOf<M>, T = DataOf<AnswerOf<M, P>>>(
  core: Core,
  call: ApiRequest<M, P, T>,
  options: RequestOptions | undefined,
): APIPromise<T> {
  const { params, body } = call as { params?: Parameters<typeof urlOf>[2]; body?: unknown };
  const unwrap = call.unwrap ?? ((answer: Envelope) => answer.data as T);
  const exchange: Exchange = {
    method: call.method,
    url: urlOf(core.baseUrl, call.path, params),
    headers: mergeHeaders(
      core.headers,
      body === undefined ? undefined : JSON_BODY,
      options?.headers,
    ),
    body: body === undefined ? undefined : JSON.stringify(body),
    idempotent: call.idempotent,
  };
  return apiPromise(
    send(core, exchange, options).then((answered) => ({
      data: unwrap(envelopeOf(answered) as AnswerOf<M, P>),
      response: answered.response,
    })),
  );
}
