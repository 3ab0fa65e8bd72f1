import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from './support/receiver.ts';
import {
  apiFor,
  databaseUrl,
  exited,
  newApiKey,
  spawnCli,
  stopChild,
  storageUnderTest,
} from './support/sandbox.ts';

// At least once, nothing lost: the sandbox runs as a child process through its CLI and is
// killed with SIGKILL after the changes were committed and answered, while the receiver holds
// the first delivery unanswered. A new sandbox on the same data delivers every event.

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map(stopChild));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function storageArgs(): string[] {
  if (storageUnderTest() === 'postgres') return ['--database-url', databaseUrl()];
  const folder = mkdtempSync(join(tmpdir(), 'partnero-sandbox-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return ['--data', folder];
}

describe(`webhook deliveries through kill -9 (${storageUnderTest()})`, () => {
  it('delivers customer.created, updated and deleted after a kill -9 between change and delivery', async () => {
    // A 500 ms timeout makes the lease of the killed process's attempt lapse after 2 s.
    const args = [
      '--port',
      '0',
      '--strict',
      '--webhook-timeout',
      '500',
      '--webhook-retry-base',
      '50',
      ...storageArgs(),
    ];
    const receiver: Receiver = await startReceiver((n) => (n === 1 ? 'hang' : 200));
    cleanups.push(() => receiver.close());

    const first = await spawnCli(args);
    children.push(first.child);
    const api = apiFor(first.url, newApiKey());
    const subscribed = await api.call('POST', '/v1/webhooks', {
      name: 'durable',
      url: receiver.url,
      events: ['customer.created', 'customer.updated', 'customer.deleted'],
    });
    expect(subscribed.status).toBe(200);
    const { key, signature } = (subscribed.body as { data: { key: string; signature: string } })
      .data;
    receiver.trust(key, signature);

    const changes = [
      await api.call('POST', '/v1/customers', { key: 'cus_1', partner: { key: 'p' } }),
      await api.call('PUT', '/v1/customers/cus_1', { update: { name: 'Ada' } }),
      await api.call('DELETE', '/v1/customers/cus_1'),
    ];
    expect(changes.map((c) => c.status)).toEqual([200, 200, 200]);
    // The first delivery is in the receiver's hands, unanswered: kill the sandbox now.
    await receiver.until(1);
    first.child.kill('SIGKILL');
    expect((await exited(first.child)).signal).toBe('SIGKILL');
    expect(receiver.received).toHaveLength(1);

    const second = await spawnCli(args);
    children.push(second.child);
    const got = await receiver.until(4, 20_000);
    // customer.created twice: the killed attempt arrived but was never acknowledged.
    expect(got.map((r) => [r.body.event, r.body.data.key, r.verified])).toEqual([
      ['customer.created', 'cus_1', true],
      ['customer.created', 'cus_1', true],
      ['customer.updated', 'cus_1', true],
      ['customer.deleted', 'cus_1', true],
    ]);
    expect(got[1]?.raw).toBe(got[0]?.raw);
    const listed = await apiFor(second.url, api.apiKey).call(
      'GET',
      '/__sandbox/webhooks/deliveries',
    );
    const rows = (listed.body as { data: { status: string; attempts: number }[] }).data;
    const deadline = Date.now() + 5_000;
    let settled = rows;
    while (settled.some((r) => r.status !== 'delivered') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const again = await apiFor(second.url, api.apiKey).call(
        'GET',
        '/__sandbox/webhooks/deliveries',
      );
      settled = (again.body as { data: typeof rows }).data;
    }
    expect(settled.map((r) => [r.status, r.attempts])).toEqual([
      ['delivered', 1],
      ['delivered', 1],
      ['delivered', 2],
    ]);
  }, 60_000);
});
