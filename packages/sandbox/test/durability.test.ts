import { describe, expect, it } from 'vitest';
import { useSandboxProcesses } from './support/processes.js';
import { apiFor, exited, newApiKey, spawnCli, storageUnderTest } from './support/sandbox.js';

// The sandbox runs as a real child process through its CLI; `kill -9` leaves it no chance to
// flush or close anything, so only what was committed before the answer can survive.

const { track, storageArgs } = useSandboxProcesses();

describe(`durability (${storageUnderTest()})`, () => {
  it('keeps every answered create after kill -9 and a restart', async () => {
    const args = ['--port', '0', '--strict', ...storageArgs()];
    const first = await spawnCli(args);
    track(first.child);
    const apiKey = newApiKey();
    const api = apiFor(first.url, apiKey);
    const keys = Array.from({ length: 20 }, (_, i) => `durable_${i}`);
    const answers = await Promise.all(
      keys.map((key) => api.call('POST', '/v1/customers', { key, partner: { key: 'p' } })),
    );
    expect(answers.map((a) => a.status)).toEqual(keys.map(() => 200));
    first.child.kill('SIGKILL');
    expect((await exited(first.child)).signal).toBe('SIGKILL');

    const second = await spawnCli(args);
    track(second.child);
    const again = apiFor(second.url, apiKey);
    for (const key of keys) {
      const read = await again.call('GET', `/v1/customers/${key}`);
      expect(read.status, key).toBe(200);
    }
  });

  it('shuts down cleanly on SIGINT and SIGTERM', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const running = await spawnCli(['--port', '0', ...storageArgs()]);
      track(running.child);
      // An open keep-alive connection must not hold the shutdown up.
      await apiFor(running.url).call('GET', '/v1/customers');
      running.child.kill(signal);
      expect(await exited(running.child)).toEqual({ code: 0, signal: null });
    }
  });
});
