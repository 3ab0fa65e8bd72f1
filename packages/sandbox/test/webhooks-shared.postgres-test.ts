import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from './support/receiver.js';
import { apiFor, databaseUrl, newApiKey, spawnCli, stopChild } from './support/sandbox.js';

// Two sandbox processes on one Postgres database deliver from one outbox: each delivery is
// leased by one process at a time, so no event is sent twice when nothing fails.

const children: ChildProcess[] = [];
let receiver: Receiver | undefined;
afterEach(async () => {
  await Promise.all(children.splice(0).map(stopChild));
  await receiver?.close();
});

describe('webhook deliveries from two processes sharing Postgres', () => {
  it('sends each event once, whichever process made the change', async () => {
    receiver = await startReceiver();
    const args = ['--port', '0', '--database-url', databaseUrl()];
    const sandboxes = await Promise.all([spawnCli(args), spawnCli(args)]);
    children.push(...sandboxes.map((s) => s.child));
    const apiKey = newApiKey();
    const [one, two] = sandboxes.map((s) => apiFor(s.url, apiKey));
    if (!one || !two) throw new Error('two sandboxes expected');

    const subscribed = await one.call('POST', '/v1/webhooks', {
      name: 'shared',
      url: receiver.url,
      events: ['customer.created'],
    });
    const { key, signature } = (subscribed.body as { data: { key: string; signature: string } })
      .data;
    receiver.trust(key, signature);

    const keys = Array.from({ length: 200 }, (_, i) => `shared_${i}`);
    const answers = await Promise.all(
      keys.map((k, i) =>
        (i % 2 === 0 ? one : two).call('POST', '/v1/customers', { key: k, partner: { key: 'p' } }),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);

    const got = await receiver.until(keys.length, 20_000);
    // Anything sent twice would arrive within the next poll of the other process.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(got.every((r) => r.verified)).toBe(true);
    expect(got.map((r) => r.body.data.key).sort()).toEqual([...keys].sort());
    const senders = new Set(got.map((r) => r.headers['user-agent']));
    expect(senders.size).toBeGreaterThanOrEqual(1);
    expect(senders.size).toBeLessThanOrEqual(2);
    process.stdout.write(`deliveries by sender: ${JSON.stringify([...senders])}\n`);
  }, 60_000);
});
