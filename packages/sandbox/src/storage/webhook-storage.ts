import { type Bound, bind } from './dialect.js';
import type { Executor } from './executor.js';
import type { CustomerRow } from './types.js';
import { compileWebhookStatements } from './webhook-statements.js';
import type {
  AttemptResult,
  ClaimedDelivery,
  DeliveryRow,
  NewWebhook,
  OutboxEvent,
  WebhookChanges,
  WebhookRow,
  WebhookStorage,
} from './webhook-types.js';

/** Events turned into deliveries per claim; a backlog drains over several claims. */
const EXPAND_BATCH = 1_000;

interface OutboxRow {
  program: string;
  event: string;
  customer_key: string;
  data: string;
  created_at: string;
}

type StoredWebhook = Omit<WebhookRow, 'events' | 'is_active'> & {
  events: string;
  is_active: number | string;
};

const webhookOf = (row: StoredWebhook): WebhookRow => ({
  ...row,
  events: JSON.parse(row.events) as string[],
  is_active: Number(row.is_active) === 1,
});

/** Postgres answers BIGINT columns as text. */
const numeric = <T extends object>(row: T, fields: (keyof T)[]): T => {
  for (const field of fields) if (row[field] !== null) row[field] = Number(row[field]) as never;
  return row;
};

/** Webhooks and their outbox over either database, beside the customers' storage. */
export class SqlWebhookStorage implements WebhookStorage {
  private readonly statements;
  /** Active webhooks per program, kept only when this process is the database's one writer. */
  private readonly activeCounts = new Map<string, number>();

  constructor(private readonly executor: Executor) {
    this.statements = compileWebhookStatements(executor.dialect);
  }

  /**
   * Whether a change of the program's customers may have anyone to tell. With one writer the
   * answer is kept, so a program without webhooks pays nothing for the outbox; otherwise
   * another process may have subscribed one, and the fan-out statement always runs.
   */
  async mayDeliver(program: string): Promise<boolean> {
    if (!this.executor.soleWriter) return true;
    let count = this.activeCounts.get(program);
    if (count === undefined) {
      const [row] = await this.executor.rows<{ n: number | string }>(
        bind(this.statements.countActive, { program }),
      );
      count = Number(row?.n ?? 0);
      this.activeCounts.set(program, count);
    }
    return count > 0;
  }

  /** The outbox row of a customer change, to run in the change's own transaction. */
  outbox(program: string, event: OutboxEvent, row: CustomerRow): Bound {
    const { record, recordIfSubscribed } = this.statements;
    // With one writer, `mayDeliver` has already answered whether anyone listens.
    return bind(
      this.executor.soleWriter ? record : recordIfSubscribed,
      this.outboxValues(program, event, row),
    );
  }

  /** The named values of an outbox row, for `outbox` and for statements that include one. */
  outboxValues(program: string, event: OutboxEvent, row: CustomerRow) {
    return {
      program,
      event: event.event,
      customerKey: row.key,
      data: JSON.stringify(event.data(row)),
      at: event.at,
    };
  }

  /**
   * Turns up to `limit` of the oldest events into deliveries, one per active webhook of the
   * program subscribed to the event, in the transaction that takes them out of the outbox.
   */
  private async expand(nowMs: number, limit: number) {
    await this.executor.chain<OutboxRow>(bind(this.statements.takeEvents, { limit }), (events) =>
      events.map((e) =>
        bind(this.statements.fanOut, {
          program: e.program,
          event: e.event,
          customerKey: e.customer_key,
          data: e.data,
          at: e.created_at,
          nowMs,
        }),
      ),
    );
  }

  async list(program: string) {
    const rows = await this.executor.rows<StoredWebhook>(bind(this.statements.list, { program }));
    return rows.map(webhookOf);
  }

  async find(program: string, key: string) {
    const [row] = await this.executor.rows<StoredWebhook>(
      bind(this.statements.find, { program, key }),
    );
    return row && webhookOf(row);
  }

