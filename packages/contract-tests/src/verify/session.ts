// The only way the drift report talks to a server: requests by operationId (method and path
// come from the spec), at most `requestsPerSecond`, and never a change to a customer or a
// webhook this run did not create itself.
import { httpExchange } from '../http-exchange.js';
import { spec } from '../spec.js';

export interface SessionOptions {
  baseUrl: string;
  apiKey: string;
  /** At most this many requests start per second. */
  requestsPerSecond: number;
  /** How long one request may take. Default 30 s. */
  timeoutMs?: number;
}

export interface Call {
  /** Values of the path template's parameters, e.g. `{ key }`. */
  path?: Record<string, string>;
  /** Query parameters, sent as given: also forms the spec does not document. */
  query?: Record<string, string | number>;
  body?: unknown;
}

export interface Exchange {
  operationId: string;
  method: string;
  /** Path and query, without the origin. */
  target: string;
  status: number;
  headers: Headers;
  /** The parsed JSON body; `undefined` when it was empty or not JSON. */
  body: unknown;
}

/** Thrown when a change would touch a customer or webhook this run did not create. */
export class NotOursError extends Error {}

/** What the run creates and may change: the collection a path is under, e.g. `customers`. */
export type Resource = string;

/** `/v1/customers/{key}/suspend` → `customers`; `/v1/webhooks` → `webhooks`. */
const resourceOf = (path: string): Resource => /^\/v1\/([a-z_]+)/.exec(path)?.[1] ?? path;

/** A create is a POST to the collection itself, as the spec writes both. */
const createsOf = (method: string, path: string) =>
  method === 'POST' && path === `/v1/${resourceOf(path)}`;

/** The key a request names: in the path, else in the body. */
const keyOf = (request: Call) =>
  request.path?.key ?? (request.body as { key?: unknown } | undefined)?.key;

/** How often a 429 is waited out before its answer counts. */
const RATE_LIMIT_RETRIES = 3;
const MAX_RETRY_AFTER_MS = 60_000;

export class Session {
  readonly #options: SessionOptions;
  readonly #interval: number;
  #nextStart = 0;
  #interrupted = false;
  /**
   * Keys this run created, by resource, with how many live ones carry each (a server may
   * allow twin customers).
   */
  readonly #owned = new Map<Resource, Map<string, number>>();

  constructor(options: SessionOptions) {
    this.#options = options;
    this.#interval = 1000 / options.requestsPerSecond;
  }

  /** Keys of the customers this run created and has not deleted yet. */
  get owned(): string[] {
    return this.ownedOf('customers');
  }

  /** Keys of what this run created under `resource` and has not deleted yet. */
  ownedOf(resource: Resource): string[] {
    return [...(this.#owned.get(resource)?.keys() ?? [])];
  }

  #ownedIn(resource: Resource): Map<string, number> {
    const keys = this.#owned.get(resource) ?? new Map<string, number>();
    this.#owned.set(resource, keys);
    return keys;
  }

  /** Stops every later request except the clean-up's. */
  interrupt(): void {
    this.#interrupted = true;
  }

  /** Sends one request of an operation; refuses changes to customers this run did not make. */
  async send(operationId: string, request: Call = {}, cleanup = false): Promise<Exchange> {
    if (this.#interrupted && !cleanup) throw new Error('interrupted: no further checks were run');
    const operation = spec.operation(operationId);
    this.#guard(operationId, operation.method, operation.path, request);
    const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = request.path?.[name];
      if (value === undefined) throw new Error(`${operationId} needs the path parameter ${name}`);
      return encodeURIComponent(value).replaceAll('%40', '@');
    });
    const query = new URLSearchParams(
      Object.entries(request.query ?? {}).map(([name, value]) => [name, String(value)]),
    ).toString();
    const target = query ? `${path}?${query}` : path;
    const exchange = await this.#fetch(operation.method, target, request.body);
    const result = { operationId, method: operation.method, target, ...exchange };
    this.#track(operation.method, operation.path, request, result);
    return result;
  }

  #guard(operationId: string, method: string, path: string, request: Call): void {
    if (method === 'GET' || createsOf(method, path)) return;
    const resource = resourceOf(path);
    const key = keyOf(request);
    if (typeof key !== 'string' || !this.#ownedIn(resource).has(key)) {
      throw new NotOursError(
        `refusing ${operationId} on ${JSON.stringify(key ?? null)}: this run did not create that ${resource.replace(/s$/, '')}`,
      );
    }
  }

  #track(method: string, path: string, request: Call, exchange: Exchange): void {
    const created = createsOf(method, path);
    // A create without a key (a webhook's is optional) gets the one the answer gives.
    const key =
      keyOf(request) ??
      (created
        ? (exchange.body as { data?: { key?: unknown } } | undefined)?.data?.key
        : undefined);
    if (typeof key !== 'string') return;
    const owned = this.#ownedIn(resourceOf(path));
    const live = owned.get(key) ?? 0;
    const succeeded = exchange.status >= 200 && exchange.status <= 299;
    if (created && succeeded) owned.set(key, live + 1);
    if (method === 'DELETE') {
      // A 404 says nothing with this key is left to delete.
      if (exchange.status === 404 || (succeeded && live <= 1)) owned.delete(key);
      else if (succeeded) owned.set(key, live - 1);
    }
  }

  async #fetch(
    method: string,
    target: string,
    body: unknown,
  ): Promise<Pick<Exchange, 'status' | 'headers' | 'body'>> {
    for (let attempt = 0; ; attempt++) {
      await this.#slot();
      const init = {
        method,
        headers: {
          Accept: 'application/json',
          Authorization: `Bearer ${this.#options.apiKey}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 30_000),
      };
      // `fetch` refuses a body on GET, which Partnero's own clients send.
      const response =
        method === 'GET' && body !== undefined
          ? await httpExchange(this.#options.baseUrl + target, init)
          : await fetch(this.#options.baseUrl + target, init).then(async (answer) => ({
              status: answer.status,
              headers: answer.headers,
              text: await answer.text(),
            }));
      const { text } = response;
      if (response.status === 429 && attempt < RATE_LIMIT_RETRIES) {
        const seconds = Number(response.headers.get('retry-after'));
        await sleep(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 5_000);
        continue;
      }
      return { status: response.status, headers: response.headers, body: parseJson(text) };
    }
  }

  /** Waits until the next request may start, so that starts are `1 / rate` seconds apart. */
  async #slot(): Promise<void> {
    const now = performance.now();
    const start = Math.max(now, this.#nextStart);
    this.#nextStart = start + this.#interval;
    if (start > now) await sleep(start - now);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(ms, MAX_RETRY_AFTER_MS)));
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
