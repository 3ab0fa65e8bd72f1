import type { CompiledQuery } from 'kysely';
import { type Bound, bind } from './dialect.js';
import { DuplicateRow, type Executor } from './executor.js';
import { migrate } from './migrations.js';
import { PARTNER_LOOKUP_ORDER } from './partners.js';
import { compileStatements, insertValues, lookupColumn } from './statements.js';
import {
  type CustomerChanges,
  type CustomerLookup,
  type CustomerRow,
  type ListQuery,
  type NewCustomer,
  type Partner,
  type PartnerLookup,
  REQUEST_COLUMNS,
  type RequestColumn,
  type SeedData,
  type Storage,
  type TransactionRow,
  UniqueViolation,
} from './types.js';
import { SqlWebhookStorage } from './webhook-storage.js';
import type { OutboxEvent } from './webhook-types.js';

/** Rows per statement when seeding: many thousand customers stay quick, within every limit. */
const SEED_BATCH = 500;

/** Migrates the database, then serves it; closes the executor when the migration fails. */
export async function openSqlStorage(executor: Executor): Promise<Storage> {
  try {
    await migrate(executor);
  } catch (error) {
    await executor.close();
    throw error;
  }
  return new SqlStorage(executor);
}

/** The storage over either database: the same statements, run by that database's executor. */
class SqlStorage implements Storage {
  readonly kind;
  readonly webhooks;
  private readonly statements;
  private readonly partnerCounts = new Map<string, number>();
  private readonly outboxListeners = new Set<() => void>();

  constructor(private readonly executor: Executor) {
    this.kind = executor.dialect.name;
    this.statements = compileStatements(executor.dialect);
    this.webhooks = new SqlWebhookStorage(executor);
  }

  onOutbox(listener: () => void) {
    this.outboxListeners.add(listener);
    return () => this.outboxListeners.delete(listener);
  }

  private outboxWritten() {
    for (const listener of this.outboxListeners) listener();
  }

  /**
   * A write that returns the customer rows it changed; with an event, the event goes to the
   * outbox in the same transaction, from the rows as the write left them.
   */
  private async change(first: Bound, program: string, event: OutboxEvent | undefined) {
    const { readDocument } = this.executor.dialect;
    const read = (rows: CustomerRow[]) => {
      for (const row of rows) row.document = readDocument(row.document);
      return rows;
    };
    if (!event || !(await this.webhooks.mayDeliver(program))) {
      return read(await this.executor.rows<CustomerRow>(first));
    }
    const rows = await this.executor.chain<CustomerRow>(first, (changed) =>
      read(changed).map((row) => this.webhooks.outbox(program, event, row)),
    );
    if (rows.length > 0) this.outboxWritten();
    return rows;
  }

  private async customers(query: CompiledQuery, values: Record<string, unknown>) {
    const rows = await this.executor.rows<CustomerRow>(bind(query, values));
    const { readDocument } = this.executor.dialect;
    for (const row of rows) row.document = readDocument(row.document);
    return rows;
  }

  async createCustomer(
    program: string,
    customer: NewCustomer,
    event?: OutboxEvent,
  ): Promise<CustomerRow> {
    const values = insertValues(program, customer);
    // The row as written: every value of it came from here, so nothing is read back.
    const { key, partner, email, status, now } = values;
    const row = {
      key,
      partner,
      email,
      status,
      created_at: now,
      updated_at: now,
      document: customer.document,
    };
    const insert = bind(this.statements.insert, values);
    const announce = event !== undefined && (await this.webhooks.mayDeliver(program));
    const { insertAnnounced } = this.statements;
    await this.unique(
      async () => {
        if (!announce) await this.executor.run(insert);
        else if (insertAnnounced)
          await this.executor.run(
            bind(insertAnnounced, {
              ...values,
              ...this.webhooks.outboxValues(program, event, row),
            }),
          );
        else await this.executor.transaction([insert, this.webhooks.outbox(program, event, row)]);
      },
      program,
      customer,
    );
    if (announce) this.outboxWritten();
    return row;
  }

  async findCustomer(program: string, lookup: CustomerLookup) {
    const { column, target } = lookupColumn(lookup);
    const [row] = await this.customers(this.statements[column].find, { program, target });
    return row;
  }

  async findCustomerByEmail(program: string, email: string) {
    const [row] = await this.customers(this.statements.emailIgnoringCase, {
      program,
      target: email,
    });
    return row;
  }

  async updateCustomer(
    program: string,
    lookup: CustomerLookup,
    changes: CustomerChanges,
    event?: OutboxEvent,
  ) {
    const { column, target } = lookupColumn(lookup);
    const update = bind(this.statements[column].update, {
      program,
      target,
      key: changes.key,
      email: changes.email,
      patch: JSON.stringify(changes.document),
      patchKeys: JSON.stringify(changes.document, (key, value) => (key === '' ? value : null)),
      now: changes.now,
    });
    const [row] = await this.unique(
      () => this.change(update, program, event),
      program,
      changes,
      lookup,
    );
    return row;
  }

