// One API call: the attempt loop (timeouts, retries, abort, settlement of writes whose
// outcome is unknown) and the envelope check. Resource methods hand `fetch(url, init)` a
// URL string and an init object, without building a `Request`, which keeps the cost per
// call close to a bare fetch.

import { mergeHeaders } from 'openapi-fetch';
import { type APIPromise, apiPromise } from './api-promise.js';
import { type AttemptOutcome, attempt, type Transport } from './attempt.js';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  errorFromResponse,
  invalidResponse,
  type PartneroError,
  requestIdOf,
} from './errors.js';
import { type Log, loggableHeaders, loggableUrl } from './log.js';
import {
  type AnswerOf,
  type ApiRequest,
  type DataOf,
  isIdempotent,
  type Method,
  type PathOf,
  urlOf,
} from './operation.js';
import {
  backoffMs,
  isRetryableStatus,
  neverReachedServer,
  type RetryDecision,
  retryAfterFailure,
  retryAfterResponse,
} from './retry.js';
import { checkMaxRetries, checkTimeout } from './settings.js';

/** Options every method takes as its last argument; each one overrides the client's setting. */
export interface RequestOptions {
  /** Aborts the request, retry waits included; the method then rejects with `APIUserAbortError`. Never retried. */
  signal?: AbortSignal | null | undefined;
  /** Milliseconds each attempt may take, body included (1 to 2³¹ − 1); then `APITimeoutError`. Default: the client's `timeout` (60 s). */
  timeout?: number | undefined;
  /** Retries after the first attempt (a whole number); `0` disables them. Default: the client's `maxRetries` (2). */
  maxRetries?: number | undefined;
  /** Extra headers for this request; they replace the client's headers of the same name, in any letter case. */
  headers?: Record<string, string> | undefined;
  /** Extra `RequestInit` fields for this request's `fetch`, over the client's `fetchOptions`. */
  fetchOptions?: Record<string, unknown> | undefined;
}

/** The settings a request needs from its client, checked and with their defaults. */
export interface Core extends Transport {
  baseUrl: string;
  /** Sent with every request: `Accept`, `Authorization` and the client's `headers`. */
  headers: Headers;
  timeout: number;
  maxRetries: number;
  log: Log;
}

/** A request ready to go on the wire. */
export interface Exchange {
  method: string;
  url: string;
  headers: Headers;
  body: string | undefined;
  /** The operation as method and path template, when known; it decides `idempotent`. */
  operation: string | undefined;
  /** Whether a retry cannot do anything twice. */
  idempotent: boolean;
}

/** How a call ended: an answer with its body read, or a result its settlement found. */
export type Outcome =
  | { settled: false; response: Response; text: string }
  | { settled: true; response: Response; data: unknown };

/** The result a settlement found, the response it came in, and how it was found (for the log). */
export interface Settled {
  data: unknown;
  response: Response;
  how: string;
}

/**
 * How an operation learns the outcome of a write when an attempt left it unknown. Decided
 * per operation, next to the operation (see `resources/customers.ts`).
 */
export interface Settlement {
  /**
   * For a write that is not safe to repeat (create), after an attempt timed out, lost its
   * connection or got a 5xx (`error`): the result, or `'resend'` when the write provably did
   * not happen. With no retries left it throws instead of answering `'resend'`.
   */
  afterUnknown?(error: PartneroError, retriesLeft: boolean): Promise<Settled | 'resend'>;
  /**
   * For a write that is safe to repeat (delete, rename), when a retry after an unknown
   * outcome is answered 404 (`notFound`): the result, or it throws.
   */
  afterGone?(notFound: PartneroError, response: Response): Promise<Settled>;
}

/** The parsed body of a successful answer: the API's envelope. */
type Envelope = { status?: unknown; data?: unknown };

const aborted = (cause?: unknown) => new APIUserAbortError('Aborted by the caller.', { cause });

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
 * The error of an attempt that got no answer. For a write that may have reached the
 * server, it says so: the API may have carried it out.
 */
function failureError(
  core: Core,
  exchange: Exchange,
  outcome: { timedOut: boolean; error: unknown },
  timeout: number,
): PartneroError {
  const maybeDone =
    exchange.method === 'GET' || (!outcome.timedOut && neverReachedServer(outcome.error))
      ? ''
      : ' The API may have carried it out: check before sending it again.';
  return outcome.timedOut
    ? new APITimeoutError(
        `No answer within ${timeout} ms: raise \`timeout\` if the API is slow.${maybeDone}`,
      )
    : new APIConnectionError(
        `Could not reach ${core.baseUrl}: check the network and \`baseUrl\`.${maybeDone}`,
        { cause: outcome.error },
      );
}

/**
 * Sends a request, retrying as the rules in `retry.ts` decide and settling an unknown
 * outcome as `settlement` says, and returns the last answer with its body read as text.
 */
