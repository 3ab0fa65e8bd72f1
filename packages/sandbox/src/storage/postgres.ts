import type { Pool, PoolClient } from 'pg';
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

/** Any constant works; it only keeps concurrent start-ups from creating the tables twice. */
const MIGRATION_LOCK = 4_010_001;

export async function openPostgresStorage(databaseUrl: string): Promise<Storage> {
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    for (const statement of schemaStatements('BIGSERIAL PRIMARY KEY'))
      await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
    await pool.end();
    throw error;
  }
  client.release();
  return new PostgresStorage(pool);
}

const $ = (n: number) => `$${n}`;
const INSERT = `INSERT INTO customers (program, key, partner, partner_email, email, name, surname, status, tags, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING ${CUSTOMER_COLUMNS}`;
const updateSql = (column: string) =>
  `UPDATE customers SET key = COALESCE($1, key), email = COALESCE($2, email), name = COALESCE($3, name),
     surname = COALESCE($4, surname), tags = COALESCE($5, tags), updated_at = $6
   WHERE program = $7 AND ${column} = $8 RETURNING ${CUSTOMER_COLUMNS}`;
const LISTS = [false, true].flatMap((byEmail) =>
  [false, true].map((byKey) => listWhere(byKey, byEmail, $).sql),
);

class PostgresStorage implements Storage {
  readonly kind = 'postgres' as const;

  constructor(private readonly pool: Pool) {}

  private async one<T>(text: string, values: unknown[]): Promise<T | undefined> {
    const result = await unique(() => this.pool.query({ text, values }));
    return result.rows[0] as T | undefined;
  }

  async createCustomer(program: string, c: NewCustomer) {
    const row = await this.one<CustomerRow>(INSERT, insertValues(program, c));
    if (!row) throw new Error('INSERT returned no row');
    return row;
  }

  findCustomer(program: string, lookup: CustomerLookup) {
    const column = 'key' in lookup ? 'key' : 'email';
    const value = 'key' in lookup ? lookup.key : lookup.email;
    return this.one<CustomerRow>(
      `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE program = $1 AND ${column} = $2`,
      [program, value],
    );
  }

  updateCustomer(program: string, lookup: CustomerLookup, c: CustomerChanges) {
    const column = 'key' in lookup ? 'key' : 'email';
    const value = 'key' in lookup ? lookup.key : lookup.email;
    return this.one<CustomerRow>(updateSql(column), [
      c.key ?? null,
      c.email ?? null,
      c.name ?? null,
      c.surname ?? null,
      c.tags ? JSON.stringify(c.tags) : null,
      c.now,
      program,
      value,
    ]);
  }

  async deleteCustomer(program: string, lookup: CustomerLookup) {
    const column = 'key' in lookup ? 'key' : 'email';
    const value = 'key' in lookup ? lookup.key : lookup.email;
    const result = await this.pool.query(
      `DELETE FROM customers WHERE program = $1 AND ${column} = $2`,
      [program, value],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async setStatus(program: string, key: string, status: string, now: string) {
    const result = await this.pool.query(
      'UPDATE customers SET status = $1, updated_at = $2 WHERE program = $3 AND key = $4',
      [status, now, program, key],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async listCustomers(program: string, query: ListQuery) {
    const index = (query.partnerKey ? 1 : 0) + (query.partnerEmail ? 2 : 0);
    const values: unknown[] = [program];
    if (query.partnerKey) values.push(query.partnerKey);
    if (query.partnerEmail) values.push(query.partnerEmail);
    values.push(query.limit, query.offset);
    const result = await this.pool.query({ text: LISTS[index] ?? '', values });
    return result.rows as CustomerRow[];
  }

  async countPartners(program: string) {
    const result = await this.pool.query(
      'SELECT COUNT(*)::int AS n FROM partners WHERE program = $1',
      [program],
    );
    return (result.rows[0] as { n: number }).n;
  }

  async findPartner(program: string, lookup: PartnerLookup) {
    for (const column of ['key', 'id', 'email'] as const) {
      const value = lookup[column];
      if (value === undefined) continue;
      const found = await this.one<Partner>(
        `SELECT key, id, email FROM partners WHERE program = $1 AND ${column} = $2 LIMIT 1`,
        [program, value],
      );
      if (found) return found;
    }
    return undefined;
  }

  async seed(program: string, data: SeedData) {
    await this.transaction(async (client) => {
      for (const p of data.partners) {
        await client.query(
          `INSERT INTO partners (program, key, id, email) VALUES ($1, $2, $3, $4)
           ON CONFLICT (program, key) DO UPDATE SET id = EXCLUDED.id, email = EXCLUDED.email`,
          [program, p.key, p.id, p.email],
        );
      }
      // Batches of rows per statement keep a seed of many thousand customers quick.
      const BATCH = 1000;
      for (let start = 0; start < data.customers.length; start += BATCH) {
        const batch = data.customers.slice(start, start + BATCH);
        const values: unknown[] = [];
        const rows = batch.map((c) => {
          const base = values.length;
          values.push(...insertValues(program, c));
          return `(${Array.from({ length: 10 }, (_, i) => `$${base + i + 1}`).join(', ')}, $${base + 10})`;
        });
        await unique(() =>
          client.query(
            `INSERT INTO customers (program, key, partner, partner_email, email, name, surname, status, tags, created_at, updated_at) VALUES ${rows.join(', ')}`,
            values,
          ),
        );
      }
    });
  }

  async reset(program?: string) {
    await this.transaction(async (client) => {
      if (program === undefined) {
        await client.query('DELETE FROM customers');
        await client.query('DELETE FROM partners');
      } else {
        await client.query('DELETE FROM customers WHERE program = $1', [program]);
        await client.query('DELETE FROM partners WHERE program = $1', [program]);
      }
    });
  }

  async close() {
    await this.pool.end();
  }

  private async transaction(work: (client: PoolClient) => Promise<void>) {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}

async function unique<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const e = error as { code?: string; constraint?: string };
    if (e.code === '23505') {
      throw new UniqueViolation(e.constraint?.includes('email') ? 'email' : 'key');
    }
    throw error;
  }
}
