import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { loadBetterSqlite3 } from './native.ts';
import { CUSTOMER_COLUMNS, insertValues, listWhere, schemaStatements } from './schema.ts';
import {
  type CustomerChanges,
  type CustomerLookup,
  type CustomerRow,
  type ListQuery,
  type NewCustomer,
  type Partner,
  type PartnerLookup,
  type SeedData,
  type Storage,
  UniqueViolation,
} from './types.ts';

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
      throw new Error(
        `${options.dataDir} is in use by another sandbox: stop that one, or give this one another data folder (--data, or dataDir).`,
      );
    }
    // Every commit is written to the log (the OS's page cache) before the answer goes out,
    // so a killed sandbox loses nothing. Without fsync, a crash of the whole machine could:
    // fsync stalls of a busy disk cost seconds, and a sandbox holds test data (see README).
    db.pragma('synchronous = OFF');
    db.pragma('journal_size_limit = 16777216');
  }
  for (const statement of schemaStatements('INTEGER PRIMARY KEY')) db.exec(statement);
  return new SqliteStorage(db);
}

class SqliteStorage implements Storage {
  readonly kind = 'sqlite' as const;
  private readonly insert;
  private readonly byKey;
  private readonly byEmail;
  private readonly updateByKey;
  private readonly updateByEmail;
  private readonly deleteByKey;
  private readonly deleteByEmail;
  private readonly status;
  private readonly lists: BetterSqlite3.Statement[];
  private readonly partnerCount;
  private readonly partnerByKey;
  private readonly partnerById;
  private readonly partnerByEmail;
  private readonly insertPartner;
  private readonly seedAll;
  private readonly resetProgram;
  private readonly resetAll;
  private readonly partnerCounts = new Map<string, number>();

  constructor(private readonly db: BetterSqlite3.Database) {
    this.insert = db.prepare(
      `INSERT INTO customers (program, key, partner, partner_email, email, name, surname, status, tags, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${CUSTOMER_COLUMNS}`,
    );
    this.byKey = db.prepare(
      `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE program = ? AND key = ?`,
    );
    this.byEmail = db.prepare(
      `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE program = ? AND email = ?`,
    );
    const update = (column: string) =>
      db.prepare(
        `UPDATE customers SET key = COALESCE(?, key), email = COALESCE(?, email), name = COALESCE(?, name),
           surname = COALESCE(?, surname), tags = COALESCE(?, tags), updated_at = ?
         WHERE program = ? AND ${column} = ? RETURNING ${CUSTOMER_COLUMNS}`,
      );
    this.updateByKey = update('key');
    this.updateByEmail = update('email');
    this.deleteByKey = db.prepare('DELETE FROM customers WHERE program = ? AND key = ?');
    this.deleteByEmail = db.prepare('DELETE FROM customers WHERE program = ? AND email = ?');
    this.status = db.prepare(
      'UPDATE customers SET status = ?, updated_at = ? WHERE program = ? AND key = ?',
    );
    this.lists = [false, true].flatMap((byEmail) =>
      [false, true].map((byKey) => db.prepare(listWhere(byKey, byEmail, () => '?').sql)),
    );
    this.partnerCount = db.prepare('SELECT COUNT(*) AS n FROM partners WHERE program = ?');
    this.partnerByKey = db.prepare(
      'SELECT key, id, email FROM partners WHERE program = ? AND key = ?',
    );
    this.partnerById = db.prepare(
      'SELECT key, id, email FROM partners WHERE program = ? AND id = ?',
    );
    this.partnerByEmail = db.prepare(
      'SELECT key, id, email FROM partners WHERE program = ? AND email = ?',
    );
    this.insertPartner = db.prepare(
      'INSERT OR REPLACE INTO partners (program, key, id, email) VALUES (?, ?, ?, ?)',
    );
    this.seedAll = db.transaction((program: string, data: SeedData) => {
      for (const p of data.partners) this.insertPartner.run(program, p.key, p.id, p.email);
      for (const c of data.customers) this.insert.run(...insertValues(program, c), c.now);
    });
    const deleteCustomers = db.prepare('DELETE FROM customers WHERE program = ?');
    const deletePartners = db.prepare('DELETE FROM partners WHERE program = ?');
    this.resetProgram = db.transaction((program: string) => {
      deleteCustomers.run(program);
      deletePartners.run(program);
    });
    this.resetAll = db.transaction(() => {
      db.exec('DELETE FROM customers');
      db.exec('DELETE FROM partners');
    });
  }

