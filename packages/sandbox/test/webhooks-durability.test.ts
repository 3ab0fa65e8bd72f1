import { describe, expect, it } from 'vitest';
import { useSandboxProcesses } from './support/processes.js';
import { type Receiver, startReceiver } from './support/receiver.js';
import { apiFor, exited, newApiKey, spawnCli, storageUnderTest } from './support/sandbox.js';

// At least once, nothing lost: the sandbox runs as a child process through its CLI and is
// killed with SIGKILL after the changes were committed and answered, while the receiver holds
// the first delivery unanswered. A new sandbox on the same data delivers every event.

const { track, afterTest, storageArgs } = useSandboxProcesses();

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
    afterTest(() => receiver.close());

    const first = await spawnCli(args);
    track(first.child);
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
    track(second.child);
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

  it('holds events with --hold-webhooks, and a later sandbox sends a backlog larger than it attempts at once', async () => {
    const receiver = await startReceiver();
    afterTest(() => receiver.close());
    const storage = storageArgs();
    const holding = await spawnCli(['--port', '0', '--hold-webhooks', ...storage]);
    track(holding.child);
    const api = apiFor(holding.url, newApiKey());
    const subscribed = await api.call('POST', '/v1/webhooks', {
      name: 'backlog',
      url: receiver.url,
      events: ['customer.created'],
    });
    const { key, signature } = (subscribed.body as { data: { key: string; signature: string } })
      .data;
    receiver.trust(key, signature);
    // More than the 256 attempts a sandbox has in flight at once.
    const keys = Array.from({ length: 300 }, (_, i) => `backlog_${i}`);
    for (let start = 0; start < keys.length; start += 50) {
      const answers = await Promise.all(
        keys
          .slice(start, start + 50)
          .map((k) => api.call('POST', '/v1/customers', { key: k, partner: { key: 'p' } })),
      );
      expect(answers.every((a) => a.status === 200)).toBe(true);
    }
    holding.child.kill('SIGTERM');
    await exited(holding.child);
    expect(receiver.received).toEqual([]);

    const sending = await spawnCli(['--port', '0', ...storage]);
    track(sending.child);
    const got = await receiver.until(keys.length, 30_000);
    expect(got.every((r) => r.verified)).toBe(true);
    expect(new Set(got.map((r) => r.body.data.key))).toEqual(new Set(keys));
  }, 60_000);
});
