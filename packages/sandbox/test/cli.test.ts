import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiFor, newApiKey, runCli, spawnCli, stopChild } from './support/sandbox.js';

const folder = mkdtempSync(join(tmpdir(), 'partnero-sandbox-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('partnero-sandbox CLI', () => {
  it('--help documents every flag with its default', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--port',
      '--host',
      '--data',
      '--memory',
      '--database-url',
      '--strict',
      '--seed',
    ]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain('default: 4010');
    expect(stdout).toContain('default: 127.0.0.1');
    expect(stdout).toContain('default: .partnero-sandbox/');
    expect(stdout).toContain('DATABASE_URL');
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--port', 'abc'], /--port must be a whole number/],
    [['--port'], /--port/],
    [['--memory', '--database-url', 'postgres://x'], /cannot be combined/],
    [['--memory', '--seed', 'missing.json'], /seed file not found/],
  ])('refuses %j with one clear line', async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('serves with --memory and a --seed file, printing its URL', async () => {
    const apiKey = newApiKey();
    const seedFile = join(folder, 'seed.json');
    writeFileSync(
      seedFile,
      JSON.stringify({
        apiKey,
        partners: [{ key: 'partner_ada' }],
        customers: [{ key: 'seeded', partner: { key: 'partner_ada' } }],
      }),
    );
    const { child, url } = await spawnCli(['--port', '0', '--memory', '--seed', seedFile]);
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const { call } = apiFor(url, apiKey);
      expect((await call('GET', '/v1/customers/seeded')).status).toBe(200);
      const unknown = await call('POST', '/v1/customers', { key: 'n', partner: { key: 'ghost' } });
      expect(unknown.status).toBe(400);
    } finally {
      await stopChild(child);
    }
  });

  it('a second sandbox on the same --data folder stops at once, saying the folder is in use', async () => {
    const data = join(folder, 'shared');
    const first = await spawnCli(['--port', '0', '--data', data]);
    try {
      const started = performance.now();
      const { code, stderr } = await runCli(['--port', '0', '--data', data]);
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(
        `partnero-sandbox: ${data} is in use by another sandbox: stop that one, or give this one another data folder (--data, or dataDir).`,
      );
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      await stopChild(first.child);
    }
    // Once the first has stopped, the folder is free again.
    const again = await spawnCli(['--port', '0', '--data', data]);
    await stopChild(again.child);
  });

  it('refuses an invalid seed file, naming the field', async () => {
    const seedFile = join(folder, 'bad-seed.json');
    writeFileSync(seedFile, JSON.stringify({ apiKey: 'k', customers: [{ key: 'x' }] }));
    const { code, stderr } = await runCli(['--port', '0', '--memory', '--seed', seedFile]);
    expect(code).toBe(1);
    expect(stderr).toContain('customers.0.partner');
  });
});
