// Where each part of the spec comes from (x-evidence). The rules, kept simple:
// - every operation and every parameter carries x-evidence;
// - every schema property that is not on Partnero's original customers page (SEED_FIELDS
//   below) carries x-evidence other than `seed`, and a property on it carries none or `seed`;
// - every response other than 200 carries x-evidence (the original page shows only 200s);
// - x-evidence anywhere is one of EVIDENCE, and x-evidence-note only comes with it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { EVIDENCE } from '../lint/evidence-plugin.js';
import { spec } from './spec-schema.js';

const run = promisify(execFile);
const specDir = fileURLToPath(new URL('..', import.meta.url));

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;
const document = spec as unknown as Node & {
  paths: Record<string, Node>;
  webhooks: Record<string, Node>;
  components: Node;
};

/** The fields the original customers page shows, as `Schema.property`. */
const SEED_FIELDS = new Set([
  ...['key', 'partner', 'deleted', 'name', 'surname', 'email'].map((f) => `Customer.${f}`),
  ...['created_at', 'updated_at', 'deleted_at'].map((f) => `Customer.${f}`),
  'CustomerResponse.data',
  'CustomerResponse.status',
  'StatusResponse.status',
  'PartnerReferenceFields.key',
  ...['key', 'partner', 'email', 'name', 'surname'].map((f) => `CreateCustomerRequest.${f}`),
  'CustomerReferenceFields.key',
  'CustomerReferenceFields.email',
  ...['email', 'name', 'surname'].map((f) => `CustomerChanges.${f}`),
  'UpdateCustomerRequest.update',
  ...['key', 'email', 'update'].map((f) => `UpdateCustomerByReferenceFields.${f}`),
]);

/** The operations the original customers page describes. */
const SEED_OPERATIONS = [
  'listCustomers',
  'createCustomer',
  'updateCustomerByReference',
  'deleteCustomerByReference',
];

function resolve(node: unknown): Node {
  let current = node;
  while (isNode(current) && typeof current.$ref === 'string') {
    current = current.$ref
      .slice(2)
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<unknown>((at, part) => (isNode(at) ? at[part] : undefined), document);
  }
  if (!isNode(current)) throw new Error(`unresolved ${JSON.stringify(node)}`);
  return current;
}

// The API's operations and the deliveries of its webhook events alike.
const operations = [...Object.values(document.paths), ...Object.values(document.webhooks)].flatMap(
  (item) =>
    Object.entries(item)
      .filter(([method]) => method !== 'parameters')
      .map(([, operation]) => operation as Node),
);

/** Every schema property, named `Schema.property` (nested: `Schema.outer.inner`). */
function properties(): { name: string; property: Node }[] {
  const found: { name: string; property: Node }[] = [];
  const walk = (schema: unknown, name: string) => {
    if (!isNode(schema)) return;
    for (const [key, property] of Object.entries((schema.properties as Node) ?? {})) {
      if (!isNode(property)) continue;
      found.push({ name: `${name}.${key}`, property });
      walk(property, `${name}.${key}`);
    }
    walk(schema.items, name);
    for (const branch of ['allOf', 'anyOf', 'oneOf'].flatMap((k) => (schema[k] as []) ?? [])) {
      walk(branch, name);
    }
  };
  for (const [name, schema] of Object.entries(document.components.schemas as Node)) {
    walk(schema, name);
  }
  return found;
}

/** Every x-evidence and x-evidence-note in the document, with where it is. */
function evidenceMarks(): { at: string; node: Node }[] {
  const marks: { at: string; node: Node }[] = [];
  const walk = (node: unknown, at: string) => {
    if (!isNode(node)) return;
    if ('x-evidence' in node || 'x-evidence-note' in node) marks.push({ at, node });
    for (const [key, child] of Object.entries(node)) walk(child, `${at}/${key}`);
  };
  walk(document, '#');
  return marks;
}

