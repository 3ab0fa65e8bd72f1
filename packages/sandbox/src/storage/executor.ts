import type { Bound, Dialect } from './dialect.js';

/** Runs compiled statements on one database; the storage above it is the same for both. */
export interface Executor {
  readonly dialect: Dialect;
  /**
   * True when this process is the database's only writer (the embedded file), so facts that
   * change only through it may be kept in memory.
   */
  readonly soleWriter: boolean;
  rows<T>(statement: Bound): Promise<T[]>;
  /** Runs a write; resolves to the number of rows it changed. */
  run(statement: Bound): Promise<number>;
  /** Runs the statements in one transaction: all of them or none. */
  transaction(statements: Bound[]): Promise<void>;
  /**
   * Runs `first`, then the statements `next` makes of its rows, in one transaction; resolves
   * to `first`'s rows. `next` is synchronous, so nothing else can run inside the transaction.
   */
  chain<T>(first: Bound, next: (rows: T[]) => Bound[]): Promise<T[]>;
  /**
   * Runs `work` in one transaction that no other sandbox on the database runs at the same
   * time. Only for opening (migrations), before any request is served.
   */
  exclusive<T>(work: (tx: Pick<Executor, 'rows' | 'run'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A statement that has no values, such as DDL. */
export const raw = (sql: string): Bound => ({ sql, parameters: [] });

/**
 * A write broke a unique index. `field` is the one rule the database named; the storage
 * finds out whether the write broke the other too.
 */
export class DuplicateRow extends Error {
  override name = 'DuplicateRow';
  readonly field: 'key' | 'email';
  /** `index` is the database's name for the broken index, or its message naming it. */
  constructor(index: string) {
    super(`unique index violated: ${index}`);
    this.field = index.includes('email') ? 'email' : 'key';
  }
}
