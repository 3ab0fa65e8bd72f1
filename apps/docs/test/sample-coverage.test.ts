// Every operation of the spec must show a TypeScript and a curl sample on the site, and the
// TypeScript shown must be the very file that is typechecked and run in samples.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import type { SpecRuntime } from '@partnero-kit/openapi/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  codeSamplesOf,
  samplePath,
  WEBHOOK_SAMPLES,
  webhookSamplePath,
} from '../scripts/lib/code-samples.js';
import { samplesDir, site } from '../scripts/lib/paths.js';
import { builtSpec, operations } from './helpers.js';

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

  it('every webhook event ends with the receiver samples (Express, Next.js, Hono) as they are tested', () => {
    expect(built.webhooks.size).toBeGreaterThan(0);
    for (const { name, operation } of built.webhooks.values()) {
      const description = String(
        built.resolve<{ description?: string }>(operation.pointer).description,
      );
      let at = 0;
      for (const { file, label } of WEBHOOK_SAMPLES) {
        const source = readFileSync(webhookSamplePath(samplesDir, file), 'utf8').trimEnd();
        const block = `**${label}**\n\n\`\`\`typescript\n${source}\n\`\`\``;
        expect(description.indexOf(block, at), `${name}: ${label}`).toBeGreaterThan(at);
        at = description.indexOf(block, at);
      }
      expect(codeSamplesOf(operation), name).toEqual([]);
    }
  });

  it('the built page embeds the derived spec with the samples', () => {
    const html = readFileSync(site.html, 'utf8');
    for (const call of [
      'partnero.customers.create(',
      'partnero.customers.suspend(',
      'partnero.webhooks.create(',
      "express.raw({ type: 'application/json' })",
    ]) {
      expect(html).toContain(JSON.stringify(call).slice(1, -1));
    }
  });

  it("the page for retrieving a customer shows the original page's body form as a note", () => {
    const html = readFileSync(site.html, 'utf8');
    expect(html).toContain('**Note: the original form.**');
    expect(html).toContain(JSON.stringify(`--data-raw '{"key": "CUSTOMER_KEY"}'`).slice(1, -1));
  });
});
