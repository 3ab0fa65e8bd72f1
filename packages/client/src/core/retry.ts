// Pure retry rules, kept apart from the request loop so they can be tested on their own.

/** Statuses worth another attempt for requests that are safe to repeat. */
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];

/** Error codes proving that a request never reached the server, so even `create` may repeat it. */
const NEVER_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'];

/** The longest `Retry-After` the client waits for; longer waits give up at once. */
export const MAX_RETRY_AFTER_MS = 60_000;

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
