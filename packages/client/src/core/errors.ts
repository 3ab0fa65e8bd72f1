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

// Each status with the class it maps to and what the user should do about it.
const byStatus: Record<number, [typeof APIError, string?]> = {
  400: [BadRequestError, 'check the arguments'],
  401: [AuthenticationError, 'check the API key (apiKey, PARTNERO_API_KEY)'],
  403: [PermissionDeniedError, "check the key's permissions"],
  404: [NotFoundError, 'check the key or email'],
  422: [ValidationError, 'fix these fields'],
  429: [RateLimitError, 'slow down'],
};

/**
 * Builds the error for a response; `body` is the parsed JSON, or the text when it was not
 * JSON. The message is the body's `message` (or the status), the rejected fields, and advice.
 */
export function errorFromResponse(status: number, body: unknown, headers: Headers): APIError {
  const [ErrorClass, advice] =
    byStatus[status] ??
    (status < 300
      ? [APIError, 'its status is not 1']
      : status < 500
        ? [APIError]
        : [InternalServerError, 'try again later']);
  const { message, errors = {} } = Object(body);
  const fields = Object.entries(errors).map(([field, reasons]) => `${field}: ${reasons}`);
  const wait = retryAfterMs(headers);
  return Object.assign(
    new ErrorClass(
      status,
      `${message || `HTTP ${status}`}${fields.length ? ` (${fields.join('; ')})` : ''}${advice ? ` - ${advice}.` : ''}`,
      body,
      headers,
    ),
    { errors, retryAfter: wait === null ? null : wait / 1000 },
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
