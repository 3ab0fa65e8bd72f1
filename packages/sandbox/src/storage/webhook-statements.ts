import { type Kysely, sql } from 'kysely';
import { type Dialect, slot, type Tables } from './dialect.js';

/** The active webhooks of the program subscribed to the event, joined to that subscription. */
export const subscribersOf = (db: Kysely<Tables>) =>
  db
    .selectFrom('webhook_events as e')
    .innerJoin('webhooks as w', (join) =>
      join.onRef('w.program', '=', 'e.program').onRef('w.key', '=', 'e.webhook_key'),
    )
    .where('e.program', '=', slot('program'))
    .where('e.event', '=', slot('event'))
    .where('w.is_active', '=', 1);

/** The columns a webhook is read with; `events` is JSON text, `is_active` 1 or 0. */
const WEBHOOK_COLUMNS = ['key', 'name', 'url', 'events', 'is_active', 'signature'] as const;

/** The columns the deliveries control route lists. */
const DELIVERY_COLUMNS = [
  'id',
  'webhook_key',
  'event',
  'customer_key',
  'created_at',
  'status',
  'attempts',
  'next_attempt_at',
  'last_status',
  'last_answer',
  'delivered_at',
] as const;

/**
 * The statements of webhooks and their outbox, compiled once per database like the
 * customers' (see statements.ts): values are `slot`s, bound by name when run.
 */
