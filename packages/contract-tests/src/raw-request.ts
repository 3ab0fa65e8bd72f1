// Requests the typed client would never send: missing fields, out-of-range values, bad
// tokens. They go straight over HTTP to show that the validating Prism refuses them.
import { createRecorder, type Exchange } from './recorder.js';

export interface RawRequest {
  method: string;
  path: string;
  body?: unknown;
  /** The bearer token; `null` sends no Authorization header. */
  token: string | null;
  headers?: Record<string, string>;
}

export async function rawRequest(baseUrl: string, request: RawRequest): Promise<Exchange> {
  const recorder = createRecorder();
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  if (request.token !== null) headers.Authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  await recorder.fetch(baseUrl + request.path, {
    method: request.method,
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  const [exchange] = recorder.take();
  if (!exchange) throw new Error(`no exchange recorded for ${request.method} ${request.path}`);
  return exchange;
}
