// One attempt of a request: fetch through the middleware, with its own abort signal that
// fires at the timeout, combined with the caller's. A timed-out attempt is aborted, which
// closes its socket, and the attempt ends only once fetch has let go, so a retry never
// runs beside the attempt it replaces.

/** A request as the middleware and `fetch` see it, for one attempt. */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Headers;
  body: string | undefined;
  /** The operation, as method and path template (`'GET /v1/customers/{key}'`), when known. */
  operation: string | undefined;
  /** The attempt, counting from 1. */
  attempt: number;
  /** Aborted at the attempt's timeout or by the caller; pass it on to `fetch`. */
  signal: AbortSignal;
}

/**
 * Runs around every attempt of every call, resource methods and `partnero.raw` alike (for
 * tracing, metrics, extra headers): call `next(request)` to go on, and return its response
 * or one of your own. A middleware that throws fails the attempt like a network error.
 */
export type Middleware = (
  request: OutgoingRequest,
  next: (request: OutgoingRequest) => Promise<Response>,
) => Promise<Response>;

/** What `fetch` needs of the client: the function, extra init fields and the middleware. */
export interface Transport {
  fetch?: ((url: string, init: RequestInit) => Promise<Response>) | undefined;
  /** Extra `RequestInit` fields for every `fetch`, e.g. an undici `dispatcher`. */
  fetchOptions?: Record<string, unknown> | undefined;
  middleware: Middleware[];
}

/** How one attempt ended: an answer with its body read, or none. */
export type AttemptOutcome =
  | { answered: true; response: Response; text: string }
  | { answered: false; timedOut: boolean; error: unknown };

/**
 * A signal aborted when either `a` or `b` is, and a function that drops the link: with
 * `AbortSignal.any` where the runtime has it, else with a listener on `a`.
 */
function eitherSignal(a: AbortSignal, b: AbortController): [AbortSignal, () => void] {
  if (typeof AbortSignal.any === 'function') return [AbortSignal.any([a, b.signal]), () => {}];
  const follow = () => b.abort(a.reason);
  if (a.aborted) follow();
  else a.addEventListener('abort', follow, { once: true });
  return [b.signal, () => a.removeEventListener('abort', follow)];
}

/** Sends `request` through the middleware, the last of which calls `fetch`. */
function dispatch(
  transport: Transport,
  request: OutgoingRequest,
  fetchOptions: Record<string, unknown> | undefined,
): Promise<Response> {
  const fetchIt = (sent: OutgoingRequest) =>
    (transport.fetch ?? fetch)(sent.url, {
      ...transport.fetchOptions,
      ...fetchOptions,
      method: sent.method,
      headers: sent.headers,
      body: sent.body,
      signal: sent.signal,
    });
  const chain = transport.middleware.reduceRight<(sent: OutgoingRequest) => Promise<Response>>(
    (next, middleware) => (sent) => middleware(sent, next),
    fetchIt,
  );
  return chain(request);
}

/**
 * One attempt, body included, within `timeout` ms. Resolves (never rejects) once fetch has
 * settled: a custom `fetch` must honour `init.signal` for the timeout to end it.
 */
export async function attempt(
  transport: Transport,
  request: Omit<OutgoingRequest, 'signal'>,
  callerSignal: AbortSignal | null | undefined,
  timeout: number,
  fetchOptions: Record<string, unknown> | undefined,
): Promise<AttemptOutcome> {
  const timer = new AbortController();
  const timeoutId = setTimeout(() => timer.abort(), timeout);
  const [signal, unlink] = callerSignal
    ? eitherSignal(callerSignal, timer)
    : [timer.signal, () => {}];
  try {
    const response = await dispatch(transport, { ...request, signal }, fetchOptions);
    return { answered: true, response, text: await response.text() };
  } catch (error) {
    return { answered: false, timedOut: timer.signal.aborted, error };
  } finally {
    clearTimeout(timeoutId);
    unlink();
  }
}
