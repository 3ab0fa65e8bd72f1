// A `fetch` that keeps every exchange it carries, so tests can check raw status codes,
// headers and bodies of the calls the client made (Prism reports violations in a header).

export interface Exchange {
  method: string;
  url: URL;
  status: number;
  headers: Headers;
  /** The body as sent by the server; `undefined` when it was empty or not JSON. */
  json: unknown;
  text: string;
}

export interface Recorder {
  fetch: typeof fetch;
  /** Returns the exchanges recorded since the last call and forgets them. */
  take(): Exchange[];
  /** Like `take`, for a call that must have made exactly one request (no retry). */
  takeOnly(): Exchange;
}

export function createRecorder(): Recorder {
  let exchanges: Exchange[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    const text = await response.clone().text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    exchanges.push({
      method: request.method,
      url: new URL(request.url),
      status: response.status,
      headers: response.headers,
      json,
      text,
    });
    return response;
  };
  return {
    fetch: recordingFetch,
    take() {
      const taken = exchanges;
      exchanges = [];
      return taken;
    },
    takeOnly() {
      const taken = this.take();
      const [only] = taken;
      if (taken.length !== 1 || !only) {
        throw new Error(`expected exactly one request, the client made ${taken.length}`);
      }
      return only;
    },
  };
}