  async deleteCustomer(program: string, lookup: CustomerLookup, event?: OutboxEvent) {
    const { column, target } = lookupColumn(lookup);
    const removed = bind(this.statements[column].delete, { program, target });
    return (await this.change(removed, program, event)).length > 0;
  }

  async setStatus(program: string, key: string, status: string, now: string, event?: OutboxEvent) {
    const changed = bind(this.statements.setStatus, { program, key, status, now });
    return (await this.change(changed, program, event)).length > 0;
  }

  listCustomers(program: string, query: ListQuery) {
    const { limit, offset, match } = query;
    return this.customers(this.statements.list(query), { program, limit, offset, ...match });
  }

  async listTransactions(
    program: string,
    customerKey: string,
    { limit, offset }: { limit: number; offset: number },
  ): Promise<TransactionRow[] | undefined> {
    const { transactions } = this.statements;
    const [owner] = await this.executor.rows<{ seq: number; key: string; partner: string }>(
      bind(transactions.owner, { program, key: customerKey }),
    );
    if (!owner) return undefined;
    const rows = await this.executor.rows<{ document: unknown }>(
      bind(transactions.page, { seq: owner.seq, limit, offset }),
    );
    const { readDocument } = this.executor.dialect;
    return rows.map((row) => ({
      customer: owner.key,
      partner: owner.partner,
      document: readDocument(row.document),
    }));
  }

  async countPartners(program: string) {
    // Asked on every create. When this process is the only writer, partners change only by
    // its seed or reset, so the count is kept instead of re-read each time.
    let count = this.partnerCounts.get(program);
    if (count === undefined) {
      const [row] = await this.executor.rows<{ n: number | string }>(
        bind(this.statements.countPartners, { program }),
      );
      count = Number(row?.n ?? 0);
      if (this.executor.soleWriter) this.partnerCounts.set(program, count);
    }
    return count;
  }

  async findPartner(program: string, lookup: PartnerLookup) {
    for (const column of PARTNER_LOOKUP_ORDER) {
      const target = lookup[column];
      if (target === undefined) continue;
      const [found] = await this.executor.rows<Partner>(
        bind(this.statements.partner[column], { program, target }),
      );
      if (found) return found;
    }
    return undefined;
  }

  async seed(program: string, data: SeedData) {
    const partners = data.partners.map((p) =>
      bind(this.statements.upsertPartner, { program, key: p.key, id: p.id, email: p.email }),
    );
    const customers: Bound[] = [];
    for (let start = 0; start < data.customers.length; start += SEED_BATCH) {
      const batch = data.customers.slice(start, start + SEED_BATCH);
      customers.push(
        bind(
          this.statements.insertMany(batch.length),
          batch.map((c) => insertValues(program, c)),
        ),
      );
    }
    // After the customers: a transaction finds its customer's row by key.
    const transactions = (data.transactions ?? []).map((t) =>
      bind(this.statements.transactions.insert, {
        program,
        customer: t.customer,
        key: t.key,
        document: JSON.stringify(t.document),
      }),
    );
    try {
      await this.unique(
        () => this.executor.transaction([...partners, ...customers, ...transactions]),
        program,
        undefined,
      );
    } finally {
      this.partnerCounts.delete(program);
    }
  }

  async reset(program?: string) {
    const { reset } = this.statements;
    await this.executor.transaction([
      ...(program === undefined
        ? reset.all.map((q) => bind(q, {}))
        : reset.program.map((q) => bind(q, { program }))),
      ...this.webhooks.resetStatements(program),
    ]);
    if (program === undefined) this.partnerCounts.clear();
    else this.partnerCounts.delete(program);
  }

  close() {
    return this.executor.close();
  }

  /**
   * Runs a write; when it breaks a unique rule, finds every rule it broke (the database names
   * only the first), so one answer can report the key and the email together.
   */
  private async unique<T>(
    write: () => Promise<T>,
    program: string,
    written: Partial<Record<RequestColumn, string | null>> | undefined,
    target?: CustomerLookup,
  ): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof DuplicateRow)) throw error;
      if (!written) throw new UniqueViolation([error.field]);
      const holders = await this.executor.rows<Record<RequestColumn, string | null>>(
        bind(this.statements.holders, { program, key: written.key, email: written.email }),
      );
      const others = holders.filter(
        (holder) =>
          !target || !Object.entries(target).every(([k, v]) => holder[k as RequestColumn] === v),
      );
      const fields = REQUEST_COLUMNS.filter((field) =>
        others.some((holder) => written[field] != null && holder[field] === written[field]),
      );
      // The holder changed again in between: report the rule the database named.
      throw new UniqueViolation(fields.length > 0 ? fields : [error.field]);
    }
  }
}
