import { randomBytes, randomUUID } from 'node:crypto';
import type { Json } from '@partnero-kit/openapi/runtime';
import type { Reply } from '../http/replies.js';
import type { SpecRuntime } from '../spec.js';
import { UniqueViolation } from '../storage/types.js';
import type { WebhookRow } from '../storage/webhook-types.js';
import { takenErrors, validationBody } from '../validation.js';
import type { Handler } from './handlers.js';
import { apiTimestamp } from './mapping.js';

/** The body of create and update, as the spec's schemas have already checked it. */
interface WebhookBody {
  key?: string;
  name?: string;
  url?: string;
  events?: string[];
  is_active?: boolean;
}

export type WebhookHandlers = Record<
  'listWebhooks' | 'createWebhook' | 'getWebhook' | 'updateWebhook' | 'deleteWebhook',
  Handler
>;

/** A new webhook's key when the request names none: Partnero's own format is not documented. */
const newKey = () => `wh_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
/** The signing secret: 32 random bytes as hex (Partnero's format is not documented either). */
export const newSignature = () => randomBytes(32).toString('hex');

/** A stored webhook as the spec's `Webhook` schema answers it: its properties, in its order. */
export function webhookFormat(spec: SpecRuntime): (row: WebhookRow) => Record<string, unknown> {
  const names = Object.keys((spec.schema('Webhook').properties as Json | undefined) ?? {});
  return (row) =>
    Object.fromEntries(names.map((name) => [name, (row as unknown as Json)[name] ?? null]));
}

/**
 * The operations under `/v1/webhooks`, over the storage's webhooks, per program. What they
 * read of the spec is read on first use, so a spec without webhooks still serves the rest.
 */
export function createWebhookHandlers(
  spec: SpecRuntime,
  replies: { notFound: () => Reply; done: Reply },
): WebhookHandlers {
  let format: ReturnType<typeof webhookFormat> | undefined;
  const webhook = (row: WebhookRow) => {
    format ??= webhookFormat(spec);
    return format(row);
  };
  const found = (row: WebhookRow | undefined): Reply =>
    row ? { status: 200, body: { data: webhook(row), status: 1 } } : replies.notFound();
  const keyOf = (params: Record<string, unknown>) => params.key as string;

  return {
    listWebhooks: async (storage, { program }) => ({
      status: 200,
      body: { data: (await storage.webhooks.list(program)).map(webhook), status: 1 },
    }),

    async createWebhook(storage, { program, body }) {
      const input = body as Required<Pick<WebhookBody, 'name' | 'url' | 'events'>> & WebhookBody;
      try {
        const created = await storage.webhooks.create(program, {
          key: input.key ?? newKey(),
          name: input.name,
          url: input.url,
          events: input.events,
          is_active: input.is_active ?? true,
          signature: newSignature(),
          now: apiTimestamp(),
        });
        return found(created);
      } catch (error) {
        if (error instanceof UniqueViolation)
          return { status: 422, body: validationBody(takenErrors(['key'])) };
        throw error;
      }
    },

    getWebhook: async (storage, { program, params }) =>
      found(await storage.webhooks.find(program, keyOf(params))),

    async updateWebhook(storage, { program, params, body }) {
      const { name, url, events, is_active } = body as WebhookBody;
      const changes = { name, url, events, is_active, now: apiTimestamp() };
      return found(await storage.webhooks.update(program, keyOf(params), changes));
    },

    deleteWebhook: async (storage, { program, params }) =>
      (await storage.webhooks.delete(program, keyOf(params))) ? replies.done : replies.notFound(),
  };
}
