// What the storage tests share: scratch databases dropped after each test, and new customers
// with increasing timestamps.
import { afterEach } from 'vitest';
import type { NewCustomer, Storage } from '../../src/storage/types.js';
import { type ScratchDatabase, scratchDatabase } from './databases.js';

/** The program the storage tests write to. */
export const P = 'program-1';

/** Registers the clean-up in the calling test file: every test owns its databases. */
export function useScratchDatabases() {
  const opened: Storage[] = [];
  const databases: ScratchDatabase[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close().catch(() => {})));
    await Promise.all(databases.splice(0).map((d) => d.drop()));
  });
  return {
    async scratch(kind: ScratchDatabase['kind'], sqliteFile?: string) {
      const database = await scratchDatabase(kind, sqliteFile);
      databases.push(database);
      return database;
    },
    async open(database: ScratchDatabase) {
      const storage = await database.open();
      opened.push(storage);
      return storage;
    },
  };
}

let clock = 0;
/** A new customer whose `now` is later than the previous one's, so list order is known. */
export function customer(key: string, extra: Partial<NewCustomer> = {}): NewCustomer {
  clock += 1;
  return {
    key,
    partner: 'partner_a',
    partnerEmail: null,
    email: null,
    document: {},
    now: `2026-12-01T10:00:00.${String(clock).padStart(6, '0')}Z`,
    ...extra,
  };
}
