// `partnero webhooks listen`: a local HTTP server that the API can reach, a webhook
// subscribed to it for as long as the command runs, and for each delivery: verify it with
// the client's own `verifyWebhook`, print it, and forward it unchanged (same bytes, same
// `Signature`) to the developer's app. The subscription is removed on every way out:
// Ctrl-C, SIGTERM, or a failure after it was made.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  verifyWebhook,
  type Webhook,
  type WebhookEvent,
  type WebhookEventName,
  WebhookVerificationError,
} from '@partnero-kit/client';
import type { Context } from '../context.js';

export interface ListenOptions {
  /** Where each verified event is POSTed again; without it, events are only printed. */
  forwardTo?: string | undefined;
  /** The events to subscribe to. */
  events: WebhookEventName[];
  /** The address the local server binds to. */
  host: string;
  /** Its port; `0` picks a free one. */
  port: number;
  /** The URL the API delivers to, when the local address is not reachable from it (a tunnel). */
  url?: string | undefined;
}

/** How long the app behind `--forward-to` may take; the API itself waits 5 s. */
const FORWARD_TIMEOUT_MS = 5_000;

/** Headers of a delivery that are passed on to `--forward-to`, as they came. */
const FORWARDED_HEADERS = ['content-type', 'signature', 'user-agent'];

/** Resolves on the first SIGINT (Ctrl-C) or SIGTERM, which then no longer end the process. */
const signalled = (): Promise<NodeJS.Signals> =>
  new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** One line for an event: its name, the customer's key, and when it happened. */
const describeEvent = (event: WebhookEvent) =>
  `${event.event}  ${event.data.key}  ${event.created_at}`;

export async function listen(ctx: Context, options: ListenOptions): Promise<void> {
  const stopped = signalled();
  // Deliveries can race the create's answer: they wait for the secret it carries.
  let webhook: Promise<Webhook> | undefined;

  const server = createServer((request, response) => {
    receive(request, response).catch((error: unknown) => {
      ctx.stderr.write(`partnero: ${(error as Error).message}\n`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });

  async function receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await bodyOf(request);
    if (request.method !== 'POST' || !webhook) {
      response.writeHead(request.method === 'POST' ? 503 : 405).end();
      return;
    }
    const { signature } = await webhook;
    let event: WebhookEvent;
    try {
      event = await verifyWebhook({
        body,
        signature: request.headers.signature as string,
        secret: signature,
      });
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      ctx.stderr.write(`refused a delivery: ${error.message}\n`);
      response.writeHead(400, { 'content-type': 'text/plain' }).end(error.message);
      return;
    }
    ctx.stdout.write(ctx.json ? `${body.toString('utf8')}\n` : `${describeEvent(event)}\n`);
    if (!options.forwardTo) {
      response.writeHead(204).end();
      return;
    }
    const status = await forward(body, request, options.forwardTo);
    if (!ctx.json) ctx.stderr.write(`  → ${options.forwardTo} ${status ?? 'unreachable'}\n`);
    // The app's answer becomes the API's: an app that fails makes the API retry, as it would.
    response.writeHead(status ?? 502).end();
  }

  async function forward(body: Buffer, request: IncomingMessage, target: string) {
    const headers = Object.fromEntries(
      FORWARDED_HEADERS.flatMap((name) => {
        const value = request.headers[name];
        return typeof value === 'string' ? [[name, value]] : [];
      }),
    );
    try {
      const answer = await fetch(target, {
        method: 'POST',
        headers,
        body: new Uint8Array(body),
        signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
      });
      await answer.body?.cancel();
      return answer.status;
    } catch (error) {
      ctx.stderr.write(`partnero: cannot forward to ${target}: ${(error as Error).message}\n`);
      return undefined;
    }
  }

  server.listen(options.port, options.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = options.url ?? `http://${host}:${port}/`;
  const client = ctx.client();
  try {
    webhook = client.webhooks.create({
      name: `partnero webhooks listen (pid ${process.pid})`,
      url,
      events: options.events,
    });
    const { key, signature } = await webhook;
    ctx.stderr.write(
      [
        `listening on http://${host}:${port}/ for ${options.events.join(', ')}`,
        `webhook ${key} delivers to ${url}; its signing secret is ${signature}`,
        options.forwardTo ? `forwarding each event to ${options.forwardTo}` : 'printing each event',
        'Ctrl-C stops and removes the webhook',
        '',
      ].join('\n'),
    );
    await stopped;
  } finally {
    server.close();
    server.closeAllConnections();
    const made = await webhook?.catch(() => undefined);
    if (made) {
      await client.webhooks.delete(made.key);
      ctx.stderr.write(`removed webhook ${made.key}\n`);
    }
  }
}
