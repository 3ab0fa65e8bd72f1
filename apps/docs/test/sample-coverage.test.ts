// Every operation of the spec must show a TypeScript and a curl sample on the site, and the
// TypeScript shown must be the very file that is typechecked and run in samples.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import type { SpecRuntime } from '@partnero-kit/openapi/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeSamplesOf, samplePath } from '../scripts/lib/code-samples.ts';
import { samplesDir, site } from '../scripts/lib/paths.ts';
import { builtSpec, operations } from './helpers.ts';

describe('sample coverage', () => {
  let built: SpecRuntime;
  beforeAll(() => {
    built = builtSpec();
  });

  it('the spec has operations to cover', () => {
    expect(operations.length).toBeGreaterThanOrEqual(10);
  });

  it('has exactly one sample file per operation, named by operationId', () => {
    const files = readdirSync(samplesDir)
      .filter((file) => file.endsWith('.ts'))
      .sort();
    expect(files).toEqual(operations.map((entry) => `${entry.id}.ts`).sort());
  });

  it.each(operations.map((entry) => [entry.id]))(
    '%s shows its TypeScript sample file and a curl sample on the site',
    (operationId) => {
      const samples = codeSamplesOf(built.operation(operationId));
      expect(samples.map((sample) => sample.label)).toEqual(['TypeScript', 'curl']);
      expect(samples[0]?.source).toBe(
        readFileSync(samplePath(samplesDir, operationId), 'utf8').trimEnd(),
      );
      expect(samples[1]?.source).toMatch(/^curl '/);
    },
  );

  it('the built page embeds the derived spec with the samples', () => {
    const html = readFileSync(site.html, 'utf8');
    for (const call of ['partnero.customers.create(', 'partnero.customers.suspend(']) {
      expect(html).toContain(JSON.stringify(call).slice(1, -1));
    }
  });

  it("the page for retrieving a customer shows the original page's body form as a note", () => {
    const html = readFileSync(site.html, 'utf8');
    expect(html).toContain('**Note: the original form.**');
    expect(html).toContain(JSON.stringify(`--data-raw '{"key": "CUSTOMER_KEY"}'`).slice(1, -1));
  });
});
