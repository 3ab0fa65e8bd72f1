import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../context.js';
import { type Reply, send } from '../http/replies.js';
import { readJson } from '../http/request.js';
import { apiTimestamp } from '../operations/mapping.js';

/** A `/__sandbox/webhooks/...` control route, with what its path names. */
export type WebhookControl =
  | { name: 'deliveries' }
  | { name: 'resend'; id: number }
  | { name: 'test'; key: string };

const DELIVERIES_LISTED = 200;

/** The webhook control route at this method and path, if it is one. */
export function webhookControlRoute(method: string, path: string): WebhookControl | undefined {
  if (method === 'GET' && path === '/__sandbox/webhooks/deliveries') return { name: 'deliveries' };
  if (method !== 'POST') return undefined;
  const resend = /^\/__sandbox\/webhooks\/deliveries\/(\d{1,15})\/resend$/.exec(path);
  if (resend) return { name: 'resend', id: Number(resend[1]) };
  const test = /^\/__sandbox\/webhooks\/([^/]+)\/test$/.exec(path);
  if (test?.[1]) {
    try {
      return { name: 'test', key: decodeURIComponent(test[1]) };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const notFound = (what: string): Reply => ({ status: 404, body: { message: `${what} not found` } });

/**
 * Lists the program's deliveries (status, attempts, last answer), sends one again, or sends
 * a test event to one webhook: the spec's example of the event, to the webhook's URL.
 */
export async function handleWebhookControl(
  context: SandboxContext,
  route: WebhookControl,
  program: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { webhooks } = context.storage;
  if (route.name === 'deliveries') {
    req.resume();
    const data = await webhooks.deliveries(program, DELIVERIES_LISTED);
    return send(res, { status: 200, body: { data, status: 1 } });
  }
  if (route.name === 'resend') {
    req.resume();
    if (!(await webhooks.resend(program, route.id, Date.now())))
      return send(res, notFound('Delivery'));
    context.wakeDeliveries();
    return send(res, { status: 200, body: { status: 1 } });
  }

  const read = await readJson(req);
  if (read.kind !== 'json') return send(res, context.replies.badJson);
  const webhook = await webhooks.find(program, route.key);
  if (!webhook) return send(res, notFound('Webhook'));
  const asked = (read.value as { event?: unknown } | null)?.event;
  const event = asked ?? webhook.events[0];
  if (typeof event !== 'string' || !context.spec.webhooks.has(event)) {
    const known = [...context.spec.webhooks.keys()].join(', ');
    return send(res, context.replies.invalid({ event: [`The event must be one of ${known}.`] }));
  }
  const example = context.spec.webhook(event).payload.examples[0] as
    | { data?: { key?: string } }
    | undefined;
  if (!example?.data) throw new Error(`the spec gives the event ${event} no example with data`);
  const id = await webhooks.enqueue(program, webhook.key, {
    event,
    customerKey: example.data.key ?? '',
    data: JSON.stringify(example.data),
    at: apiTimestamp(),
    nowMs: Date.now(),
  });
  context.wakeDeliveries();
  send(res, { status: 200, body: { status: 1, delivery: id } });
}
