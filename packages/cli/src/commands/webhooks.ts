// The `webhooks` command group: list, create and delete subscriptions, and `listen`, which
// receives the events on this machine while developing and forwards them to a local app.
import type { WebhookEventName } from '@partnero-kit/client';
import { loadSpec } from '@partnero-kit/openapi/runtime';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { bodyPointer, fieldsOf } from '../fields.js';
import { addFieldOptions, checkedBody, fieldFlags, port } from '../flags.js';
import { printDone, printRecord, printRecords } from '../output.js';
import { listen } from '../webhooks/listen.js';
import { withExample as example } from './help.js';

/** What a listing shows of each webhook; `--json` and `create` also show the secret. */
const COLUMNS = ['key', 'name', 'url', 'events', 'is_active'];

/** Adds `partnero webhooks` and its commands to `program`. */
export function addWebhooksGroup(program: Command, context: () => Context): void {
  const webhooks = example(
    program
      .command('webhooks')
      .description('Subscribe URLs to customer events, and receive them locally while developing'),
    'partnero webhooks listen --help',
  );

  example(
    webhooks
      .command('list')
      .description("List the program's webhooks")
      .action(async () => {
        const ctx = context();
        const all = await ctx.client().webhooks.list();
        await printRecords(all, COLUMNS, ctx.json, ctx.stdout);
        if (!ctx.json && all.length === 0) ctx.stderr.write('no webhooks\n');
      }),
    'partnero webhooks list --json',
  );

  const createFlags = fieldFlags(fieldsOf(bodyPointer('createWebhook')));
  const create = webhooks
    .command('create')
    .description('Subscribe a URL to events; prints the webhook with its signing secret');
  addFieldOptions(create, createFlags, { required: ['name', 'url'] });
  example(
    create.action(async (flags: Record<string, unknown>) => {
      const ctx = context();
      const body = checkedBody(createFlags, flags, 'createWebhook');
      printRecord(await ctx.client().webhooks.create(body as never), ctx.json, ctx.stdout);
    }),
    'partnero webhooks create --name "Customer sync" --url https://example.com/hooks --event customer.created --event customer.deleted',
  );

  example(
    webhooks
      .command('delete')
      .description('Remove a webhook; no further events are sent to it')
      .argument('<key>', 'the webhook key')
      .action(async (key: string) => {
        const ctx = context();
        await ctx.client().webhooks.delete(key);
        printDone(`deleted webhook ${key}`, { key, deleted: true }, ctx.json, ctx.stdout);
      }),
    'partnero webhooks delete wh_customers',
  );

  const events = [...loadSpec().webhooks.keys()];
  example(
    webhooks
      .command('listen')
      .description(
        'Receive events on this machine: subscribes a webhook to a local server for as long as it runs, prints each event, verified, and forwards it unchanged (same body and Signature) to --forward-to',
      )
      .option('--forward-to <url>', 'POST each verified event to this URL, e.g. your local app')
      .option(
        '--event <name>',
        `an event to receive (repeat for more; default: all of ${events.join(', ')})`,
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      )
      .option('--host <address>', 'the address the local server listens on', '127.0.0.1')
      .option('--port <n>', 'the port it listens on (default: any free port)', port('--port'))
      .option(
        '--url <url>',
        'the URL the API delivers to, when it cannot reach --host:--port itself (a tunnel, a container address)',
      )
      .action(
        async (flags: {
          forwardTo?: string;
          event?: string[];
          host: string;
          port?: number;
          url?: string;
        }) => {
          for (const [flag, value] of [
            ['--forward-to', flags.forwardTo],
            ['--url', flags.url],
          ] as const) {
            if (value !== undefined && !/^https?:\/\/[^/]/i.test(value)) {
              throw new CliError(`${flag} must be an http:// or https:// URL; got ${value}`);
            }
          }
          const unknown = (flags.event ?? []).filter((name) => !events.includes(name));
          if (unknown.length) {
            throw new CliError(
              `--event: ${unknown.join(', ')} is not an event; the events are ${events.join(', ')}`,
            );
          }
          // Checked against the spec's events just above.
          const chosen = (flags.event ?? events) as WebhookEventName[];
          await listen(context(), { ...flags, port: flags.port ?? 0, events: chosen });
        },
      ),
    'partnero --base-url http://127.0.0.1:4010 webhooks listen --forward-to http://127.0.0.1:3000/partnero/webhooks',
  );
}