describe('x-evidence in the spec', () => {
  it('takes one of the four values wherever it appears, and a note comes only with it', () => {
    const marks = evidenceMarks();
    expect(marks.length).toBeGreaterThan(40);
    for (const { at, node } of marks) {
      expect(EVIDENCE, at).toContain(node['x-evidence']);
      if ('x-evidence-note' in node) expect(typeof node['x-evidence-note'], at).toBe('string');
    }
  });

  it('is on every operation, and says seed exactly on the operations of the original page', () => {
    const seed = operations.filter((operation) => operation['x-evidence'] === 'seed');
    for (const operation of operations) {
      expect(EVIDENCE, String(operation.operationId)).toContain(operation['x-evidence']);
    }
    expect(seed.map((operation) => operation.operationId).sort()).toEqual(
      [...SEED_OPERATIONS].sort(),
    );
  });

  it('is on every parameter', () => {
    const parameters = [
      ...Object.values(document.components.parameters as Node),
      ...operations.flatMap((operation) => (operation.parameters as Node[]) ?? []),
      ...Object.values(document.paths).flatMap((item) => (item.parameters as Node[]) ?? []),
    ].map(resolve);
    expect(parameters.length).toBeGreaterThan(5);
    for (const parameter of parameters) {
      expect(EVIDENCE, String(parameter.name)).toContain(parameter['x-evidence']);
    }
  });

  it('is on every field that the original page does not show, and not "seed" there', () => {
    const all = properties();
    expect(all.length).toBeGreaterThan(SEED_FIELDS.size);
    for (const { name, property } of all) {
      const evidence = property['x-evidence'];
      if (SEED_FIELDS.has(name)) expect([undefined, 'seed'], name).toContain(evidence);
      else expect(['reference', 'vendor-client', 'assumed'], name).toContain(evidence);
    }
    const names = new Set(all.map(({ name }) => name));
    for (const seedField of SEED_FIELDS) expect(names, seedField).toContain(seedField);
  });

  it('is on every response other than 200', () => {
    for (const operation of operations) {
      for (const [status, response] of Object.entries(operation.responses as Node)) {
        if (status === '200') continue;
        const where = `${operation.operationId} ${status}`;
        expect(EVIDENCE, where).toContain(resolve(response)['x-evidence']);
      }
    }
  });
});

describe('the lint rule partnero/operation-evidence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spec-evidence-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Lints a copy of openapi.yaml changed by `edit`, with the project's lint config. */
  async function lintCopy(edit: (doc: ReturnType<typeof parseDocument>) => void) {
    const doc = parseDocument(readFileSync(join(specDir, 'openapi.yaml'), 'utf8'));
    edit(doc);
    const file = join(dir, 'openapi.yaml');
    writeFileSync(file, doc.toString());
    const args = ['lint', file, '--config', join(specDir, 'redocly.yaml'), '--format', 'stylish'];
    try {
      const { stdout, stderr } = await run(join(specDir, 'node_modules/.bin/redocly'), args, {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
      });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? 1, output: `${failed.stdout}${failed.stderr}` };
    }
  }

  it('passes the spec as it is', async () => {
    const result = await lintCopy(() => {});
    expect(result.output).not.toContain('operation-evidence');
    expect(result.code).toBe(0);
  }, 30_000);

  it('fails, naming the operation, when one operation has no x-evidence', async () => {
    const result = await lintCopy((doc) => {
      expect(doc.deleteIn(['paths', '/v1/customers/{key}', 'delete', 'x-evidence'])).toBe(true);
    });
    expect(result.output).toContain(
      'operation deleteCustomer has no x-evidence; give it one of seed, reference, vendor-client, assumed',
    );
    expect(result.code).not.toBe(0);
  }, 30_000);

  it('fails, naming the operation and the value, when x-evidence is not one of the four', async () => {
    const result = await lintCopy((doc) => {
      doc.setIn(['paths', '/v1/customers/{key}/approve', 'post', 'x-evidence'], 'likely');
    });
    expect(result.output).toContain('operation approveCustomer has x-evidence "likely"');
    expect(result.code).not.toBe(0);
  }, 30_000);
});
