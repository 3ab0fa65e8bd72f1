// `partnero webhooks` against a real sandbox that really delivers: list, create and delete
// a subscription, and `listen --forward-to`, whose forwarded deliveries a receiving app
// verifies with the client's own verifyWebhook; the subscription is gone after SIGTERM or
// SIGINT.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, type WebhookEvent } from '@partnero-kit/client';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, newApiKey, startCli, useHarness } from './support/harness.js';

const harness = useHarness();

const as =
  (apiKey: string) =>
  (...args: string[]) =>
    cli(args, { baseUrl: harness.sandbox.url, apiKey });

/** Calls the sandbox's API as the program of `apiKey`. */
async function call(apiKey: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${harness.sandbox.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data: unknown } };
}

interface Forwarded {
  raw: string;
  signature: string | undefined;
}

/** The developer's app behind --forward-to: records what it is sent and answers 204. */
async function startApp(): Promise<{ url: string; got: Forwarded[]; server: Server }> {
  const got: Forwarded[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    got.push({ raw, signature: req.headers.signature as string | undefined });
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/partnero/webhooks`, got, server };
}

const apps: Server[] = [];
afterEach(async () => {
  for (const server of apps.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function until<T>(what: string, probe: () => T | undefined, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts `webhooks listen` and waits for its banner: the local URL, the webhook and its secret. */
async function startListener(apiKey: string, args: string[]) {
  const child = startCli(['webhooks', 'listen', ...args], {
    PARTNERO_BASE_URL: harness.sandbox.url,
    PARTNERO_API_KEY: apiKey,
  });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  const banner = await until('the listener banner', () =>
    /Ctrl-C stops/.test(stderr) ? stderr : child.exitCode !== null ? stderr : undefined,
  );
  const match =
    /listening on (\S+) .*\nwebhook (\S+) delivers to \S+; its signing secret is (\S+)/.exec(
      banner,
    );
  if (!match) throw new Error(`no banner: ${banner}`);
  const [, localUrl, webhookKey, secret] = match as unknown as string[];
  return {
    child,
    localUrl: localUrl as string,
    webhookKey: webhookKey as string,
    secret: secret as string,
    output: () => ({ stdout, stderr }),
  };
}

describe('partnero webhooks', () => {
  it('create, list and delete a webhook; create prints the signing secret', async () => {
    const apiKey = newApiKey();
    const partnero = as(apiKey);
    const created = await partnero(
      '--json',
      'webhooks',
      'create',
      '--name',
      'Customer sync',
      '--url',
      'https://example.com/hooks',
      '--event',
      'customer.created',
      '--event',
      'customer.deleted',
      '--key',
      'wh_sync',
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const webhook = JSON.parse(created.stdout);
    expect(webhook).toMatchObject({
      key: 'wh_sync',
      url: 'https://example.com/hooks',
      events: ['customer.created', 'customer.deleted'],
      is_active: true,
      signature: expect.any(String),
    });

    const table = (await partnero('webhooks', 'list')).stdout.split('\n');
    expect(table[0]).toMatch(/^KEY\s+NAME\s+URL\s+EVENTS\s+IS_ACTIVE/);
    expect(table[1]).toMatch(
      /^wh_sync\s+Customer sync\s+https:\/\/example\.com\/hooks\s+customer\.created;customer\.deleted\s+true/,
    );
    // The table leaves the secret out; --json and create show it.
    expect(table.join('\n')).not.toContain(webhook.signature);

    expect((await partnero('webhooks', 'delete', 'wh_sync')).stdout).toBe(
      'deleted webhook wh_sync\n',
    );
    const empty = await partnero('webhooks', 'list');
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toBe('no webhooks\n');
  });

  it('refuses a URL that is not http(s) and an unknown event before sending, naming the field', async () => {
    const apiKey = newApiKey();
    const partnero = as(apiKey);
    const ftp = await partnero(
      'webhooks',
      'create',
      '--name',
      'x',
      '--url',
      'ftp://example.com',
      '--event',
      'customer.created',
    );
    expect(ftp.code).toBe(1);
    expect(ftp.stderr).toMatch(/^partnero: url: /);
    const unknown = await partnero(
      'webhooks',
      'create',
      '--name',
      'x',
      '--url',
      'https://x.io',
      '--event',
      'customer.exploded',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^partnero: events\.0: /);
    const listen = await partnero('webhooks', 'listen', '--forward-to', 'localhost:3000');
    expect(listen.code).toBe(1);
    expect(listen.stderr).toMatch(/--forward-to must be an http:\/\/ or https:\/\/ URL/);
    expect((await call(apiKey, 'GET', '/v1/webhooks')).body.data).toEqual([]);
  });

  it('listen --forward-to forwards each signed event unchanged, which the app verifies; SIGTERM removes the webhook', async () => {
    const apiKey = newApiKey();
    const app = await startApp();
    apps.push(app.server);
    const listener = await startListener(apiKey, ['--forward-to', app.url]);
    const subscribed = await call(apiKey, 'GET', '/v1/webhooks');
    expect(subscribed.body.data).toEqual([
      expect.objectContaining({
        key: listener.webhookKey,
        url: listener.localUrl,
        is_active: true,
      }),
    ]);

    expect(
      (await call(apiKey, 'POST', '/v1/customers', { key: 'cus_l1', partner: { key: 'ada' } }))
        .status,
    ).toBe(200);
    expect(
      (await call(apiKey, 'PUT', '/v1/customers/cus_l1', { update: { name: 'Ada' } })).status,
    ).toBe(200);
    const forwarded = await until('two forwarded events', () =>
      app.got.length >= 2 ? app.got : undefined,
    );
    const events: WebhookEvent[] = [];
    for (const { raw, signature } of forwarded) {
      // The very bytes and signature the sandbox sent: the app's own check passes.
      events.push(await verifyWebhook({ body: raw, signature, secret: listener.secret }));
    }
    expect(events.map((event) => [event.event, event.data.key, event.webhook_key])).toEqual([
      ['customer.created', 'cus_l1', listener.webhookKey],
      ['customer.updated', 'cus_l1', listener.webhookKey],
    ]);
    await until('the printed events', () =>
      listener.output().stdout.split('\n').length > 2 ? true : undefined,
    );
    expect(listener.output().stdout).toMatch(
      /^customer\.created {2}cus_l1 {2}\S+\ncustomer\.updated {2}cus_l1 {2}\S+\n$/,
    );

    // A request that Partnero did not sign is refused and not forwarded.
    const forged = await fetch(listener.localUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', signature: '0'.repeat(64) },
      body: forwarded[0]?.raw,
    });
    expect(forged.status).toBe(400);
    expect(app.got.length).toBe(2);

    listener.child.kill('SIGTERM');
    const run = await listener.child.result;
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`removed webhook ${listener.webhookKey}`);
    expect(run.stderr).toContain('refused a delivery: The signature does not match');
    expect((await call(apiKey, 'GET', '/v1/webhooks')).body.data).toEqual([]);
    expect(run.stdout + run.stderr).not.toContain(apiKey);
  });

  it('listen without --forward-to only prints; Ctrl-C (SIGINT) removes the webhook too', async () => {
    const apiKey = newApiKey();
    const listener = await startListener(apiKey, ['--event', 'customer.deleted']);
    const [webhook] = (await call(apiKey, 'GET', '/v1/webhooks')).body.data as {
      events: string[];
    }[];
    expect(webhook?.events).toEqual(['customer.deleted']);
    await call(apiKey, 'POST', '/v1/customers', { key: 'cus_l2', partner: { key: 'ada' } });
    await call(apiKey, 'DELETE', '/v1/customers/cus_l2');
    await until('the printed event', () => (listener.output().stdout ? true : undefined));
    expect(listener.output().stdout).toMatch(/^customer\.deleted {2}cus_l2 /);
    listener.child.kill('SIGINT');
    const run = await listener.child.result;
    expect(run.code).toBe(0);
    expect((await call(apiKey, 'GET', '/v1/webhooks')).body.data).toEqual([]);
  });
});
