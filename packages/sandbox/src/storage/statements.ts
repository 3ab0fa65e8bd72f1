import { type CompiledQuery, sql } from 'kysely';
import { type Dialect, slot } from './dialect.js';
import {
  type CustomerLookup,
  FILTER_COLUMNS,
  type ListFilter,
  type ListQuery,
  type NewCustomer,
  ROW_COLUMNS,
} from './types.js';
import { subscribersOf } from './webhook-statements.js';

/** The columns every read of a customer returns, in the shape of `CustomerRow`. */
const CUSTOMER_COLUMNS = [...ROW_COLUMNS, 'document'] as const;

/** The named values of a new customer's row, as `insert` binds them. */
export function insertValues(program: string, c: NewCustomer) {
  return {
    program,
    key: c.key,
    partner: c.partner,
    partnerEmail: c.partnerEmail,
    email: c.email,
    status: c.status ?? 'active',
    now: c.now,
    document: JSON.stringify(c.document),
  };
}
type InsertValues = ReturnType<typeof insertValues>;

/** Every slot of `insertValues` for one row of an insert compiled once, by name. */
const insertSlots = (row = 0) =>
  new Proxy({} as InsertValues, { get: (_, name) => slot(String(name), row) });

/**
 * Every statement of the storage, built with Kysely for one database and compiled once.
 * Values are `slot`s, bound by name when run (see `bind`); nothing here counts columns or
 * numbers placeholders.
 */
