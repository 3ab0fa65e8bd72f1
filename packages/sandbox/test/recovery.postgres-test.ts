import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { loadSpec } from '@partnero-kit/openapi/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { apiFor, databaseUrl, newApiKey, spawnCli, stopChild } from './support/sandbox.js';

// Only in the Postgres run (vitest.postgres.config.ts), against the throwaway cluster of
// `.ci/postgres.sh`: the database server is stopped and started again in the middle of a run
// of creates, as a routine restart or failover would.

const run = promisify(execFile);
const pgCtl = process.env.PARTNERO_PG_CTL;
const children: ChildProcess[] = [];
afterAll(async () => {
  await Promise.all(children.map(stopChild));
});

const serverError = loadSpec().operation('createCustomer').responses.get(500)?.examples[0];

describe('a Postgres restart in the middle of a run of creates', () => {
  it('answers 500 at once while the database is down, recovers by itself, loses nothing acknowledged', async () => {
    if (!pgCtl) throw new Error('PARTNERO_PG_CTL is not set: run through `bash .ci/postgres.sh`');
    const sandbox = await spawnCli(['--port', '0', '--strict', '--database-url', databaseUrl()]);
    children.push(sandbox.child);
    const { call } = apiFor(sandbox.url, newApiKey());

    const acknowledged: string[] = [];
    const failures: { status: number; body: unknown; ms: number }[] = [];
    let next = 0;
    let stopping = false;
    const createLoop = async () => {
      while (!stopping) {
        const key = `restart_${next++}`;
        const started = performance.now();
        const answer = await call('POST', '/v1/customers', { key, partner: { key: 'p' } });
        if (answer.status === 200) acknowledged.push(key);
        else
          failures.push({
            status: answer.status,
            body: answer.body,
            ms: performance.now() - started,
          });
      }
    };
    const until = async (condition: () => boolean, what: string, ms = 20_000) => {
      const deadline = Date.now() + ms;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    const loops = [createLoop(), createLoop()];
    await until(() => acknowledged.length >= 20, 'creates before the restart');
    // A burst opens more connections than the loops use, so some sit idle in the pool when
    // the server ends them: the case that used to stop the process.
    await Promise.all(Array.from({ length: 10 }, () => call('GET', '/v1/customers?limit=1')));
    await run(pgCtl, ['stop']);
    const ackedBeforeStop = acknowledged.length;
    // While the server is down, every request still gets an answer, and fast.
    await until(() => failures.length >= 10, 'answers while the database is down');
    await run(pgCtl, ['start']);
    await until(() => acknowledged.length >= ackedBeforeStop + 20, 'creates after the restart');
    stopping = true;
    await Promise.all(loops);

    expect(sandbox.child.exitCode).toBeNull();
    expect(failures.length).toBeGreaterThanOrEqual(10);
    for (const failure of failures) {
      expect(failure.status).toBe(500);
      expect(failure.body).toEqual(serverError);
      expect(failure.ms).toBeLessThan(3_000);
    }
    // Every create that was answered 200 is there after the restart.
    for (const key of acknowledged) {
      const found = await call('GET', `/v1/customers/${key}`);
      expect(found.status, key).toBe(200);
    }
    expect(sandbox.output()).toContain('lost a database connection');
  });
});
