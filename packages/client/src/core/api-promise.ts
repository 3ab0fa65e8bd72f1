import { requestIdOf } from './errors.js';

/** A result together with the HTTP response it came in. */
export interface WithResponse<T> {
  /** What the method resolves to. */
  data: T;
  /** The raw response (status, headers); its body has already been read. */
  response: Response;
  /** The server's request id (`x-request-id` or `request-id`), or `null`. */
  requestId: string | null;
  /**
   * `true` when an attempt's outcome was unknown (no answer, or a 5xx) and the client settled
   * it by the customer's key: `response` is then the one that settled it (the lookup's, or
   * the 404 of a delete that had already happened), not the write's own.
   */
  settled: boolean;
}

/**
 * What every method returns: a real `Promise` of the result (the request starts at once),
 * plus `.withResponse()` for the raw `Response` as well.
 */
export interface APIPromise<T> extends Promise<T> {
  /** Resolves to the result, the response and its request id. */
  withResponse(): Promise<WithResponse<T>>;
}

/**
 * Makes the `APIPromise` of a pending result. One promise chain: `withResponse()` builds on
 * the same pending exchange and hands the failure, if any, to its own promise, so a failure
 * is reported once, by whichever promise the caller holds, and never swallowed.
 */
export function apiPromise<T>(
  pending: Promise<{ data: T; response: Response; settled?: boolean }>,
): APIPromise<T> {
  const result = pending.then(({ data }) => data);
  return Object.assign(result, {
    withResponse: () => {
      // The caller now handles the failure through this promise; the plain one would report
      // it a second time as an unhandled rejection.
      result.catch(() => {});
      return pending.then(({ data, response, settled = false }) => ({
        data,
        response,
        requestId: requestIdOf(response.headers),
        settled,
      }));
    },
  });
}

/**
 * Runs `start`, which checks its arguments and sends; an error it throws becomes the
 * rejection of the promise it returns, so `Promise.allSettled` over many calls settles
 * instead of throwing on the first bad argument.
 */
export function safely<T>(start: () => APIPromise<T>): APIPromise<T> {
  try {
    return start();
  } catch (error) {
    return apiPromise(Promise.reject(error));
  }
}
