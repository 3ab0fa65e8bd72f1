import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Sandbox, SandboxLogger } from '../src/index.js';
import { apiFor, databaseUrl, startTestSandbox } from './support/sandbox.js';

// Only in the Postgres run: the database ends the sandbox's connections, as a restart or a
// failover does, and the sandbox says so through the logger of `startSandbox({ logger })`.

const warnings: string[] = [];
const logger: SandboxLogger = {
  warn: (message) => warnings.push(message),
  error: (message) => warnings.push(`error: ${message}`),
};

let sandbox: Sandbox | undefined;
afterAll(() => sandbox?.close());

describe('a lost database connection', () => {
  it('is reported to the logger given to startSandbox, and the next request still works', async () => {
    sandbox = await startTestSandbox({ logger });
    const { call } = apiFor(sandbox.url);
    // Leaves a connection idle in the pool, where only the pool's listener sees it end.
    expect((await call('GET', '/v1/customers?limit=1')).status).toBe(200);

    const admin = new pg.Client({ connectionString: databaseUrl() });
    await admin.connect();
    try {
      const ended = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      expect(ended.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }

    const deadline = Date.now() + 5_000;
    while (warnings.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^lost a database connection \(.+\)$/);
    expect((await call('GET', '/v1/customers?limit=1')).status).toBe(200);
  });
});
