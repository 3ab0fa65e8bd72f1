import {
  type CompiledQuery,
  DummyDriver,
  type Generated,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type RawBuilder,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from 'kysely';
import type { CustomerDocument } from './types.js';

/** The tables as Kysely sees them; `migrations.ts` creates them. */
export interface Tables {
  customers: {
    seq: Generated<number>;
    program: string;
    key: string;
    partner: string;
    partner_email: string | null;
    email: string | null;
    status: string;
    created_at: string;
    updated_at: string;
    /** JSON text in SQLite, `jsonb` in Postgres. */
    document: unknown;
  };
  partners: { program: string; key: string; id: string | null; email: string | null };
  transactions: {
    seq: Generated<number>;
    program: string;
    /** The customer's `seq`: a renamed customer keeps its transactions. */
    customer_seq: number;
    key: string;
    /** The transaction as the spec describes it, without `customer` and `partner`. */
    document: unknown;
  };
  webhooks: {
    program: string;
    key: string;
    name: string;
    url: string;
    /** The subscribed events as JSON text, for answers; `webhook_events` is what is queried. */
    events: string;
    /** 1 or 0 on both databases. */
    is_active: number;
    signature: string;
    created_at: string;
    updated_at: string;
  };
  webhook_events: { program: string; webhook_key: string; event: string };
  /**
   * Customer events not yet turned into deliveries: written with the change, one small row
   * with no index, and taken out by the delivery worker in batches.
   */
  outbox: {
    id: Generated<number>;
    program: string;
    event: string;
    customer_key: string;
    data: string;
    created_at: string;
  };
  deliveries: {
    id: Generated<number>;
    program: string;
    webhook_key: string;
    event: string;
    customer_key: string;
    /** The customer as the API answered it, as JSON text: sent byte for byte. */
    data: string;
    created_at: string;
    status: string;
    attempts: number;
    /** Epoch milliseconds. */
    next_attempt_at: number;
    /** Epoch milliseconds until which one sandbox process holds the delivery; 0 when none. */
    lease_until: number;
    last_status: number | null;
    last_answer: string | null;
    delivered_at: string | null;
  };
  schema_version: { version: number };
}

export type DialectName = 'sqlite' | 'postgres';

/**
 * What differs between the two databases, and nothing else: the query compiler, and the few
 * column types and JSON functions that have different names.
 */
export interface Dialect {
  name: DialectName;
  /** Builds queries for this database; it never connects (drivers run the compiled SQL). */
  db: Kysely<Tables>;
  autoId: string;
  /** The column type that refers to an `autoId`. */
  idRef: string;
  jsonType: string;
  /** A bound JSON text, as the document column takes it. */
  jsonValue(value: unknown): RawBuilder<unknown>;
  /** SQL that reads a text column holding JSON as this database's JSON. */
  jsonFromText(column: string): string;
  /**
   * The document with each key of `patch` (a JSON text) set to its value, whole: an object
   * value replaces the old one, it is not merged into it. `keys` is the same patch with every
   * value `null`, for a database that needs it.
   */
  merge(patch: unknown, keys: unknown): RawBuilder<unknown>;
  /** A JSON object built in SQL from pairs of name and SQL expression. */
  object(pairs: [string, string][]): string;
  /** Reads a document column as the driver returns it. */
  readDocument(value: unknown): CustomerDocument;
}

/** A Kysely that builds and compiles queries for one database, and never connects. */
const compileOnly = (parts: {
  Adapter: new () => SqliteAdapter | PostgresAdapter;
  Compiler: new () => SqliteQueryCompiler | PostgresQueryCompiler;
  Introspector: new (db: Kysely<unknown>) => SqliteIntrospector | PostgresIntrospector;
}) =>
  new Kysely<Tables>({
    dialect: {
      createAdapter: () => new parts.Adapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new parts.Introspector(db),
      createQueryCompiler: () => new parts.Compiler(),
    },
  });

/** A JSON object built in SQL by `fn` from pairs of name and SQL expression. */
const jsonObject = (fn: string, pairs: [string, string][]) =>
  `${fn}(${pairs.map(([name, value]) => `'${name}', ${value}`).join(', ')})`;

export const sqlite: Dialect = {
  name: 'sqlite',
  db: compileOnly({
    Adapter: SqliteAdapter,
    Compiler: SqliteQueryCompiler,
    Introspector: SqliteIntrospector,
  }),
  autoId: 'INTEGER PRIMARY KEY',
  idRef: 'INTEGER',
  jsonType: 'TEXT',
  jsonValue: (value) => sql`json(${value})`,
  jsonFromText: (column) => `json(${column})`,
  // A JSON merge patch merges objects into objects; removing the keys first (a `null` in a
  // merge patch removes) makes it replace whole values, as Postgres' `||` does.
  merge: (patch, keys) => sql`json_patch(json_patch(document, ${keys}), ${patch})`,
  object: (pairs) => jsonObject('json_object', pairs),
  readDocument: (value) => JSON.parse(value as string) as CustomerDocument,
};

export const postgres: Dialect = {
  name: 'postgres',
  db: compileOnly({
    Adapter: PostgresAdapter,
    Compiler: PostgresQueryCompiler,
    Introspector: PostgresIntrospector,
  }),
  autoId: 'BIGSERIAL PRIMARY KEY',
  idRef: 'BIGINT',
  jsonType: 'JSONB',
  jsonValue: (value) => sql`CAST(${value} AS jsonb)`,
  jsonFromText: (column) => `CAST(${column} AS jsonb)`,
  merge: (patch) => sql`document || CAST(${patch} AS jsonb)`,
  object: (pairs) => jsonObject('jsonb_build_object', pairs),
  // node-postgres parses jsonb already.
  readDocument: (value) => value as CustomerDocument,
};

/**
 * A value bound when a statement compiled once is run: `slot('program')`; in a statement of
 * many rows, `slot('key', 3)` is the key of the fourth.
 */
export class Slot {
  constructor(
    readonly name: string,
    readonly row = 0,
  ) {}
}

/**
 * Marks where a named value goes in a statement compiled once. Typed as the column's value
 * so the builders accept it; `bind` swaps each slot for its value, in Kysely's order.
 */
export const slot = <T = string>(name: string, row?: number): T =>
  new Slot(name, row) as unknown as T;

export interface Bound {
  sql: string;
  parameters: readonly unknown[];
}

/** The statement with its slots filled from `values`, or from `values[row]` for many rows. */
export function bind(
  query: CompiledQuery,
  values: Record<string, unknown> | readonly Record<string, unknown>[],
): Bound {
  const rows = Array.isArray(values) ? values : [values];
  return {
    sql: query.sql,
    parameters: query.parameters.map((p) =>
      p instanceof Slot ? (rows[p.row]?.[p.name] ?? null) : p,
    ),
  };
}
