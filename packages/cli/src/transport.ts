// The `fetch` the CLI gives the client: requests over a keep-alive node:http(s) agent, the
// answer read whole into a `Response`. Node's built-in fetch spent about twice the CPU per
// request (web streams, per-request objects), which on a 2-core machine that also runs the
// API halved the import's rate (a one-off experiment, figures in the README). The
// client keeps its retries, timeouts and errors: it only ever sees a `Response` or a
// `TypeError('fetch failed')` whose `cause` carries the socket error code, as undici gives.
import http from 'node:http';
import https from 'node:https';

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * A `Response` whose body was read whole before it was made: `text()`, the way the client
 * reads a body, and `json()` answer it; `body` is null. Giving `Response` the body instead
 * cost a web stream per answer, about a third of the import's CPU per row (see the README).
 */
class ReadResponse extends Response {
  readonly #text: string;
  constructor(text: string, init: ResponseInit) {
    super(null, init);
    this.#text = text;
  }
  override async text(): Promise<string> {
    return this.#text;
  }
  override async json(): Promise<unknown> {
    return JSON.parse(this.#text);
  }
}

export function createTransport(maxSockets: number): { fetch: Fetch; close(): void } {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets }),
    'https:': new https.Agent({ keepAlive: true, maxSockets }),
  };
  const fetch: Fetch = (url, init) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const agent = agents[target.protocol as keyof typeof agents];
      if (!agent) {
        reject(new TypeError(`fetch failed: unsupported protocol ${target.protocol}`));
        return;
      }
      const send = target.protocol === 'https:' ? https.request : http.request;
      const request = send(
        target,
        {
          method: init.method ?? 'GET',
          headers: Object.fromEntries(new Headers(init.headers)),
          agent,
          signal: init.signal ?? undefined,
        },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('error', (cause) => reject(new TypeError('fetch failed', { cause })));
          answer.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(answer.headers)) {
              if (value !== undefined)
                headers.set(name, Array.isArray(value) ? value.join(', ') : value);
            }
            const status = answer.statusCode ?? 500;
            resolve(new ReadResponse(Buffer.concat(chunks).toString('utf8'), { status, headers }));
          });
        },
      );
      request.on('error', (cause) => reject(new TypeError('fetch failed', { cause })));
      request.end(typeof init.body === 'string' ? init.body : undefined);
    });
  return {
    fetch,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
