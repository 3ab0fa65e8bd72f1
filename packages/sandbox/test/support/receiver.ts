import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@partnero-kit/client';

/** One request a receiver got: the raw body as it arrived, and whether its signature held. */
export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: { event: string; webhook_key: string; data: { key: string } } & Record<string, unknown>;
  verified: boolean;
}

/**
 * What a receiver does with a request: answer a status, or `'hang'` (never answer) or
 * `'reset'` (drop the connection).
 */
export type Behaviour = number | 'hang' | 'reset';

/**
 * A real HTTP server on 127.0.0.1 that records every webhook delivery and checks its
 * `Signature` with the client's own `verifyWebhook` against the secret it is given, as a
 * user's receiver would.
 */
export async function startReceiver(behave: (n: number, r: Received) => Behaviour = () => 200) {
  const received: Received[] = [];
  const secrets = new Map<string, string>();
  const hanging = new Set<ServerResponse>();
  const waiters: (() => void)[] = [];
  // Verification is asynchronous (Web Crypto): requests are recorded one after the other, in
  // the order they arrived.
  let recorded = Promise.resolve();
  const verified = (raw: string, signature: unknown, secret: string | undefined) =>
    verifyWebhook({ body: raw, signature: signature as string, secret: secret ?? '' }).then(
      () => true,
      () => false,
    );
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw) as Received['body'];
      const check = verified(raw, req.headers.signature, secrets.get(body.webhook_key));
      recorded = recorded.then(async () => record(req, res, raw, body, await check));
    });
  });
  function record(
    req: IncomingMessage,
    res: ServerResponse,
    raw: string,
    body: Received['body'],
    verified: boolean,
  ): void {
    const entry = { path: req.url ?? '/', headers: req.headers, raw, body, verified };
    received.push(entry);
    for (const wake of waiters.splice(0)) wake();
    const behaviour = behave(received.length, entry);
    if (behaviour === 'hang') hanging.add(res);
    else if (behaviour === 'reset') req.socket.destroy();
    else res.writeHead(behaviour, { 'content-type': 'text/plain' }).end(`answer ${behaviour}`);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    /** The secret the receiver checks signatures of this webhook's deliveries with. */
    trust(webhookKey: string, secret: string) {
      secrets.set(webhookKey, secret);
    },
    /** Resolves once `count` requests have arrived; fails after `ms`. */
    async until(count: number, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`the receiver got ${received.length} of ${count} requests`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received;
    },
    close() {
      for (const res of hanging) res.socket?.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
