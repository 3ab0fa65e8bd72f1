import { isRetryableStatus, neverReachedServer, retryAfterMs } from './retry.js';

/**
 * Root of every error this package throws, including invalid arguments caught before any
 * request is sent: `catch (e) { if (e instanceof PartneroError) … }` catches them all.
 */
export class PartneroError extends Error {
  override name = 'PartneroError';

  /** A plain object for logs and `JSON.stringify`; it never contains the API key. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), message: this.message };
  }
}

/**
 * No API key was given: neither the `apiKey` option nor `PARTNERO_API_KEY`. Check it with
 * `instanceof` rather than by its message.
 */
export class MissingApiKeyError extends PartneroError {
  override name = 'MissingApiKeyError';
}

/** The server's request id (`x-request-id` or `request-id`), or `null`. */
export const requestIdOf = (headers: Headers): string | null =>
  headers.get('x-request-id') ?? headers.get('request-id');

/**
 * The API answered with an error status, or with a 2xx whose body's `status` is not `1`.
 * The subclasses name the common statuses; any other status is a plain `APIError`.
 */
export class APIError extends PartneroError {
  override name = 'APIError';
  /** HTTP status of the response. */
  declare readonly status: number;
  /** The parsed JSON body; the text when it was not JSON; `undefined` when it was empty. */
  declare readonly body: unknown;
  /** Response headers. */
  declare readonly headers: Headers;
  /** The server's request id (`x-request-id` or `request-id`) for support requests, or `null`. */
  declare readonly requestId: string | null;

  constructor(status: number, message: string, body: unknown, headers: Headers) {
    super(message);
    Object.assign(this, { status, body, headers, requestId: requestIdOf(headers) });
  }
}

/** 400: the API refused the request, e.g. because the partner it names does not exist. */
export class BadRequestError extends APIError {
  override name = 'BadRequestError';
}

/** 401: the API key is missing or not valid. */
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}

/** 403: the API key may not perform this action. */
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}

/** 404: no customer matches the key or email. */
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}

/** 422: the API rejected fields of the request; `errors` gives the reasons per field. */
export class ValidationError extends APIError {
  override name = 'ValidationError';
  /** Reasons per rejected field, e.g. `{ email: ['The email has already been taken.'] }`; `{}` when none were sent. */
  declare readonly errors: Record<string, string[]>;
}

/** 429: too many requests; thrown when retries are used up or the server asks to wait over 60 s. */
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
  /** Seconds the server asked to wait (`Retry-After` or `retry-after-ms`), or `null`. */
  declare readonly retryAfter: number | null;
}

/** 500 or above: Partnero, or a proxy in front of it, failed. */
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
}

/** No answer arrived: DNS failure, refused or reset connection, and the like. `cause` holds the fetch error. */
export class APIConnectionError extends PartneroError {
  override name = 'APIConnectionError';
}

/** The last attempt took longer than `timeout`. */
export class APITimeoutError extends APIConnectionError {
  override name = 'APITimeoutError';
}

/** The caller aborted the request through its `signal`. Never retried. */
export class APIUserAbortError extends PartneroError {
  override name = 'APIUserAbortError';
}

/**
 * A 2xx answer whose body is not the API's envelope (not JSON, no `status`, no `data`, a page
 * without `meta`): the client cannot tell what happened, so it does not guess.
 */
export class APIResponseValidationError extends APIError {
  override name = 'APIResponseValidationError';
}

/**
 * A write whose first attempt got no answer was settled by looking its key up, and the key
 * belongs to a customer whose fields differ from the ones sent. It may be an older customer
 * with the same key, or the write may have been changed since.
 */
export class CustomerConflictError extends PartneroError {
  override name = 'CustomerConflictError';
  /** The key that was looked up. */
  declare readonly key: string;
  /** Each field that differs: what was sent and what the API has. */
  declare readonly differences: { field: string; sent: unknown; found: unknown }[];
  /** The customer the API has under `key`. */
  declare readonly existing: unknown;
}

