import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the scripted server saw of one request. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  seen: SeenRequest,
  index: number,
) => unknown;

export interface TestServer {
  url: string;
  requests: SeenRequest[];
  /** The most requests it was ever answering at once, and the most connections open at once. */
  peak: { inFlight: number; connections: number };
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 whose answers a test scripts: `handler` gets each request
 * with its body already read and its position in the sequence.
 */
export async function startServer(handler: Handler, port = 0): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const peak = { inFlight: 0, connections: 0 };
  let inFlight = 0;
  let connections = 0;
  const server = createServer(async (req, res) => {
    peak.inFlight = Math.max(peak.inFlight, ++inFlight);
    res.on('close', () => inFlight--);
    let body = '';
    for await (const chunk of req) body += chunk;
    const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
    requests.push(seen);
    try {
      await handler(req, res, seen, requests.length - 1);
    } catch (error) {
      res.destroy(error as Error);
    }
  });
  server.on('connection', (socket) => {
    peak.connections = Math.max(peak.connections, ++connections);
    socket.on('close', () => connections--);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    peak,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends `body` as JSON with `status` and extra headers. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A customer as the API returns it. */
export function customer(key: string, overrides: Record<string, unknown> = {}) {
  return {
    key,
    partner: 'p1',
    deleted: false,
    name: null,
    surname: null,
    email: `${key}@example.com`,
    created_at: '2024-01-01T00:00:00.000000Z',
    updated_at: '2024-01-01T00:00:00.000000Z',
    deleted_at: null,
    ...overrides,
  };
}

export const TOKEN = 'sk_test_SECRET_a1b2c3d4e5f6';
