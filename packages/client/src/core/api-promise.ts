/** A result together with the HTTP response it came in. */
export interface WithResponse<T> {
  /** What the method resolves to. */
  data: T;
  /** The raw response (status, headers); its body has already been read. */
  response: Response;
  /** The server's request id (`x-request-id` or `request-id`), or `null`. */
  requestId: string | null;
}

/**
 * What every method returns: a real `Promise` of the result (the request starts at once),
 * plus `.withResponse()` for the raw `Response` as well.
 */
export interface APIPromise<T> extends Promise<T> {
  /** Resolves to the result, the response and its request id. */
  withResponse(): Promise<WithResponse<T>>;
}
