import type BetterSqlite3 from 'better-sqlite3';

/** One write waiting for the next commit: synchronous work on the connection, and its caller. */
interface Unit {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the embedded database: the writes that requests make in one turn of the
 * event loop run in one transaction, each in its own savepoint, and every caller hears of its
 * write only after that transaction's commit, so nothing answered is ever lost to `kill -9`.
 *
 * A commit writes each page the transaction changed to the log. One create alone changes
 * three or four pages (the row, its indexes, the outbox row); twenty creates at once share most
 * of them, the outbox's page too. A lone write runs in its own transaction, as without
 * grouping.
 *
 * A write that fails is undone alone (back to its savepoint) and rejects alone; the others
 * commit. If SQLite ends the whole transaction (a full disk, an I/O error), every write of the
 * group rejects, including those that had run, since none of them was committed.
 */
export class GroupCommit {
  private queue: Unit[] = [];
  private readonly begin;
  private readonly commit;
  private readonly savepoint;
  private readonly release;
  private readonly rollbackTo;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.begin = db.prepare('BEGIN');
    this.commit = db.prepare('COMMIT');
    this.savepoint = db.prepare('SAVEPOINT unit');
    this.release = db.prepare('RELEASE unit');
    this.rollbackTo = db.prepare('ROLLBACK TO unit');
  }

  /** Runs `work` in the next group; resolves to its result once the group is committed. */
  write<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // setImmediate runs after the event loop has handed every ready socket its data, so
      // the writes of all the requests that arrived together are queued by then.
      if (this.queue.length === 0) setImmediate(() => this.flush());
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  private flush() {
    const units = this.queue;
    this.queue = [];
    if (units.length === 1) {
      const [unit] = units as [Unit];
      try {
        unit.resolve(unit.work());
      } catch (error) {
        unit.reject(error);
      }
      return;
    }
    const outcomes: ({ value: unknown } | { error: unknown })[] = [];
    try {
      this.begin.run();
      for (const unit of units) {
        this.savepoint.run();
        try {
          outcomes.push({ value: unit.work() });
          this.release.run();
        } catch (error) {
          // SQLite itself ended the transaction: nothing of the group can be kept.
          if (!this.db.inTransaction) throw error;
          this.rollbackTo.run();
          this.release.run();
          outcomes.push({ error });
        }
      }
      this.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const unit of units) unit.reject(error);
      return;
    }
    units.forEach((unit, i) => {
      const outcome = outcomes[i] as { value: unknown } | { error: unknown };
      if ('error' in outcome) unit.reject(outcome.error);
      else unit.resolve(outcome.value);
    });
  }
}
