import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStorage } from '../../src/storage/postgres.js';
import { DATABASE_FILE, openSqliteStorage } from '../../src/storage/sqlite.js';
import type { Storage } from '../../src/storage/types.js';

/** A database of one backend that a test owns alone, and how to open storages on it. */
export interface ScratchDatabase {
  kind: 'sqlite' | 'postgres';
  open(): Promise<Storage>;
  /** The CLI flags that start a sandbox on this database. */
  cliArgs: string[];
  /** Runs raw SQL on it, outside the storage (to build old schemas or tamper with versions). */
  sql(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

/** SQLite always; Postgres too when `DATABASE_URL` is set (`.ci/postgres.sh`). */
export const backends: ScratchDatabase['kind'][] = process.env.DATABASE_URL
  ? ['sqlite', 'postgres']
  : ['sqlite'];

/** A fresh data folder, optionally starting as a copy of a database file. */
function scratchSqlite(from?: string): ScratchDatabase {
  const dataDir = mkdtempSync(join(tmpdir(), 'partnero-storage-'));
  if (from) copyFileSync(from, join(dataDir, DATABASE_FILE));
  return {
    kind: 'sqlite',
    open: () => openSqliteStorage({ dataDir, memory: false }),
    cliArgs: ['--data', dataDir],
    async sql(text, values = []) {
      const Database = (await import('better-sqlite3')).default;
      const db = new Database(join(dataDir, DATABASE_FILE));
      try {
        const statement = db.prepare(text);
        if (statement.reader) return statement.all(...values) as Record<string, unknown>[];
        statement.run(...values);
        return [];
      } finally {
        db.close();
      }
    },
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A database of its own on the server of `DATABASE_URL`, so no other test file sees it. */
async function scratchPostgres(): Promise<ScratchDatabase> {
  const server = process.env.DATABASE_URL;
  if (!server) throw new Error('DATABASE_URL is not set');
  const name = `partnero_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    open: () => openPostgresStorage(url.href),
    cliArgs: ['--database-url', url.href],
    async sql(text, values = []) {
      const client = new pg.Client({ connectionString: url.href });
      await client.connect();
      try {
        return (await client.query(text, values)).rows;
      } finally {
        await client.end();
      }
    },
    async drop() {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export function scratchDatabase(
  kind: ScratchDatabase['kind'],
  sqliteFile?: string,
): Promise<ScratchDatabase> {
  return kind === 'sqlite' ? Promise.resolve(scratchSqlite(sqliteFile)) : scratchPostgres();
}