// Each status with the class it maps to and what the user should do about it.
const byStatus: Record<number, [typeof APIError, string?]> = {
  400: [BadRequestError, 'Check the arguments'],
  401: [AuthenticationError, 'Check the API key (apiKey, PARTNERO_API_KEY)'],
  403: [PermissionDeniedError, "Check the key's permissions"],
  404: [NotFoundError, 'Check the key or email'],
  422: [ValidationError, 'Fix these fields'],
  429: [RateLimitError, 'Slow down'],
};

/** `text` as a sentence: trimmed, ending in a full stop unless it has its own. */
export const sentence = (text: string): string => {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

/** The reasons of a 422, as `{ field: [reason, …] }`, whatever shape the body gave them. */
function reasonsOf(errors: unknown): Record<string, string[]> {
  if (errors === null || typeof errors !== 'object') return {};
  return Object.fromEntries(
    Object.entries(errors).map(([field, reasons]) => [
      field,
      (Array.isArray(reasons) ? reasons : [reasons]).map(String),
    ]),
  );
}

/**
 * Builds the error for a response; `body` is the parsed JSON, or the text when it was not
 * JSON. The message is the body's `message` (or the status), the rejected fields, and advice,
 * as sentences.
 */
export function errorFromResponse(status: number, body: unknown, headers: Headers): APIError {
  const [ErrorClass, advice] =
    byStatus[status] ?? (status >= 500 ? [InternalServerError, 'Try again later'] : [APIError]);
  const { message, errors } = Object(body);
  const reasons = reasonsOf(errors);
  const parts: string[] = [];
  if (status < 300) {
    parts.push(
      `The API reported a failure: its HTTP ${status} answer has \`status\` ${JSON.stringify(Object(body).status)}, not 1.`,
    );
  }
  if (typeof message === 'string' && message.trim()) parts.push(sentence(message));
  else if (status >= 300) parts.push(`The API answered HTTP ${status} with no message.`);
  // An `errors` that is one string is one reason, not one per character.
  if (typeof errors === 'string' && errors.trim()) parts.push(sentence(errors));
  const fields = Object.entries(reasons).map(
    ([field, list]) =>
      `${field}: ${list.map((reason) => reason.replace(/[.\s]+$/, '')).join(', ')}`,
  );
  if (fields.length) parts.push(sentence(`Rejected fields: ${fields.join('; ')}`));
  if (advice) parts.push(`${advice}.`);
  const wait = retryAfterMs(headers);
  return Object.assign(new ErrorClass(status, parts.join(' '), body, headers), {
    errors: reasons,
    retryAfter: wait === null ? null : wait / 1000,
  });
}

/**
 * The error for a 2xx answer whose body is not the envelope; `missing` says what is wrong,
 * e.g. "has no `data`".
 */
export function invalidResponse(
  status: number,
  body: unknown,
  headers: Headers,
  missing: string,
): APIResponseValidationError {
  const id = requestIdOf(headers);
  return new APIResponseValidationError(
    status,
    `The HTTP ${status} answer${id ? ` (request id ${id})` : ''} is not the API's envelope: its body ${missing}. Check \`baseUrl\`.`,
    body,
    headers,
  );
}

/**
 * Whether another attempt could succeed after `error`, by the client's own retry rules:
 * `idempotent` is whether repeating the request cannot do anything twice (every customer
 * operation but `create`). A status the rules retry (408, 429, 500, 502, 503, 504; only 429
 * when not idempotent), a timeout or a dropped connection when idempotent, and a connection
 * that provably never reached the server in any case. Never the caller's abort, an argument
 * error or any other status. A `RateLimitError`'s `retryAfter` says how long to wait first.
 */
export function isRetryableError(error: unknown, idempotent = true): boolean {
  if (error instanceof APIError) return isRetryableStatus(error.status, idempotent);
  if (error instanceof APITimeoutError) return idempotent;
  if (error instanceof APIConnectionError) return idempotent || neverReachedServer(error.cause);
  return false;
}
