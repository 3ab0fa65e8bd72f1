import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A keep-alive JSON server on 127.0.0.1; `answer(url)` gives the body to send. */
export async function startJsonServer(
  answer: (url: string) => string,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const body = answer(req.url ?? '/');
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function customer(key: string) {
  return {
    key,
    partner: 'partner_ada',
    deleted: false,
    name: 'Ada',
    surname: 'Lovelace',
    email: `${key}@example.com`,
    status: 'active',
    tags: [{ value: 'vip' }],
    created_at: '2022-10-03T18:07:35.000000Z',
    updated_at: '2022-10-03T18:07:35.000000Z',
    deleted_at: null,
  };
}
