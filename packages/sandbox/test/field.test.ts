import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Json, loadSpec } from '@partnero-kit/openapi/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { type SandboxOptions, startSandbox } from '../src/index.js';
import { apiFor, databaseUrl, newApiKey, storageUnderTest } from './support/sandbox.js';

// The change maintainers make most often: one optional field added to the spec, and nothing
// else. Here `company` is added to a copy of the spec (to the create body, the update changes
// and the customer), the sandbox runs over that copy, and the field must round-trip through
// the storage under test in strict mode, while a customer stored before the change still reads.

function specWithCompany() {
  const document = structuredClone(loadSpec().document);
  const schemas = (document.components as Json).schemas as Record<string, Json>;
  const add = (schema: string, property: Json) => {
    const properties = schemas[schema]?.properties as Json | undefined;
    if (!properties) throw new Error(`the spec has no properties for ${schema}`);
    properties.company = property;
  };
  add('CreateCustomerRequest', { type: 'string', description: 'Company name.' });
  add('CustomerChanges', { type: 'string', description: 'New company name.' });
  add('Customer', { type: ['string', 'null'], description: 'Company name, or `null`.' });
  return loadSpec(document);
}

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** One database for both sandboxes of a test: a data folder, or the Postgres under test. */
function sharedStorage(): SandboxOptions {
  if (storageUnderTest() === 'postgres') return { databaseUrl: databaseUrl() };
  const dataDir = mkdtempSync(join(tmpdir(), 'partnero-field-'));
  folders.push(dataDir);
  return { dataDir };
}

describe(`a field added to the spec reaches storage and answers (${storageUnderTest()})`, () => {
  it('round-trips `company` through create, retrieve, update and list; older customers read', async () => {
    const storage = sharedStorage();
    const apiKey = newApiKey();

    // Before the change: a customer stored by a sandbox on the spec as it is.
    const before = await startSandbox({ port: 0, strict: true, ...storage });
    const old = apiFor(before.url, apiKey);
    expect(
      (
        await old.call('POST', '/v1/customers', {
          key: 'before',
          partner: { key: 'p' },
          company: 'Ignored Ltd',
        })
      ).status,
    ).toBe(200);
    await before.close();

    const after = await startSandbox({
      port: 0,
      strict: true,
      spec: specWithCompany(),
      ...storage,
    });
    try {
      const { call } = apiFor(after.url, apiKey);
      const clean = (answer: { status: number; headers: Headers }) => {
        expect(answer.headers.get('sandbox-violation')).toBeNull();
        expect(answer.status).toBe(200);
      };

      const created = await call('POST', '/v1/customers', {
        key: 'acme',
        partner: { key: 'p' },
        name: 'Ada',
        company: 'Analytical Engines',
      });
      clean(created);
      expect(created.body).toMatchObject({ data: { key: 'acme', company: 'Analytical Engines' } });

      const retrieved = await call('GET', '/v1/customers/acme');
      clean(retrieved);
      expect(retrieved.body).toEqual(created.body);

      const updated = await call('PUT', '/v1/customers/acme', {
        update: { company: 'Babbage & Co' },
      });
      clean(updated);
      expect(updated.body).toMatchObject({
        data: { key: 'acme', name: 'Ada', company: 'Babbage & Co' },
      });

      const listed = await call('GET', '/v1/customers');
      clean(listed);
      const rows = (listed.body as { data: Record<string, unknown>[] }).data;
      expect(rows.map((row) => [row.key, row.company])).toEqual([
        ['acme', 'Babbage & Co'],
        // Stored before the change (the old spec did not know `company`, so it was not kept):
        // it reads, and the new nullable field answers `null`.
        ['before', null],
      ]);

      const searched = await call('GET', '/v1/customers:search?key=acme');
      clean(searched);
      expect(searched.body).toMatchObject({ data: [{ company: 'Babbage & Co' }] });
    } finally {
      await after.close();
    }
  });
});
