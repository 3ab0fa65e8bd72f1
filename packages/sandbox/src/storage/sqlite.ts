import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { SandboxSetupError } from '../errors.js';
import { type Bound, sqlite } from './dialect.js';
import { DuplicateRow, type Executor } from './executor.js';
import { GroupCommit } from './group-commit.js';
import { loadBetterSqlite3 } from './native.js';
import { openSqlStorage } from './sql-storage.js';
import type { Storage } from './types.js';

export interface SqliteOptions {
  /** Folder of the database file; ignored with `memory`. */
  dataDir: string;
  memory: boolean;
}

export const DATABASE_FILE = 'sandbox.sqlite';

export async function openSqliteStorage(options: SqliteOptions): Promise<Storage> {
  const open = await loadBetterSqlite3();
  let file = ':memory:';
  if (!options.memory) {
    mkdirSync(options.dataDir, { recursive: true });
    file = join(options.dataDir, DATABASE_FILE);
  }
  const db = open(file);
  // A customer's transactions go with it (ON DELETE CASCADE); SQLite enforces that only when asked.
  db.pragma('foreign_keys = ON');
  if (!options.memory) {
    // One sandbox owns its database file. Set before the log is first read, this keeps the
    // log's index in memory and takes no file lock per commit, which makes an insert about a
    // quarter cheaper. `BEGIN EXCLUSIVE` takes the lock now, so a second sandbox on the same
    // folder fails at start instead of at its first write.
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.pragma('journal_mode = WAL');
      db.exec('BEGIN EXCLUSIVE; COMMIT');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      throw new SandboxSetupError(
        `${options.dataDir} is in use by another sandbox: stop that one, or give this one another data folder (--data, or dataDir).`,
      );
    }
    // Every commit is written to the log (the OS's page cache) before the answer goes out,
    // so a killed sandbox loses nothing. Without fsync, a crash of the whole machine could:
    // fsync stalls of a busy disk cost seconds, and a sandbox holds test data (see README).
    db.pragma('synchronous = OFF');
    db.pragma('journal_size_limit = 16777216');
  }
  return openSqlStorage(new SqliteExecutor(db));
}

/**
 * Runs statements on the one connection, preparing each SQL text once. Reads run at once;
 * writes go through group commit (see group-commit.ts), each resolving after its commit.
 */
class SqliteExecutor implements Executor {
  readonly dialect = sqlite;
  readonly soleWriter = true;
  private readonly prepared = new Map<string, BetterSqlite3.Statement>();
  private readonly group: GroupCommit;

  /** Made once: better-sqlite3 builds a wrapper per `transaction()` call. */
  private readonly runAll: (statements: Bound[]) => void;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.group = new GroupCommit(db);
    this.runAll = db.transaction((statements: Bound[]) => {
      for (const { sql, parameters } of statements) this.prepare(sql).run(...parameters);
    });
  }

  private prepare(sql: string) {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }

  async rows<T>({ sql, parameters }: Bound) {
    const statement = this.prepare(sql);
    // `.all()`, also for writes with RETURNING: one left unfinished by `.get()` keeps its read
    // open, and SQLite cannot then restart the WAL, which would grow without end.
    const all = () => classifyErrors(() => statement.all(...parameters) as T[]);
    return statement.readonly ? all() : this.group.write(all);
  }

  async run({ sql, parameters }: Bound) {
    return this.group.write(() =>
      classifyErrors(() => this.prepare(sql).run(...parameters).changes),
    );
  }

  async transaction(statements: Bound[]) {
    // Synchronous from BEGIN to COMMIT (a savepoint inside a group), so no other request's
    // statement can land inside.
    await this.group.write(() => classifyErrors(() => this.runAll(statements)));
  }

  async chain<T>(first: Bound, next: (rows: T[]) => Bound[]) {
    return this.group.write(() =>
      classifyErrors(() =>
        this.db.transaction(() => {
          const rows = this.prepare(first.sql).all(...first.parameters) as T[];
          for (const { sql, parameters } of next(rows)) this.prepare(sql).run(...parameters);
          return rows;
        })(),
      ),
    );
  }

  async exclusive<T>(work: (tx: Pick<Executor, 'rows' | 'run'>) => Promise<T>) {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work(this);
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  async close() {
    this.db.close();
  }
}

/** Runs a statement, turning SQLite's unique-constraint errors into the storage's `DuplicateRow`. */
function classifyErrors<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      throw new DuplicateRow((error as Error).message);
    }
    throw error;
  }
}
