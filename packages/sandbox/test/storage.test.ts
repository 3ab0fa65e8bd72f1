import { describe, expect, it } from 'vitest';
import { type Storage, StorageUnavailable, UniqueViolation } from '../src/storage/types.js';
import { backends } from './support/databases.js';
import { customer, P, useScratchDatabases } from './support/storage.js';

// One suite for the storage interface, run against every backend: SQLite always, Postgres
// when DATABASE_URL is set. Each test owns a database of its own. Schema versions and the
// previous release's data: migrations.test.ts.

const { scratch, open } = useScratchDatabases();

describe.each(backends)('storage on %s', (kind) => {
  it('keeps columns and the document of a customer, whatever fields the document holds', async () => {
    const storage = await open(await scratch(kind));
    const created = await storage.createCustomer(
      P,
      customer('ada', {
        email: 'ada@example.com',
        document: { name: 'Ada', tags: ['vip'], company: 'Analytical Engines', options: { a: 1 } },
      }),
    );
    expect(created).toMatchObject({
      key: 'ada',
      partner: 'partner_a',
      email: 'ada@example.com',
      status: 'active',
      document: { name: 'Ada', tags: ['vip'], company: 'Analytical Engines', options: { a: 1 } },
    });
    expect(created.created_at).toBe(created.updated_at);
    expect(await storage.findCustomer(P, { key: 'ada' })).toEqual(created);
    expect(await storage.findCustomer(P, { email: 'ada@example.com' })).toEqual(created);
    expect(await storage.findCustomer('program-2', { key: 'ada' })).toBeUndefined();
  });

  it('updates columns and sets only the document fields given', async () => {
    const storage = await open(await scratch(kind));
    await storage.createCustomer(
      P,
      customer('ada', { email: 'a@example.com', document: { name: 'Ada', tags: ['x'] } }),
    );
    const changed = await storage.updateCustomer(
      P,
      { email: 'a@example.com' },
      {
        key: 'ada2',
        document: { surname: 'Lovelace', tags: [] },
        now: '2026-12-02T00:00:00.000000Z',
      },
    );
    expect(changed).toMatchObject({
      key: 'ada2',
      email: 'a@example.com',
      updated_at: '2026-12-02T00:00:00.000000Z',
      document: { name: 'Ada', surname: 'Lovelace', tags: [] },
    });
    expect(await storage.findCustomer(P, { key: 'ada2' })).toEqual(changed);
    // A value that is an object replaces the old one whole, on both databases.
    await storage.updateCustomer(
      P,
      { key: 'ada2' },
      { document: { options: { a: 1, b: 2 } }, now: 'x' },
    );
    const replaced = await storage.updateCustomer(
      P,
      { key: 'ada2' },
      { document: { options: { a: 3 } }, now: 'x' },
    );
    expect(replaced?.document).toEqual({
      name: 'Ada',
      surname: 'Lovelace',
      tags: [],
      options: { a: 3 },
    });
    expect(
      await storage.updateCustomer(P, { key: 'nobody' }, { document: {}, now: 'x' }),
    ).toBeUndefined();
  });

  it('reports every unique rule a write breaks, and none for a customer keeping its own', async () => {
    const storage = await open(await scratch(kind));
    await storage.createCustomer(P, customer('ada', { email: 'ada@example.com' }));
    await storage.createCustomer(P, customer('bob', { email: 'bob@example.com' }));
    const both = await storage
      .createCustomer(P, customer('ada', { email: 'bob@example.com' }))
      .catch((e: unknown) => e);
    expect(both).toBeInstanceOf(UniqueViolation);
    expect((both as UniqueViolation).fields).toEqual(['key', 'email']);
    const emailOnly = await storage
      .createCustomer(P, customer('carol', { email: 'ada@example.com' }))
      .catch((e: unknown) => e);
    expect((emailOnly as UniqueViolation).fields).toEqual(['email']);

    const update = await storage
      .updateCustomer(
        P,
        { key: 'ada' },
        { key: 'bob', email: 'ada@example.com', document: {}, now: 'x' },
      )
      .catch((e: unknown) => e);
    expect((update as UniqueViolation).fields).toEqual(['key']);
    expect(
      await storage.updateCustomer(
        P,
        { key: 'ada' },
        { email: 'ada@example.com', document: {}, now: 'x' },
      ),
    ).toMatchObject({ key: 'ada' });
    // The same key and email in another program are no conflict.
    await expect(
      storage.createCustomer('program-2', customer('ada', { email: 'ada@example.com' })),
    ).resolves.toMatchObject({ key: 'ada' });
  });

  it('pages newest first, filtered by partner, key or email', async () => {
    const storage = await open(await scratch(kind));
    for (let i = 0; i < 5; i++) {
      await storage.createCustomer(
        P,
        customer(`c${i}`, {
          email: `c${i}@example.com`,
          partner: i % 2 === 0 ? 'even' : 'odd',
          partnerEmail: i % 2 === 0 ? 'even@example.com' : null,
        }),
      );
    }
    const keys = async (query: Parameters<Storage['listCustomers']>[1]) =>
      (await storage.listCustomers(P, query)).map((row) => row.key);
    expect(await keys({ limit: 2, offset: 0 })).toEqual(['c4', 'c3']);
    expect(await keys({ limit: 2, offset: 4 })).toEqual(['c0']);
    expect(await keys({ limit: 10, offset: 0, match: { 'partner.key': 'even' } })).toEqual([
      'c4',
      'c2',
      'c0',
    ]);
    expect(
      await keys({ limit: 10, offset: 1, match: { 'partner.email': 'even@example.com' } }),
    ).toEqual(['c2', 'c0']);
    expect(await keys({ limit: 10, offset: 0, match: { email: 'c3@example.com' } })).toEqual([
      'c3',
    ]);
    expect(await keys({ limit: 10, offset: 0, match: { key: 'c1' } })).toEqual(['c1']);
    expect(
      await keys({ limit: 10, offset: 0, match: { key: 'c1', email: 'c2@example.com' } }),
    ).toEqual([]);
    expect(await keys({ limit: 10, offset: 0, match: { email: 'nobody@example.com' } })).toEqual(
      [],
    );
  });

  it('sets status, deletes by key or email', async () => {
    const storage = await open(await scratch(kind));
    await storage.createCustomer(P, customer('ada', { email: 'ada@example.com' }));
    await storage.createCustomer(P, customer('bob'));
    expect(await storage.setStatus(P, 'ada', 'suspended', '2026-12-03T00:00:00.000000Z')).toBe(
      true,
    );
    expect(await storage.findCustomer(P, { key: 'ada' })).toMatchObject({
      status: 'suspended',
      updated_at: '2026-12-03T00:00:00.000000Z',
    });
    expect(await storage.setStatus(P, 'nobody', 'active', 'x')).toBe(false);
    expect(await storage.deleteCustomer(P, { email: 'ada@example.com' })).toBe(true);
    expect(await storage.deleteCustomer(P, { email: 'ada@example.com' })).toBe(false);
    expect(await storage.deleteCustomer(P, { key: 'bob' })).toBe(true);
    expect(await storage.listCustomers(P, { limit: 10, offset: 0 })).toEqual([]);
  });

  it('seeds partners and many customers in one transaction, and resets one program', async () => {
    const storage = await open(await scratch(kind));
    const many = Array.from({ length: 1_234 }, (_, i) =>
      customer(`s${i}`, { email: `s${i}@example.com`, document: { name: `N${i}` } }),
    );
    await storage.seed(P, {
      partners: [
        { key: 'pa', id: 'id_a', email: 'pa@example.com' },
        { key: 'pb', id: null, email: null },
      ],
      customers: many,
    });
    await storage.createCustomer('program-2', customer('other'));
    expect(await storage.countPartners(P)).toBe(2);
    expect(await storage.findPartner(P, { id: 'id_a' })).toEqual({
      key: 'pa',
      id: 'id_a',
      email: 'pa@example.com',
    });
    expect(await storage.findPartner(P, { email: 'pa@example.com' })).toMatchObject({ key: 'pa' });
    expect(await storage.findPartner(P, { key: 'pz', id: 'id_z' })).toBeUndefined();
    const [newest] = await storage.listCustomers(P, { limit: 1, offset: 0 });
    expect(newest).toMatchObject({ key: 's1233', document: { name: 'N1233' } });
    expect(await storage.listCustomers(P, { limit: 5, offset: 1_230 })).toHaveLength(4);

    // A seed that breaks a unique rule writes nothing at all.
    const clash = await storage
      .seed(P, { partners: [{ key: 'pc', id: null, email: null }], customers: [customer('s1')] })
      .catch((e: unknown) => e);
    expect(clash).toBeInstanceOf(UniqueViolation);
    expect((clash as UniqueViolation).fields).toEqual(['key']);
    expect(await storage.findPartner(P, { key: 'pc' })).toBeUndefined();
    const emailClash = await storage
      .seed(P, { partners: [], customers: [customer('new', { email: 's7@example.com' })] })
      .catch((e: unknown) => e);
    expect((emailClash as UniqueViolation).fields).toEqual(['email']);

    await storage.reset(P);
    expect(await storage.countPartners(P)).toBe(0);
    expect(await storage.listCustomers(P, { limit: 1, offset: 0 })).toEqual([]);
    expect(await storage.listCustomers('program-2', { limit: 5, offset: 0 })).toHaveLength(1);
  });
});

describe('a Postgres out of reach', () => {
  it('answers StorageUnavailable, not a hang, when Postgres cannot be reached', async () => {
    // A port nothing listens on: the pool's connection is refused at once.
    const { postgresExecutor } = await import('../src/storage/postgres.js');
    const executor = await postgresExecutor('postgres://nobody@127.0.0.1:9/none');
    const started = performance.now();
    const failure = await executor
      .rows({ sql: 'SELECT 1', parameters: [] })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StorageUnavailable);
    expect(performance.now() - started).toBeLessThan(3_000);
    await executor.close();
  });
});
