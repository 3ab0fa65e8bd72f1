import { SandboxSetupError } from '../errors.js';
import type { Dialect } from './dialect.js';
import { type Executor, raw } from './executor.js';

interface Migration {
  version: number;
  /** Why the schema changed, for whoever reads this list next. */
  reason: string;
  statements(dialect: Dialect): string[];
}

/**
 * Every schema the sandbox has shipped, oldest first. A database is brought from the version
 * it records to the last one in one transaction. Never edit a released migration: add one.
 */
const MIGRATIONS: Migration[] = [
  {
    version: 1,
    reason:
      'The first release (0.x), which recorded no version. Uniqueness of key and email within a ' +
      "program is the indexes' job, never a read before the write; the email index leaves out " +
      'customers without one; partner filters have no index (a filtered list walks the ' +
      "program's newest-first index). `IF NOT EXISTS`: a database of that release is at this " +
      'version already.',
    statements: (d) => [
      `CREATE TABLE IF NOT EXISTS customers (
        seq ${d.autoId},
        program TEXT NOT NULL,
        key TEXT NOT NULL,
        partner TEXT NOT NULL,
        partner_email TEXT,
        email TEXT,
        name TEXT,
        surname TEXT,
        status TEXT NOT NULL,
        tags TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      'CREATE UNIQUE INDEX IF NOT EXISTS customers_program_key_unique ON customers (program, key)',
      'CREATE UNIQUE INDEX IF NOT EXISTS customers_program_email_unique ON customers (program, email) WHERE email IS NOT NULL',
      'CREATE INDEX IF NOT EXISTS customers_program_seq ON customers (program, seq)',
      `CREATE TABLE IF NOT EXISTS partners (
        program TEXT NOT NULL,
        key TEXT NOT NULL,
        id TEXT,
        email TEXT,
        PRIMARY KEY (program, key)
      )`,
    ],
  },
  {
    version: 2,
    reason:
      'A customer is described once: what is queried or unique stays in columns, the rest ' +
      'moves into one JSON document, so a field the spec adds needs no new column.',
    statements: (d) => [
      `ALTER TABLE customers ADD COLUMN document ${d.jsonType} NOT NULL DEFAULT '{}'`,
      `UPDATE customers SET document = ${d.object([
        ['name', 'name'],
        ['surname', 'surname'],
        ['tags', d.jsonFromText('tags')],
      ])}`,
      'ALTER TABLE customers DROP COLUMN name',
      'ALTER TABLE customers DROP COLUMN surname',
      'ALTER TABLE customers DROP COLUMN tags',
    ],
  },
  {
    version: 3,
    reason:
      "A customer's transactions (`GET /v1/customers/{key}/transactions`). Each refers to its " +
      "customer's `seq`, so a renamed customer keeps them, and goes with it: deleting a " +
      'customer removes its transactions, as Partnero says. The transaction itself is one ' +
      'JSON document, like the rest of a customer.',
    statements: (d) => [
      `CREATE TABLE transactions (
        seq ${d.autoId},
        program TEXT NOT NULL,
        customer_seq ${d.idRef} NOT NULL REFERENCES customers (seq) ON DELETE CASCADE,
        key TEXT NOT NULL,
        document ${d.jsonType} NOT NULL
      )`,
      'CREATE INDEX transactions_customer_seq ON transactions (customer_seq, seq)',
    ],
  },
  {
    version: 4,
    reason:
      'Customer webhooks: subscriptions per program, the events each one takes (a table, so ' +
      'the fan-out is a join on both databases), the outbox of events, written in the same ' +
      'transaction as the customer change (one row without an index, so a create pays little), ' +
      'and the deliveries the worker makes of it. A delivery is claimed with a lease, so ' +
      'several sandboxes on one Postgres never attempt it twice at once. The index on webhook, ' +
      'customer and id keeps the per-customer order check cheap; the one on status and id lets ' +
      'a claim walk the pending deliveries oldest first and stop at its limit. (Version 3 is ' +
      'customer transactions.)',
    statements: (d) => [
      `CREATE TABLE webhooks (
        program TEXT NOT NULL,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        url TEXT NOT NULL,
        events TEXT NOT NULL,
        is_active INTEGER NOT NULL,
        signature TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (program, key)
      )`,
      `CREATE TABLE webhook_events (
        program TEXT NOT NULL,
        webhook_key TEXT NOT NULL,
        event TEXT NOT NULL,
        PRIMARY KEY (program, event, webhook_key)
      )`,
      `CREATE TABLE outbox (
        id ${d.autoId},
        program TEXT NOT NULL,
        event TEXT NOT NULL,
        customer_key TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL
      )`,
      `CREATE TABLE deliveries (
        id ${d.autoId},
        program TEXT NOT NULL,
        webhook_key TEXT NOT NULL,
        event TEXT NOT NULL,
        customer_key TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at BIGINT NOT NULL,
        lease_until BIGINT NOT NULL,
        last_status INTEGER,
        last_answer TEXT,
        delivered_at TEXT
      )`,
      'CREATE INDEX deliveries_due ON deliveries (status, id)',
      'CREATE INDEX deliveries_order ON deliveries (program, webhook_key, customer_key, id)',
    ],
  },
];

/** The schema version this code writes: the last migration's (versions need not be dense). */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/** Brings the database to `SCHEMA_VERSION` in one transaction. */
export async function migrate(executor: Executor): Promise<void> {
  const { db } = executor.dialect;
  await executor.exclusive(async (tx) => {
    await tx.run(raw('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)'));
    const [recorded] = await tx.rows<{ version: number }>(
      db.selectFrom('schema_version').select('version').compile(),
    );
    const current = Number(recorded?.version ?? 0);
    if (current > SCHEMA_VERSION) {
      throw new SandboxSetupError(
        `The database is at schema version ${current}, newer than this sandbox's version ${SCHEMA_VERSION}: upgrade @partnero-kit/sandbox, or use another data folder or database.`,
      );
    }
    if (current === SCHEMA_VERSION) return;
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      for (const statement of migration.statements(executor.dialect)) await tx.run(raw(statement));
    }
    await tx.run(db.deleteFrom('schema_version').compile());
    await tx.run(db.insertInto('schema_version').values({ version: SCHEMA_VERSION }).compile());
  });
}
