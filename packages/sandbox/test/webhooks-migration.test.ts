// Schema version 4 (webhooks and their outbox) on data made by the previous release: the
// migration adds the tables, keeps every customer, and a change of an old customer reaches
// the outbox of a webhook subscribed after the upgrade.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../src/storage/migrations.js';
import { backends } from './support/databases.js';
import { useScratchDatabases } from './support/storage.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`./fixtures/previous-release/${name}`, import.meta.url));

const { scratch, open } = useScratchDatabases();

const previousRelease = {
  sqlite: () => scratch('sqlite', fixture('sandbox.sqlite')),
  postgres: async () => {
    const database = await scratch('postgres');
    await database.sql(readFileSync(fixture('postgres.sql'), 'utf8'));
    return database;
  },
};

describe.each(backends)('webhooks on a %s database of the previous release', (kind) => {
  it('migrates to the current version and delivers changes of the old customers', async () => {
    expect(SCHEMA_VERSION).toBe(4);
    const database = await previousRelease[kind]();
    // The embedded file is held exclusively while open: migrate, close, look, open again.
    await (await database.open()).close();
    expect(await database.sql('SELECT version FROM schema_version')).toEqual([
      { version: SCHEMA_VERSION },
    ]);
    const storage = await open(database);
    const program = 'previous-release-program';
    expect(await storage.listCustomers(program, { limit: 10, offset: 0 })).toHaveLength(3);

    await storage.webhooks.create(program, {
      key: 'wh_after_upgrade',
      name: 'after upgrade',
      url: 'http://127.0.0.1:9/hooks',
      events: ['customer.updated'],
      is_active: true,
      signature: 's3cret',
      now: '2026-12-04T00:00:00.000000Z',
    });
    const changed = await storage.updateCustomer(
      program,
      { key: 'old_ada' },
      { document: { name: 'Augusta' }, now: '2026-12-04T00:00:01.000000Z' },
      { event: 'customer.updated', at: '2026-12-04T00:00:01.000000Z', data: (row) => row },
    );
    expect(changed?.document).toMatchObject({ name: 'Augusta', surname: 'Lovelace' });

    const now = Date.now();
    const [claimed, ...more] = await storage.webhooks.claim(now, now + 1_000, 10);
    expect(more).toEqual([]);
    expect(claimed).toMatchObject({
      program,
      webhook_key: 'wh_after_upgrade',
      event: 'customer.updated',
      customer_key: 'old_ada',
      attempts: 1,
      url: 'http://127.0.0.1:9/hooks',
      signature: 's3cret',
    });
    expect(JSON.parse(claimed?.data ?? '{}')).toMatchObject({
      key: 'old_ada',
      document: { name: 'Augusta' },
    });
    // Leased: a second claim, as by another process, gets nothing.
    expect(await storage.webhooks.claim(now, now + 1_000, 10)).toEqual([]);
  });
});
