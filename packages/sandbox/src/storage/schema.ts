import type { NewCustomer } from './types.ts';

/**
 * The tables both storages share. Uniqueness of a customer's key and email within a
 * program is enforced by these indexes, never by a read before the write.
 * Every index is another page written per create, so the email index leaves out customers
 * without an email (NULLs never collide anyway, and a search by email still uses it), and
 * partner filters have none: a filtered list walks the program's newest-first index.
 */
export function schemaStatements(autoId: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS customers (
      seq ${autoId},
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
  ];
}

/**
 * The values of a new customer's row, in the column order of both INSERT statements; the
 * last is the creation time (SQLite binds it once more for `updated_at`).
 */
export function insertValues(program: string, c: NewCustomer): unknown[] {
  return [
    program,
    c.key,
    c.partner,
    c.partnerEmail,
    c.email,
    c.name,
    c.surname,
    c.status ?? 'active',
    JSON.stringify(c.tags),
    c.now,
  ];
}

/** The columns every read returns, in the shape of `CustomerRow`. */
export const CUSTOMER_COLUMNS =
  'key, partner, email, name, surname, status, tags, created_at, updated_at';

/** Which of the list's four statements a query needs: filtered by partner key and/or email. */
export function listWhere(
  partnerKey: boolean,
  partnerEmail: boolean,
  param: (n: number) => string,
) {
  const clauses = [`program = ${param(1)}`];
  let next = 2;
  if (partnerKey) clauses.push(`partner = ${param(next++)}`);
  if (partnerEmail) clauses.push(`partner_email = ${param(next++)}`);
  return {
    sql: `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE ${clauses.join(' AND ')} ORDER BY seq DESC LIMIT ${param(next)} OFFSET ${param(next + 1)}`,
  };
}