export async function send(
  core: Core,
  exchange: Exchange,
  options: RequestOptions | undefined,
  settlement?: Settlement,
): Promise<Outcome> {
  checkTimeout(options?.timeout);
  checkMaxRetries(options?.maxRetries);
  const { method, idempotent, operation } = exchange;
  const { log } = core;
  // Only debug lines name the URL on every attempt; mask it only when they are written.
  const url = log.debug ? loggableUrl(exchange.url) : '';
  const signal = options?.signal;
  const timeout = options?.timeout ?? core.timeout;
  const maxRetries = options?.maxRetries ?? core.maxRetries;
  // Whether an earlier attempt may have carried the write out (no answer, or such a 5xx).
  let outcomeUnknown = false;
  for (let attemptNumber = 1; ; attemptNumber++) {
    if (signal?.aborted) throw aborted(signal.reason);
    const logged = { method, url, operation, attempt: attemptNumber };
    if (log.debug) {
      log('debug', 'partnero request', { ...logged, headers: loggableHeaders(exchange.headers) });
    }
    const started = Date.now();
    const outcome: AttemptOutcome = await attempt(
      core,
      { ...exchange, attempt: attemptNumber },
      signal,
      timeout,
      options?.fetchOptions,
    );
    const state = { attempt: attemptNumber, maxRetries, idempotent };
    let decision: RetryDecision;
    // Whether this attempt may have carried the write out, and its failure if it did.
    let unknown: boolean;
    let failure: () => PartneroError;
    let reason: string;
    if (outcome.answered) {
      const { status, headers } = outcome.response;
      log('debug', 'partnero response', {
        ...logged,
        status,
        durationMs: Date.now() - started,
        requestId: requestIdOf(headers),
      });
      failure = () => errorFromResponse(status, parse(outcome.text), headers);
      if (status === 404 && outcomeUnknown && settlement?.afterGone) {
        return settled(core, exchange, await settlement.afterGone(failure(), outcome.response));
      }
      decision = retryAfterResponse(status, headers, state);
      // The 5xx a proxy or a failing server sends after it may have acted (500, 502, 503,
      // 504); a 501 or 505 says the request was not carried out.
      unknown = status >= 500 && isRetryableStatus(status, true);
      reason = `HTTP ${status}`;
    } else {
      if (signal?.aborted) throw aborted(outcome.error);
      decision = retryAfterFailure(outcome, state);
      unknown = outcome.timedOut || !neverReachedServer(outcome.error);
      failure = () => failureError(core, exchange, outcome, timeout);
      reason = outcome.timedOut ? 'timeout' : `connection: ${outcome.error}`;
    }
    if (!decision.retry) {
      if (unknown && !idempotent && settlement?.afterUnknown) {
        const found = await settlement.afterUnknown(failure(), attemptNumber <= maxRetries);
        if (found !== 'resend') return settled(core, exchange, found);
        decision = { retry: true, delayMs: backoffMs(attemptNumber - 1) };
      } else if (outcome.answered) {
        return { settled: false, ...outcome };
      } else {
        throw failure();
      }
    }
    outcomeUnknown ||= unknown;
    log('debug', 'partnero retry', { ...logged, reason, delayMs: Math.round(decision.delayMs) });
    // The caller's abort ends the wait early; the check at the top of the loop then throws.
    await pause(decision.delayMs, signal);
  }
}

/** Logs a settlement at `info` and makes it the call's outcome. */
function settled(core: Core, exchange: Exchange, found: Settled): Outcome {
  core.log('info', 'partnero settled', {
    method: exchange.method,
    url: loggableUrl(exchange.url),
    how: found.how,
  });
  return { settled: true, response: found.response, data: found.data };
}

/** The body as JSON; the text when it is not JSON; `undefined` when empty. */
function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text || undefined;
  }
}

/**
 * Checks a parsed answer (`body`, from `text`): an error status, or a 2xx whose body's
 * `status` is not `1`, becomes the matching `APIError`; a 2xx that is not the envelope at
 * all is handed to `fail`, which throws an `APIResponseValidationError`.
 */
function envelopeOf(
  response: Response,
  body: Envelope,
  text: string,
  fail: (missing: string) => never,
): Envelope {
  if (!response.ok) throw errorFromResponse(response.status, body, response.headers);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    fail(text ? 'is not a JSON object' : 'is empty');
  }
  if (!('status' in body)) fail('has no `status`');
  if (body.status !== 1) throw errorFromResponse(response.status, body, response.headers);
  return body;
}

/** Turns an envelope into a result, or calls `fail` with what it lacks. */
export type Unwrap<A, T> = (answer: A, fail: (missing: string) => never) => T;

/** The default `unwrap`: the envelope's `data`, which must be there. */
const dataOf = (answer: Envelope, fail: (missing: string) => never) =>
  answer.data === undefined ? fail('has no `data`') : answer.data;

/** The `unwrap` of operations whose answer is only `{ status: 1 }`. */
export const nothing = (): undefined => undefined;

const JSON_BODY = { 'Content-Type': 'application/json' };

/**
 * Sends `call` and checks the answer. Resolves to `unwrap(answer)`, by default the
 * envelope's `data`; `.withResponse()` adds the response and whether it was `settled`.
 */
export function request<M extends Method, P extends PathOf<M>, T = DataOf<AnswerOf<M, P>>>(
  core: Core,
  call: ApiRequest<M, P, T> & { settlement?: Settlement | undefined },
  options: RequestOptions | undefined,
): APIPromise<T> {
  const { params, body } = call as { params?: Parameters<typeof urlOf>[2]; body?: unknown };
  const unwrap = (call.unwrap ?? dataOf) as Unwrap<Envelope, T>;
  const exchange: Exchange = {
    method: call.method,
    url: urlOf(core.baseUrl, call.path, params),
    headers: mergeHeaders(
      core.headers,
      body === undefined ? undefined : JSON_BODY,
      options?.headers,
    ),
    body: body === undefined ? undefined : JSON.stringify(body),
    operation: `${call.method} ${call.path}`,
    idempotent: isIdempotent(call.method, call.path),
  };
  return apiPromise(
    send(core, exchange, options, call.settlement).then((outcome) => {
      if (outcome.settled)
        return { data: outcome.data as T, response: outcome.response, settled: true };
      const { response, text } = outcome;
      const body = parse(text) as Envelope;
      const fail = (missing: string): never => {
        throw invalidResponse(response.status, body, response.headers, missing);
      };
      return {
        data: unwrap(envelopeOf(response, body, text, fail), fail),
        response,
        settled: false,
      };
    }),
  );
}