export function compileWebhookStatements(d: Dialect) {
  const { db } = d;
  const ofProgram = { program: slot('program') };
  /** The outbox columns of a new delivery, selected beside the webhook it goes to. */
  const newDelivery = [
    sql<string>`CAST(${slot('customerKey')} AS TEXT)`.as('customer_key'),
    sql<string>`CAST(${slot('data')} AS TEXT)`.as('data'),
    sql<string>`CAST(${slot('at')} AS TEXT)`.as('created_at'),
    sql<string>`'pending'`.as('status'),
    sql<number>`0`.as('attempts'),
    sql<number>`CAST(${slot('nowMs')} AS BIGINT)`.as('next_attempt_at'),
    sql<number>`0`.as('lease_until'),
  ];
  const subscribers = () => subscribersOf(db);
  const deliveryColumns = [
    'program',
    'webhook_key',
    'event',
    'customer_key',
    'data',
    'created_at',
    'status',
    'attempts',
    'next_attempt_at',
    'lease_until',
  ] as const;

  return {
    list: db
      .selectFrom('webhooks')
      .select(WEBHOOK_COLUMNS)
      .where('program', '=', slot('program'))
      .orderBy('created_at')
      .orderBy('key')
      .compile(),
    find: db
      .selectFrom('webhooks')
      .select(WEBHOOK_COLUMNS)
      .where('program', '=', slot('program'))
      .where('key', '=', slot('key'))
      .compile(),
    insert: db
      .insertInto('webhooks')
      .values({
        ...ofProgram,
        key: slot('key'),
        name: slot('name'),
        url: slot('url'),
        events: slot('events'),
        is_active: slot<number>('isActive'),
        signature: slot('signature'),
        created_at: slot('now'),
        updated_at: slot('now'),
      })
      .compile(),
    subscribe: db
      .insertInto('webhook_events')
      .values({ ...ofProgram, webhook_key: slot('key'), event: slot('event') })
      .compile(),
    unsubscribeAll: db
      .deleteFrom('webhook_events')
      .where('program', '=', slot('program'))
      .where('webhook_key', '=', slot('key'))
      .compile(),
    update: db
      .updateTable('webhooks')
      .set({
        name: sql<string>`COALESCE(${slot('name')}, name)`,
        url: sql<string>`COALESCE(${slot('url')}, url)`,
        events: sql<string>`COALESCE(${slot('events')}, events)`,
        is_active: sql<number>`COALESCE(CAST(${slot('isActive')} AS INTEGER), is_active)`,
        updated_at: slot('now'),
      })
      .where('program', '=', slot('program'))
      .where('key', '=', slot('key'))
      .returning(WEBHOOK_COLUMNS)
      .compile(),
    delete: db
      .deleteFrom('webhooks')
      .where('program', '=', slot('program'))
      .where('key', '=', slot('key'))
      .returning('key')
      .compile(),
    deleteDeliveries: db
      .deleteFrom('deliveries')
      .where('program', '=', slot('program'))
      .where('webhook_key', '=', slot('key'))
      .compile(),
    /** Active webhooks of the program, for the cache of a database with one writer. */
    countActive: db
      .selectFrom('webhooks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('program', '=', slot('program'))
      .where('is_active', '=', 1)
      .compile(),
    /** A customer event, in the transaction of the change. */
    record: db
      .insertInto('outbox')
      .values({
        program: slot('program'),
        event: slot('event'),
        customer_key: slot('customerKey'),
        data: slot('data'),
        created_at: slot('at'),
      })
      .compile(),
    /**
     * The same, only when an active webhook of the program subscribes to the event: for a
     * database other processes write to, where whether one does cannot be kept in memory.
     */
    recordIfSubscribed: db
      .insertInto('outbox')
      .columns(['program', 'event', 'customer_key', 'data', 'created_at'])
      .expression(
        db
          .selectNoFrom([
            sql<string>`CAST(${slot('program')} AS TEXT)`.as('program'),
            sql<string>`CAST(${slot('event')} AS TEXT)`.as('event'),
            sql<string>`CAST(${slot('customerKey')} AS TEXT)`.as('customer_key'),
            sql<string>`CAST(${slot('data')} AS TEXT)`.as('data'),
            sql<string>`CAST(${slot('at')} AS TEXT)`.as('created_at'),
          ])
          .where(({ exists }) => exists(subscribers().select('e.event'))),
      )
      .compile(),
    /**
     * Takes the oldest events out of the outbox. Of two processes doing it at once on
     * Postgres, the second waits for the first's rows and finds them gone: each event is
     * taken once.
     */
    takeEvents: db
      .deleteFrom('outbox')
      .where(
        'id',
        'in',
        db.selectFrom('outbox').select('id').orderBy('id').limit(slot<number>('limit')),
      )
      .returning(['id', 'program', 'event', 'customer_key', 'data', 'created_at'])
      .compile(),
    /** One delivery per active webhook of the program subscribed to the event. */
    fanOut: db
      .insertInto('deliveries')
      .columns(deliveryColumns)
      .expression(subscribers().select(['e.program', 'e.webhook_key', 'e.event', ...newDelivery]))
      .compile(),
    /** One delivery to one webhook of the program, whatever it subscribes to. */
    enqueue: db
      .insertInto('deliveries')
      .columns(deliveryColumns)
      .expression(
        db
          .selectFrom('webhooks as w')
          .select([
            'w.program',
            sql<string>`w.key`.as('webhook_key'),
            sql<string>`CAST(${slot('event')} AS TEXT)`.as('event'),
            ...newDelivery,
          ])
          .where('w.program', '=', slot('program'))
          .where('w.key', '=', slot('key')),
      )
      .returning('id')
      .compile(),
    deliveries: db
      .selectFrom('deliveries')
      .select(DELIVERY_COLUMNS)
      .where('program', '=', slot('program'))
      .orderBy('id', 'desc')
      .limit(slot<number>('limit'))
      .compile(),
    resend: db
      .updateTable('deliveries')
      .set({
        status: 'pending',
        attempts: 0,
        next_attempt_at: slot<number>('nowMs'),
        lease_until: 0,
      })
      .where('program', '=', slot('program'))
      .where('id', '=', slot<number>('id'))
      .compile(),
    /**
     * Due deliveries nobody holds, oldest first, with their webhook's URL and secret; one that
     * an earlier pending delivery of the same customer to the same webhook waits for is not due.
     */
    due: db
      .selectFrom('deliveries as d')
      .innerJoin('webhooks as w', (join) =>
        join.onRef('w.program', '=', 'd.program').onRef('w.key', '=', 'd.webhook_key'),
      )
      .select([
        'd.id',
        'd.program',
        'd.webhook_key',
        'd.event',
        'd.customer_key',
        'd.created_at',
        'd.data',
        'd.attempts',
        'w.url',
        'w.signature',
      ])
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', slot<number>('nowMs'))
      .where('d.lease_until', '<=', slot<number>('nowMs'))
      .where('w.is_active', '=', 1)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('deliveries as e')
              .select('e.id')
              .whereRef('e.program', '=', 'd.program')
              .whereRef('e.webhook_key', '=', 'd.webhook_key')
              .whereRef('e.customer_key', '=', 'd.customer_key')
              .where('e.status', '=', 'pending')
              .whereRef('e.id', '<', 'd.id'),
          ),
        ),
      )
      .orderBy('d.id')
      .limit(slot<number>('limit'))
      .compile(),
    /**
     * Takes the lease of these deliveries if nobody holds it. The condition is checked again
     * on each row as it is updated, so of two processes racing for a row only one gets it.
     */
    lease: (ids: number[]) =>
      db
        .updateTable('deliveries')
        .set({ lease_until: slot<number>('leaseUntil'), attempts: sql<number>`attempts + 1` })
        .where('id', 'in', ids)
        .where('status', '=', 'pending')
        .where('lease_until', '<=', slot<number>('nowMs'))
        .returning(['id', 'attempts'])
        .compile(),
    settle: db
      .updateTable('deliveries')
      .set({
        status: slot('status'),
        next_attempt_at: slot<number>('nextAttemptAt'),
        lease_until: 0,
        last_status: slot<number>('lastStatus'),
        last_answer: slot('lastAnswer'),
        delivered_at: slot('deliveredAt'),
      })
      .where('id', '=', slot<number>('id'))
      .compile(),
    reset: {
      program: (['webhooks', 'webhook_events', 'outbox', 'deliveries'] as const).map((table) =>
        db.deleteFrom(table).where('program', '=', slot('program')).compile(),
      ),
      all: (['webhooks', 'webhook_events', 'outbox', 'deliveries'] as const).map((table) =>
        db.deleteFrom(table).compile(),
      ),
    },
  };
}

export type WebhookStatements = ReturnType<typeof compileWebhookStatements>;
