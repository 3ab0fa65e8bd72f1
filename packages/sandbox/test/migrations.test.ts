// Stored data outlives code: every backend records its schema version, refuses one newer than
// the code, and opens what the previous release left behind, keeping every customer.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../src/storage/migrations.js';
import type { Storage, UniqueViolation } from '../src/storage/types.js';
import { backends } from './support/databases.js';
import { runCli } from './support/sandbox.js';
import { customer, P, useScratchDatabases } from './support/storage.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`./fixtures/previous-release/${name}`, import.meta.url));
const PREVIOUS_RELEASE_SQLITE = fixture('sandbox.sqlite');
const PREVIOUS_RELEASE_POSTGRES = fixture('postgres.sql');

const { scratch, open } = useScratchDatabases();

describe.each(backends)('schema version on %s', (kind) => {
  it('records its schema version, and keeps its data when opened again', async () => {
    const database = await scratch(kind);
    const first = await database.open();
    await first.createCustomer(P, customer('kept', { document: { name: 'Kept' } }));
    await first.close();
    expect(await database.sql('SELECT version FROM schema_version')).toEqual([
      { version: SCHEMA_VERSION },
    ]);
    const again = await open(database);
    expect(await again.findCustomer(P, { key: 'kept' })).toMatchObject({
      document: { name: 'Kept' },
    });
  });

  it('refuses a database newer than the code, in one line naming both versions', async () => {
    const database = await scratch(kind);
    await (await database.open()).close();
    await database.sql(`UPDATE schema_version SET version = ${SCHEMA_VERSION + 1}`);
    const refused = await database.open().catch((e: unknown) => e as Error);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toBe(
      `The database is at schema version ${SCHEMA_VERSION + 1}, newer than this sandbox's version ${SCHEMA_VERSION}: upgrade @partnero-kit/sandbox, or use another data folder or database.`,
    );
    expect((refused as Error).message).not.toContain('\n');

    // The CLI stops with that line alone.
    const cli = await runCli(['--port', '0', ...database.cliArgs]);
    expect(cli.code).toBe(1);
    expect(cli.stderr.trim().split('\n')).toEqual([
      `partnero-sandbox: ${(refused as Error).message}`,
    ]);
  });
});

describe('storage made by the previous release', () => {
  /** What the previous release's fixture holds, as this release reads it. */
  const expected = [
    {
      key: 'old_alan',
      email: 'alan@example.com',
      status: 'active',
      document: { name: null, surname: 'Turing', tags: ['x'] },
    },
    {
      key: 'old_grace',
      email: null,
      status: 'suspended',
      document: { name: 'Grace', surname: null, tags: [] },
    },
    {
      key: 'old_ada',
      partner: 'partner_old',
      email: 'ada@example.com',
      status: 'active',
      created_at: '2026-11-30T10:00:00.000001Z',
      document: { name: 'Ada', surname: 'Lovelace', tags: ['vip', 'trial'] },
    },
  ];

  async function checkMigrated(storage: Storage) {
    const program = 'previous-release-program';
    const rows = await storage.listCustomers(program, { limit: 10, offset: 0 });
    expect(rows).toEqual(expected.map((row) => expect.objectContaining(row)));
    expect(await storage.findPartner(program, { id: 'p_1' })).toMatchObject({ key: 'partner_old' });
    expect(await storage.listCustomers('another-program', { limit: 10, offset: 0 })).toHaveLength(
      1,
    );
    // Uniqueness still holds after the move.
    const clash = await storage
      .createCustomer(program, customer('old_ada', { email: 'alan@example.com' }))
      .catch((e: unknown) => e);
    expect((clash as UniqueViolation).fields).toEqual(['key', 'email']);

    // Version 3: an old customer has no transactions, can be given some, and takes them along
    // when it is deleted.
    const page = { limit: 10, offset: 0 };
    expect(await storage.listTransactions(program, 'old_ada', page)).toEqual([]);
    await storage.seed(program, {
      partners: [],
      customers: [],
      transactions: [
        { customer: 'old_ada', key: 'tx_old', document: { key: 'tx_old', amount: 5 } },
      ],
    });
    expect(await storage.listTransactions(program, 'old_ada', page)).toEqual([
      { customer: 'old_ada', partner: 'partner_old', document: { key: 'tx_old', amount: 5 } },
    ]);
    expect(await storage.deleteCustomer(program, { key: 'old_ada' })).toBe(true);
    expect(await storage.listTransactions(program, 'old_ada', page)).toBeUndefined();
  }

  /** The previous release's database on each backend, as that release left it. */
  const previousRelease = {
    // A data folder written by that release's own code (see fixtures/previous-release).
    sqlite: () => scratch('sqlite', PREVIOUS_RELEASE_SQLITE),
    // That release's DDL and rows, as its statements wrote them.
    postgres: async () => {
      const database = await scratch('postgres');
      await database.sql(readFileSync(PREVIOUS_RELEASE_POSTGRES, 'utf8'));
      return database;
    },
  };

  it.each(backends)(
    'opens a %s database of the previous release, keeping every customer',
    async (kind) => {
      const database = await previousRelease[kind]();
      expect(await database.sql('SELECT COUNT(*) AS n FROM customers')).toEqual([
        { n: kind === 'sqlite' ? 4 : '4' },
      ]);
      const storage = await database.open();
      await checkMigrated(storage);
      await storage.close();
      // The deleted customer's transaction went with it, in the database itself.
      expect(await database.sql('SELECT COUNT(*) AS n FROM transactions')).toEqual([
        { n: kind === 'sqlite' ? 0 : '0' },
      ]);
      expect(await database.sql('SELECT version FROM schema_version')).toEqual([
        { version: SCHEMA_VERSION },
      ]);
    },
  );
});
