// The retry rules as pure functions, kept apart from the request loop so that they can be
// tested on their own. After each attempt the loop asks for a `RetryDecision` and does what
// it says; no wait or give-up is ever encoded in a special number.

/** Statuses worth another attempt for requests that are safe to repeat. */
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];

/** Error codes proving that a request never reached the server, so even `create` may repeat it. */
const NEVER_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'];

/** The longest `Retry-After` the client waits for; longer waits give up at once. */
const MAX_RETRY_AFTER_MS = 60_000;

/** Where a request stands after an attempt, as far as the retry rules care. */
export interface AttemptState {
  /** The attempt just made, counting from 1. */
  attempt: number;
  /** Retries allowed after the first attempt. */
  maxRetries: number;
  /** Whether repeating the request cannot do anything twice (every call but `create`). */
  idempotent: boolean;
}

/** What to do after a failed attempt: wait `delayMs` and try again, or stop. */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

const stop: RetryDecision = { retry: false };

/**
 * Whether a response status deserves another attempt. Requests that are not safe to repeat
 * (`create`) retry only on 429, which the API sends before doing anything.
 */
export function isRetryableStatus(status: number, idempotent: boolean): boolean {
  return idempotent ? RETRY_STATUSES.includes(status) : status === 429;
}

/**
 * Whether a failed fetch provably never reached the server: connection refused or DNS
 * failure. undici reports them as `TypeError('fetch failed')` with the code on `cause`.
 */
export function neverReachedServer(error: unknown): boolean {
  return NEVER_SENT_CODES.includes((error as { cause?: { code: string } })?.cause?.code as string);
}

/**
 * Wait before retry number `retry` (0 for the first retry): 0.5 s doubling up to 8 s, minus
 * up to 25 % jitter so that many clients do not retry in lockstep.
 */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  return Math.min(500 * 2 ** retry, 8_000) * (1 - random() * 0.25);
}

/**
 * Milliseconds the server asks to wait before the next attempt, read from `retry-after-ms`
 * or `Retry-After` (seconds, or an HTTP date); `null` when the server did not say (absent or
 * unreadable).
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (seconds >= 0) return seconds * 1000;
  // NaN when unreadable (and 0 for 1970, which no server means).
  const date = Date.parse(value);
  return date ? Math.max(0, date - now) : null;
}

/**
 * After an answer with `status`: retry when the status allows it and retries are left,
 * after the wait the server asked for, else after the backoff. A server asking for more
 * than `MAX_RETRY_AFTER_MS` gets its error returned at once.
 */
export function retryAfterResponse(
  status: number,
  headers: Headers,
  state: AttemptState,
): RetryDecision {
  if (state.attempt > state.maxRetries || !isRetryableStatus(status, state.idempotent)) {
    return stop;
  }
  const asked = retryAfterMs(headers);
  if (asked === null) return { retry: true, delayMs: backoffMs(state.attempt - 1) };
  return asked <= MAX_RETRY_AFTER_MS ? { retry: true, delayMs: asked } : stop;
}

/**
 * After an attempt that got no answer (`timedOut`, or fetch threw `error`): retry when
 * retries are left and repeating is safe, i.e. the request is idempotent or provably never
 * reached the server.
 */
export function retryAfterFailure(
  failure: { timedOut: boolean; error: unknown },
  state: AttemptState,
): RetryDecision {
  const safe = state.idempotent || (!failure.timedOut && neverReachedServer(failure.error));
  return state.attempt <= state.maxRetries && safe
    ? { retry: true, delayMs: backoffMs(state.attempt - 1) }
    : stop;
}
