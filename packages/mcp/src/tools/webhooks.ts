// The webhook tools: list, get, create, update and delete the program's subscriptions.
// A webhook's signing secret is never answered: results end up in a model's context, and
// the secret belongs in the receiver's configuration only.
import type { Partnero, Webhook } from '@partnero-kit/client';
import type { Json, SpecRuntime } from '@partnero-kit/openapi/runtime';
import { answer } from '../results.js';
import {
  bodyArguments,
  objectSchema,
  outputOf,
  parameterArguments,
  sameShapeAs,
} from '../schemas.js';
import { dryRun } from './shared.js';
import type { ToolDefinition } from './types.js';

/** The field of a webhook that holds its signing secret (test/errors.test.ts checks the spec has it). */
export const SECRET = 'signature';

const WITHHELD = 'The signing secret is withheld.';

/** A webhook as answered: everything but the secret. */
function shown(webhook: Webhook): Json {
  const { [SECRET]: _secret, ...rest } = webhook as unknown as Json;
  return rest;
}

/** The webhook as tools return it, without the secret. */
const webhookOutput = (spec: SpecRuntime) => outputOf(spec, 'Webhook', [SECRET]);

const single = (spec: SpecRuntime) => ({ webhook: webhookOutput(spec) });

/** The key in the path, and the operation's body, as arguments. */
function keyAndBody(spec: SpecRuntime, operationId: string) {
  const key = parameterArguments(spec, spec.operation(operationId));
  const body = bodyArguments(spec, operationId);
  return objectSchema({ ...key.properties, ...body.properties }, [
    ...((key.required as string[]) ?? []),
    ...((body.required as string[]) ?? []),
  ]);
}

const label = (webhook: Webhook) => `${webhook.key} (${webhook.url})`;

export const WEBHOOK_TOOLS: readonly ToolDefinition[] = [
  {
    name: 'list_webhooks',
    operations: ['listWebhooks'],
    access: 'read',
    destructive: false,
    idempotent: true,
    note: WITHHELD,
    input: () => objectSchema({}),
    output: (spec) => ({ webhooks: { type: 'array', items: webhookOutput(spec) } }),
    async run(_args, { client }) {
      const webhooks = await client.webhooks.list();
      return answer(
        { webhooks: webhooks.map(shown) },
        `${webhooks.length} webhook${webhooks.length === 1 ? '' : 's'}.`,
      );
    },
  },
  {
    name: 'get_webhook',
    operations: ['getWebhook'],
    access: 'read',
    destructive: false,
    idempotent: true,
    note: WITHHELD,
    input: (spec) => parameterArguments(spec, spec.operation('getWebhook')),
    output: single,
    async run({ key }, { client }) {
      const webhook = await client.webhooks.retrieve(key as string);
      return answer({ webhook: shown(webhook) }, `Webhook ${label(webhook)}.`);
    },
  },
  {
    name: 'create_webhook',
    operations: ['createWebhook'],
    access: 'write',
    destructive: false,
    idempotent: false,
    note: WITHHELD,
    input: (spec) => bodyArguments(spec, 'createWebhook'),
    output: single,
    async run(args, { client, preview }) {
      const params = args as never;
      if (preview) return dryRun(preview, (c) => c.webhooks.create(params));
      const webhook = await client.webhooks.create(params);
      return answer({ webhook: shown(webhook) }, `Created webhook ${label(webhook)}.`);
    },
  },
  {
    name: 'update_webhook',
    operations: ['updateWebhook'],
    access: 'write',
    destructive: true,
    idempotent: true,
    note: `Also answers \`before\`, to undo a mistake by hand. ${WITHHELD}`,
    input: (spec) => keyAndBody(spec, 'updateWebhook'),
    output: (spec) => ({
      ...single(spec),
      before: sameShapeAs('The webhook before the change, with the fields of `webhook`.'),
    }),
    async run({ key, ...changes }, { client, preview }) {
      const send = (c: Partnero) => c.webhooks.update(key as string, changes as never);
      if (preview) return dryRun(preview, send);
      const before = await client.webhooks.retrieve(key as string);
      const webhook = await send(client);
      return answer(
        { webhook: shown(webhook), before: shown(before) },
        `Updated webhook ${label(webhook)}; \`before\` holds the previous fields.`,
      );
    },
  },
  {
    name: 'delete_webhook',
    operations: ['deleteWebhook'],
    access: 'delete',
    destructive: true,
    idempotent: true,
    note: 'It cannot be undone (update_webhook with `is_active: false` pauses instead). The user is asked to confirm where the client can ask.',
    input: (spec) => parameterArguments(spec, spec.operation('deleteWebhook')),
    output: () => ({
      deleted: sameShapeAs('The deleted webhook as it was, with the fields get_webhook answers.'),
      declined: { type: 'boolean' },
    }),
    async run({ key }, { client, preview, confirm }) {
      if (preview) return dryRun(preview, (c) => c.webhooks.delete(key as string));
      const before = await client.webhooks.retrieve(key as string);
      const asked = await confirm(
        `Delete webhook ${label(before)}? No further events will be sent to it.`,
      );
      if (asked.kind === 'pending') return asked.result;
      if (asked.kind === 'declined') {
        return answer(
          { declined: true },
          `Not deleted: the user declined. Webhook ${label(before)} is unchanged.`,
        );
      }
      await client.webhooks.delete(before.key);
      return answer(
        { deleted: shown(before) },
        `Deleted webhook ${label(before)}; \`deleted\` holds its fields.`,
      );
    },
  },
];