  async create(program: string, webhook: NewWebhook) {
    const { now, ...answer } = webhook;
    await this.executor.transaction([
      bind(this.statements.insert, {
        program,
        ...answer,
        events: JSON.stringify(webhook.events),
        isActive: webhook.is_active ? 1 : 0,
        now,
      }),
      ...this.subscriptions(program, webhook.key, webhook.events),
    ]);
    this.activeCounts.delete(program);
    return answer;
  }

  async update(program: string, key: string, changes: WebhookChanges) {
    const { events } = changes;
    const [row] = await this.executor.chain<StoredWebhook>(
      bind(this.statements.update, {
        program,
        key,
        name: changes.name,
        url: changes.url,
        events: events && JSON.stringify(events),
        isActive: changes.is_active === undefined ? undefined : changes.is_active ? 1 : 0,
        now: changes.now,
      }),
      (rows) =>
        rows.length > 0 && events
          ? [
              bind(this.statements.unsubscribeAll, { program, key }),
              ...this.subscriptions(program, key, events),
            ]
          : [],
    );
    this.activeCounts.delete(program);
    return row && webhookOf(row);
  }

  async delete(program: string, key: string) {
    const gone = await this.executor.chain(
      bind(this.statements.delete, { program, key }),
      (rows) =>
        rows.length > 0
          ? [
              bind(this.statements.unsubscribeAll, { program, key }),
              bind(this.statements.deleteDeliveries, { program, key }),
            ]
          : [],
    );
    this.activeCounts.delete(program);
    return gone.length > 0;
  }

  async deliveries(program: string, limit: number) {
    const rows = await this.executor.rows<DeliveryRow>(
      bind(this.statements.deliveries, { program, limit }),
    );
    return rows.map((row) => numeric(row, ['id', 'attempts', 'next_attempt_at', 'last_status']));
  }

  async resend(program: string, id: number, nowMs: number) {
    return (await this.executor.run(bind(this.statements.resend, { program, id, nowMs }))) > 0;
  }

  async enqueue(
    program: string,
    webhookKey: string,
    event: { event: string; customerKey: string; data: string; at: string; nowMs: number },
  ) {
    const [row] = await this.executor.rows<{ id: number | string }>(
      bind(this.statements.enqueue, { program, key: webhookKey, ...event }),
    );
    return row && Number(row.id);
  }

  async claim(nowMs: number, leaseUntil: number, limit: number): Promise<ClaimedDelivery[]> {
    await this.expand(nowMs, EXPAND_BATCH);
    const due = await this.executor.rows<ClaimedDelivery>(
      bind(this.statements.due, { nowMs, limit }),
    );
    if (due.length === 0) return [];
    const ids = due.map((row) => Number(row.id));
    const leased = await this.executor.rows<{ id: number | string; attempts: number | string }>(
      bind(this.statements.lease(ids), { nowMs, leaseUntil }),
    );
    const attempts = new Map(leased.map((row) => [Number(row.id), Number(row.attempts)]));
    return due
      .map((row) => ({ ...row, id: Number(row.id), attempts: attempts.get(Number(row.id)) ?? 0 }))
      .filter((row) => attempts.has(row.id));
  }

  async settle(results: AttemptResult[]) {
    if (results.length === 0) return;
    await this.executor.transaction(
      results.map((result) =>
        bind(this.statements.settle, {
          id: result.id,
          status: result.status,
          nextAttemptAt: result.nextAttemptAt,
          lastStatus: result.lastStatus,
          lastAnswer: result.lastAnswer,
          deliveredAt: result.status === 'delivered' ? result.now : null,
        }),
      ),
    );
  }

  /** Empties the program's webhooks and outbox, or every program's. */
  resetStatements(program?: string): Bound[] {
    const { reset } = this.statements;
    if (program === undefined) this.activeCounts.clear();
    else this.activeCounts.delete(program);
    return program === undefined
      ? reset.all.map((q) => bind(q, {}))
      : reset.program.map((q) => bind(q, { program }));
  }

  private subscriptions(program: string, key: string, events: string[]): Bound[] {
    return [...new Set(events)].map((event) =>
      bind(this.statements.subscribe, { program, key, event }),
    );
  }
}
