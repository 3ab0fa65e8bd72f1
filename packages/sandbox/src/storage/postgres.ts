import type { Pool, PoolClient } from 'pg';
import { type SandboxLogger, stderrLogger } from '../logger.js';
import { type Bound, postgres } from './dialect.js';
import { DuplicateRow, type Executor } from './executor.js';
import { openSqlStorage } from './sql-storage.js';
import { type Storage, StorageUnavailable } from './types.js';

/** Any constant works; it only keeps concurrent start-ups from migrating at the same time. */
const MIGRATION_LOCK = 4_010_001;

/**
 * How long a request waits for a connection before it is answered 500. A server that is down
 * refuses at once; this bounds the wait for one that does not answer at all.
 */
const CONNECT_TIMEOUT_MS = 2_000;

export async function openPostgresStorage(
  databaseUrl: string,
  logger: SandboxLogger = stderrLogger,
): Promise<Storage> {
  return openSqlStorage(await postgresExecutor(databaseUrl, logger));
}

/** A pool on the database that survives the database's restarts; not migrated yet. */
export async function postgresExecutor(
  databaseUrl: string,
  logger: SandboxLogger = stderrLogger,
): Promise<Executor> {
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // A restart or failover of the database ends the pool's idle connections; the pool then
  // emits `error`, which would stop the process if nothing listened. The pool has already
  // dropped that connection and opens a new one for the next request, so noting it is all.
  let reported = false;
  pool.on('error', (error) => {
    if (reported) return;
    reported = true;
    logger.warn(`lost a database connection (${error.message})`);
    setTimeout(() => {
      reported = false;
    }, 10_000).unref();
  });
  return new PostgresExecutor(pool);
}

class PostgresExecutor implements Executor {
  readonly dialect = postgres;
  /** Other sandboxes may share the database. */
  readonly soleWriter = false;

  constructor(private readonly pool: Pool) {}

  async rows<T>({ sql, parameters }: Bound) {
    const result = await classifyErrors(() => this.pool.query(sql, parameters as unknown[]));
    return result.rows as T[];
  }

  async run({ sql, parameters }: Bound) {
    const result = await classifyErrors(() => this.pool.query(sql, parameters as unknown[]));
    return result.rowCount ?? 0;
  }

  transaction(statements: Bound[]) {
    return this.withClient(async (client) => {
      for (const { sql, parameters } of statements)
        await client.query(sql, parameters as unknown[]);
    });
  }

  chain<T>(first: Bound, next: (rows: T[]) => Bound[]) {
    return this.withClient(async (client) => {
      const rows = (await client.query(first.sql, first.parameters as unknown[])).rows as T[];
      for (const { sql, parameters } of next(rows))
        await client.query(sql, parameters as unknown[]);
      return rows;
    });
  }

  exclusive<T>(work: (tx: Pick<Executor, 'rows' | 'run'>) => Promise<T>) {
    return this.withClient(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      return work({
        rows: async <R>({ sql, parameters }: Bound) =>
          (await client.query(sql, parameters as unknown[])).rows as R[],
        run: async ({ sql, parameters }: Bound) =>
          (await client.query(sql, parameters as unknown[])).rowCount ?? 0,
      });
    });
  }

  close() {
    return this.pool.end();
  }

  private withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return classifyErrors(async () => {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      // A checked-out connection has no listener of the pool's: without this one, losing it
      // mid-transaction would stop the process.
      const lost = (error: Error) => {
        broken = error;
      };
      client.on('error', lost);
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: Error) => {
          broken = rollback;
        });
        throw error;
      } finally {
        // A connection that was lost or failed its ROLLBACK is not given back for reuse.
        client.off('error', lost);
        client.release(broken);
      }
    });
  }
}

/**
 * SQLSTATE classes and codes of a database that is out of reach or going away: connection
 * exceptions, shutdown, and "cannot connect now" while it starts.
 */
const UNAVAILABLE = /^(08|57P0[1-4])/;
/** Errors node-postgres raises itself when a connection fails or ends. */
const CONNECTION_LOST =
  /Connection terminated|timeout exceeded when trying to connect|ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|Client has encountered a connection error/;

/** Runs work, turning Postgres's duplicate-key and connection errors into the storage's own. */
async function classifyErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const e = error as { code?: string; message?: string; constraint?: string };
    if (e.code === '23505') throw new DuplicateRow(e.constraint ?? e.message ?? '');
    if (
      (typeof e.code === 'string' && UNAVAILABLE.test(e.code)) ||
      CONNECTION_LOST.test(`${e.code ?? ''} ${e.message ?? ''}`)
    ) {
      throw new StorageUnavailable(`the database is unavailable: ${e.message ?? String(error)}`, {
        cause: error,
      });
    }
    throw error;
  }
}
