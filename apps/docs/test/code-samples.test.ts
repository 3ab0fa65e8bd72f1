import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { curlSample, withCodeSamples } from '../scripts/lib/code-samples.ts';
import { listOperations, type OpenApiDocument, resolve } from '../scripts/lib/openapi.ts';
import { samplesDir } from '../scripts/lib/paths.ts';
import { bundledSpec } from './helpers.ts';

const spec = bundledSpec();
const entryIn = (doc: OpenApiDocument, operationId: string) => {
  const found = listOperations(doc).find((operation) => operation.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId} in the spec`);
  return found;
};
const entry = (operationId: string) => entryIn(spec, operationId);

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
    const quoted = structuredClone(spec) as OpenApiDocument;
    const examples = quoted.components?.examples as Record<string, { value: unknown }>;
    (examples.ReferenceByKey as { value: unknown }).value = { key: "o'brien" };
    const curl = curlSample(quoted, entryIn(quoted, 'deleteCustomerByReference'));
    expect(curl).toContain(`"key": "o'\\''brien"`);
  });
});

describe('withCodeSamples', () => {
  const emptyDir = mkdtempSync(join(tmpdir(), 'docs-samples-'));
  afterAll(() => rmSync(emptyDir, { recursive: true, force: true }));

  it('gives every operation a TypeScript and a curl sample, in that order', () => {
    const derived = withCodeSamples(spec, samplesDir);
    for (const operation of listOperations(derived)) {
      expect(operation.operation['x-codeSamples']?.map((sample) => sample.label)).toEqual([
        'TypeScript',
        'curl',
      ]);
    }
  });

  it('leaves the input spec untouched', () => {
    withCodeSamples(spec, samplesDir);
    expect(JSON.stringify(spec)).not.toContain('x-codeSamples');
  });

  it('names the operation whose TypeScript sample is missing', () => {
    writeFileSync(join(emptyDir, 'listCustomers.ts'), 'export {};\n');
    expect(() => withCodeSamples(spec, emptyDir)).toThrow(
      'operation createCustomer has no TypeScript sample: write samples/createCustomer.ts',
    );
  });
});

describe('resolve', () => {
  it('follows chains of local references and reports unresolved ones', () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 't' },
      paths: {},
      components: { a: { one: { $ref: '#/components/a/two' }, two: { value: 2 } } },
    } as OpenApiDocument;
    expect(resolve(doc, { $ref: '#/components/a/one' })).toEqual({ value: 2 });
    expect(() => resolve(doc, { $ref: '#/components/a/three' })).toThrow(
      'unresolved reference #/components/a/three',
    );
  });
});