  async createCustomer(program: string, customer: NewCustomer): Promise<CustomerRow> {
    // `.all()`, not `.get()`: a RETURNING statement left unfinished keeps its read open, and
    // SQLite cannot then restart the WAL, which would grow without end.
    return unique(
      () => this.insert.all(...insertValues(program, customer), customer.now)[0] as CustomerRow,
    );
  }

  async findCustomer(program: string, lookup: CustomerLookup) {
    return (
      'key' in lookup
        ? this.byKey.get(program, lookup.key)
        : this.byEmail.get(program, lookup.email)
    ) as CustomerRow | undefined;
  }

  async updateCustomer(program: string, lookup: CustomerLookup, changes: CustomerChanges) {
    const statement = 'key' in lookup ? this.updateByKey : this.updateByEmail;
    const target = 'key' in lookup ? lookup.key : lookup.email;
    return unique(
      () => statement.all(...changeValues(changes), program, target)[0] as CustomerRow | undefined,
    );
  }

  async deleteCustomer(program: string, lookup: CustomerLookup) {
    const result =
      'key' in lookup
        ? this.deleteByKey.run(program, lookup.key)
        : this.deleteByEmail.run(program, lookup.email);
    return result.changes > 0;
  }

  async setStatus(program: string, key: string, status: string, now: string) {
    return this.status.run(status, now, program, key).changes > 0;
  }

  async listCustomers(program: string, query: ListQuery) {
    const index = (query.partnerKey ? 1 : 0) + (query.partnerEmail ? 2 : 0);
    const params: unknown[] = [program];
    if (query.partnerKey) params.push(query.partnerKey);
    if (query.partnerEmail) params.push(query.partnerEmail);
    params.push(query.limit, query.offset);
    return this.lists[index]?.all(...params) as CustomerRow[];
  }

  async countPartners(program: string) {
    // Asked on every create. This process is the file's only writer and partners change only
    // by seed or reset, so the count is kept here instead of re-read each time.
    let count = this.partnerCounts.get(program);
    if (count === undefined) {
      count = (this.partnerCount.get(program) as { n: number }).n;
      this.partnerCounts.set(program, count);
    }
    return count;
  }

  async findPartner(program: string, lookup: PartnerLookup) {
    const found =
      (lookup.key !== undefined && this.partnerByKey.get(program, lookup.key)) ||
      (lookup.id !== undefined && this.partnerById.get(program, lookup.id)) ||
      (lookup.email !== undefined && this.partnerByEmail.get(program, lookup.email)) ||
      undefined;
    return found as Partner | undefined;
  }

  async seed(program: string, data: SeedData) {
    try {
      unique(() => this.seedAll(program, data));
    } finally {
      this.partnerCounts.delete(program);
    }
  }

  async reset(program?: string) {
    if (program === undefined) {
      this.resetAll();
      this.partnerCounts.clear();
    } else {
      this.resetProgram(program);
      this.partnerCounts.delete(program);
    }
  }

  async close() {
    this.db.close();
  }
}

function changeValues(c: CustomerChanges) {
  return [
    c.key ?? null,
    c.email ?? null,
    c.name ?? null,
    c.surname ?? null,
    c.tags ? JSON.stringify(c.tags) : null,
    c.now,
  ];
}

function unique<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      throw new UniqueViolation(e.message?.includes('.email') ? 'email' : 'key');
    }
    throw error;
  }
}
