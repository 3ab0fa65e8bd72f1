// `partnero customers export`, and the round trip: an export imports into another program
// unchanged and reproduces every customer.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpec } from '@partnero-kit/openapi/runtime';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  cli,
  customersCsv,
  newApiKey,
  requestLog,
  unusedUrl,
  useHarness,
} from './support/harness.js';

const harness = useHarness();

/** Every customer of a program as the API returns it, without what the server assigns. */
async function customersOf(apiKey: string) {
  const run = await cli(['--json', 'customers', 'list', '--all'], {
    baseUrl: harness.sandbox.url,
    apiKey,
  });
  expect(run.code).toBe(0);
  return run.stdout
    .trim()
    .split('\n')
    .map((line) => {
      const { created_at, updated_at, ...customer } = JSON.parse(line);
      return customer;
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

describe('customers export', () => {
  it('writes the import columns, and the export imports into a second program reproducing every customer', async () => {
    const source = newApiKey();
    const input = join(harness.dir, 'source.csv');
    // More than one page of 250, with empty cells, commas, quotes and several tags.
    writeFileSync(
      input,
      `${customersCsv(620)}cus_x,,"O""Brien, Jr",,partner_x,\ncus_y,y@example.com,,,partner_x,solo\n`,
    );
    expect(
      (await cli(['customers', 'import', input], { baseUrl: harness.sandbox.url, apiKey: source }))
        .code,
    ).toBe(0);

    const exported = join(harness.dir, 'exported.csv');
    const run = await cli(['customers', 'export', '--output', exported], {
      baseUrl: harness.sandbox.url,
      apiKey: source,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      new RegExp(`^exported 622 customers to ${exported} in [\\d.]+ s\\n$`),
    );
    const text = readFileSync(exported, 'utf8');
    const header = text.slice(0, text.indexOf('\n')).split(',');
    // The columns are the create body's fields, from the spec.
    const body = loadSpec().schema('CreateCustomerRequest') as {
      properties: Record<string, unknown>;
    };
    expect(header).toEqual(
      expect.arrayContaining(['key', 'partner.key', 'email', 'name', 'surname', 'tags']),
    );
    expect(new Set(header.map((column) => column.split('.')[0]))).toEqual(
      new Set(Object.keys(body.properties)),
    );
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(622);
    expect(rows.find((r) => r.key === 'cus_x')).toMatchObject({
      name: 'O"Brien, Jr',
      email: '',
      tags: '',
    });
    expect(rows.find((r) => r.key === 'cus_7')).toMatchObject({
      surname: 'Surname, 7',
      tags: 'trial;vip',
      'partner.key': 'partner_2',
    });

    // Pages of 250: three list requests for 622 customers.
    const lists = (await requestLog(harness.sandbox.url, source)).filter(
      (r) => r.method === 'GET' && r.url.startsWith('/v1/customers?'),
    );
    expect(
      lists.slice(-3).map((r) => new URL(r.url, 'http://x').searchParams.get('limit')),
    ).toEqual(['250', '250', '250']);

    const target = newApiKey();
    const again = await cli(['customers', 'import', exported], {
      baseUrl: harness.sandbox.url,
      apiKey: target,
    });
    expect(again.stdout).toMatch(/^imported 622, already there 0, rejected 0, /);
    expect(await customersOf(target)).toEqual(await customersOf(source));

    // And the second program's export is the same file.
    const second = join(harness.dir, 'second.csv');
    await cli(['customers', 'export', '--output', second], {
      baseUrl: harness.sandbox.url,
      apiKey: target,
    });
    const sorted = (file: string) => readFileSync(file, 'utf8').trim().split('\n').sort();
    expect(sorted(second)).toEqual(sorted(exported));
  });

  it('exports NDJSON create bodies to stdout, filtered by partner, which import again', async () => {
    const source = newApiKey();
    const input = join(harness.dir, 'ndjson-source.csv');
    writeFileSync(input, customersCsv(40));
    await cli(['customers', 'import', input], { baseUrl: harness.sandbox.url, apiKey: source });
    const run = await cli(
      ['customers', 'export', '--format', 'ndjson', '--partner-key', 'partner_3'],
      {
        baseUrl: harness.sandbox.url,
        apiKey: source,
      },
    );
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(8);
    expect(lines).toContainEqual({
      key: 'cus_8',
      partner: { key: 'partner_3' },
      email: 'cus8@example.com',
      name: 'Name 8',
      surname: 'Surname, 8',
      tags: ['trial', 'vip'],
    });
    const file = join(harness.dir, 'partner3.ndjson');
    writeFileSync(file, run.stdout);
    const target = newApiKey();
    const again = await cli(['customers', 'import', file], {
      baseUrl: harness.sandbox.url,
      apiKey: target,
    });
    expect(again.stdout).toMatch(/^imported 8, already there 0, rejected 0, /);
  });

  it('leaves no file behind when the export fails', async () => {
    const output = join(harness.dir, 'never.csv');
    const baseUrl = await unusedUrl();
    const run = await cli(['customers', 'export', '--output', output], {
      baseUrl,
      apiKey: newApiKey(),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`partnero: cannot reach ${baseUrl} (ECONNREFUSED) after retries\n`);
    expect(() => readFileSync(output)).toThrow();
    expect(() => readFileSync(`${output}.partial`)).toThrow();
  });
});
