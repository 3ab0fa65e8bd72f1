import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Json, loadSpec } from '@partnero-kit/openapi/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { codeSamplesOf, curlSample, withCodeSamples } from '../scripts/lib/code-samples.js';
import { samplesDir } from '../scripts/lib/paths.js';
import { bundledSpec } from './helpers.js';

const spec = loadSpec();
const entry = (operationId: string) => spec.operation(operationId);

describe('curlSample', () => {
  it('posts the first example body with JSON headers and the key from the environment', () => {
    const curl = curlSample(spec, entry('createCustomer'));
    expect(curl.split(' \\\n  ')).toEqual([
      "curl 'https://api.partnero.com/v1/customers'",
      '--request POST',
      '--header "Authorization: Bearer $PARTNERO_API_KEY"',
      "--header 'Accept: application/json'",
      "--header 'Content-Type: application/json'",
      `--data '${JSON.stringify({ key: 'cus_1001', partner: { key: 'partner_ada' } }, null, 2)}'`,
    ]);
  });

  it('fills path parameters with their examples and leaves GET without --request', () => {
    const curl = curlSample(spec, entry('getCustomer'));
    expect(curl).toMatch(/^curl 'https:\/\/api\.partnero\.com\/v1\/customers\/cus_1001' \\/);
    expect(curl).not.toContain('--request');
    expect(curl).not.toContain('--data');
  });

  it('adds the first query parameter with an example when none is required', () => {
    expect(curlSample(spec, entry('listCustomers'))).toContain('/v1/customers?limit=50');
    expect(curlSample(spec, entry('searchCustomers'))).toContain(
      '/v1/customers:search?email=ada%40example.com',
    );
  });

  it('quotes single quotes in bodies for the shell', () => {
    const quoted = structuredClone(bundledSpec());
    const examples = (quoted.components as Json).examples as Record<string, { value: unknown }>;
    (examples.ReferenceByKey as { value: unknown }).value = { key: "o'brien" };
    const quotedSpec = loadSpec(quoted);
    const curl = curlSample(quotedSpec, quotedSpec.operation('deleteCustomerByReference'));
    expect(curl).toContain(`"key": "o'\\''brien"`);
  });
});

describe('withCodeSamples', () => {
  const emptyDir = mkdtempSync(join(tmpdir(), 'docs-samples-'));
  afterAll(() => rmSync(emptyDir, { recursive: true, force: true }));

  it('gives every operation a TypeScript and a curl sample, in that order', () => {
    const derived = loadSpec(withCodeSamples(spec.document, samplesDir));
    for (const operation of derived.operations.values()) {
      expect(codeSamplesOf(operation).map((sample) => sample.label)).toEqual([
        'TypeScript',
        'curl',
      ]);
    }
  });

  it('leaves the input spec untouched', () => {
    withCodeSamples(spec.document, samplesDir);
    expect(JSON.stringify(spec.document)).not.toContain('x-codeSamples');
  });

  it('names the operation whose TypeScript sample is missing', () => {
    writeFileSync(join(emptyDir, 'listCustomers.ts'), 'export {};\n');
    expect(() => withCodeSamples(spec.document, emptyDir)).toThrow(
      'operation createCustomer has no TypeScript sample: write samples/createCustomer.ts',
    );
  });
});