export function compileStatements(d: Dialect) {
  const { db } = d;
  const row = (v: InsertValues) => ({
    program: v.program,
    key: v.key,
    partner: v.partner,
    partner_email: v.partnerEmail,
    email: v.email,
    status: v.status,
    created_at: v.now,
    updated_at: v.now,
    document: d.jsonValue(v.document),
  });
  const byLookup = (column: 'key' | 'email') => ({
    find: db
      .selectFrom('customers')
      .select(CUSTOMER_COLUMNS)
      .where('program', '=', slot('program'))
      .where(column, '=', slot('target'))
      .compile(),
    update: db
      .updateTable('customers')
      .set({
        key: sql<string>`COALESCE(${slot('key')}, key)`,
        email: sql<string>`COALESCE(${slot('email')}, email)`,
        document: d.merge(slot('patch'), slot('patchKeys')),
        updated_at: slot('now'),
      })
      .where('program', '=', slot('program'))
      .where(column, '=', slot('target'))
      .returning(CUSTOMER_COLUMNS)
      .compile(),
    delete: db
      .deleteFrom('customers')
      .where('program', '=', slot('program'))
      .where(column, '=', slot('target'))
      .returning(CUSTOMER_COLUMNS)
      .compile(),
  });
  const partnerBy = (column: 'key' | 'id' | 'email') =>
    db
      .selectFrom('partners')
      .select(['key', 'id', 'email'])
      .where('program', '=', slot('program'))
      .where(column, '=', slot('target'))
      .limit(1)
      .compile();

  const lists = new Map<string, CompiledQuery>();
  const inserts = new Map<number, CompiledQuery>();
  return {
    insert: db.insertInto('customers').values(row(insertSlots())).compile(),
    /**
     * On Postgres, the insert and, when an active webhook subscribes to the event, its outbox
     * row, in one statement: one round trip, as the insert alone (a data-modifying `WITH`).
     */
    insertAnnounced:
      d.name === 'postgres'
        ? db
            .with('created', (w) =>
              w.insertInto('customers').values(row(insertSlots())).returning('key'),
            )
            .insertInto('outbox')
            .columns(['program', 'event', 'customer_key', 'data', 'created_at'])
            .expression((eb) =>
              eb
                .selectFrom('created')
                .select([
                  sql<string>`CAST(${slot('program')} AS TEXT)`.as('program'),
                  sql<string>`CAST(${slot('event')} AS TEXT)`.as('event'),
                  'created.key',
                  sql<string>`CAST(${slot('data')} AS TEXT)`.as('data'),
                  sql<string>`CAST(${slot('at')} AS TEXT)`.as('created_at'),
                ])
                .where(({ exists }) => exists(subscribersOf(db).select('e.event'))),
            )
            .compile()
        : undefined,
    /** `count` customers in one statement, for seeds; compiled once per count. */
    insertMany(count: number) {
      let compiled = inserts.get(count);
      if (!compiled) {
        const rows = Array.from({ length: count }, (_, i) => row(insertSlots(i)));
        compiled = db.insertInto('customers').values(rows).compile();
        inserts.set(count, compiled);
      }
      return compiled;
    },
    key: byLookup('key'),
    email: byLookup('email'),
    /** By email in any letter case: no index serves it, so it reads the program's rows. */
    emailIgnoringCase: db
      .selectFrom('customers')
      .select(CUSTOMER_COLUMNS)
      .where('program', '=', slot('program'))
      .where(sql`lower(email)`, '=', sql`lower(${slot('target')})`)
      .orderBy('seq')
      .limit(1)
      .compile(),
    /** Customers other than the written one that hold its key or email. */
    holders: db
      .selectFrom('customers')
      .select(['key', 'email'])
      .where('program', '=', slot('program'))
      .where((eb) => eb.or([eb('key', '=', slot('key')), eb('email', '=', slot('email'))]))
      .compile(),
    setStatus: db
      .updateTable('customers')
      .set({ status: slot('status'), updated_at: slot('now') })
      .where('program', '=', slot('program'))
      .where('key', '=', slot('key'))
      .returning(CUSTOMER_COLUMNS)
      .compile(),
    /** The page statement for the filters a query uses, compiled on first use. */
    list(query: ListQuery) {
      const used = (Object.keys(FILTER_COLUMNS) as ListFilter[]).filter(
        (name) => query.match?.[name] !== undefined,
      );
      const id = used.join();
      let compiled = lists.get(id);
      if (!compiled) {
        let select = db
          .selectFrom('customers')
          .select(CUSTOMER_COLUMNS)
          .where('program', '=', slot('program'));
        for (const name of used) select = select.where(FILTER_COLUMNS[name], '=', slot(name));
        compiled = select
          .orderBy('seq', 'desc')
          .limit(slot<number>('limit'))
          .offset(slot<number>('offset'))
          .compile();
        lists.set(id, compiled);
      }
      return compiled;
    },
    transactions: {
      /** Records one transaction for the customer whose key is the slot `customer`. */
      insert: db
        .insertInto('transactions')
        .values({
          program: slot('program'),
          customer_seq: (eb) =>
            eb
              .selectFrom('customers')
              .select('seq')
              .where('program', '=', slot('program'))
              .where('key', '=', slot('customer')),
          key: slot('key'),
          document: d.jsonValue(slot('document')),
        })
        .compile(),
      /** The customer whose transactions a page lists. */
      owner: db
        .selectFrom('customers')
        .select(['seq', 'key', 'partner'])
        .where('program', '=', slot('program'))
        .where('key', '=', slot('key'))
        .compile(),
      page: db
        .selectFrom('transactions')
        .select('document')
        .where('customer_seq', '=', slot<number>('seq'))
        .orderBy('seq', 'desc')
        .limit(slot<number>('limit'))
        .offset(slot<number>('offset'))
        .compile(),
    },
    countPartners: db
      .selectFrom('partners')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('program', '=', slot('program'))
      .compile(),
    partner: { key: partnerBy('key'), id: partnerBy('id'), email: partnerBy('email') },
    upsertPartner: db
      .insertInto('partners')
      .values({
        program: slot('program'),
        key: slot('key'),
        id: slot('id'),
        email: slot('email'),
      })
      .onConflict((oc) =>
        oc.columns(['program', 'key']).doUpdateSet({
          id: (eb) => eb.ref('excluded.id'),
          email: (eb) => eb.ref('excluded.email'),
        }),
      )
      .compile(),
    reset: {
      program: [
        db.deleteFrom('customers').where('program', '=', slot('program')).compile(),
        db.deleteFrom('partners').where('program', '=', slot('program')).compile(),
      ],
      all: [db.deleteFrom('customers').compile(), db.deleteFrom('partners').compile()],
    },
  };
}

export type Statements = ReturnType<typeof compileStatements>;

export const lookupColumn = (lookup: CustomerLookup) =>
  'key' in lookup
    ? { column: 'key' as const, target: lookup.key }
    : { column: 'email' as const, target: lookup.email };
