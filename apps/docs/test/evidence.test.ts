import { type Json, loadSpec } from '@partnero-kit/openapi/runtime';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_LABELS, withEvidence } from '../scripts/lib/evidence.js';
import { bundledSpec } from './helpers.js';

const spec = bundledSpec();

/** The operation objects of a document by operationId. */
function operationsOf(doc: Json): Map<string, Json> {
  const runtime = loadSpec(doc);
  return new Map(
    [...runtime.operations.values()].map(({ id, pointer }) => [id, runtime.resolve(`#${pointer}`)]),
  );
}

/** The node at a JSON pointer of a document. */
function at(doc: Json, pointer: string): Json {
  return loadSpec(doc).resolve(pointer);
}

describe('withEvidence', () => {
  const derived = withEvidence(spec);

  it.each([...operationsOf(derived)])(
    '%s opens with a badge and a line saying where it comes from',
    (_, operation) => {
      const label = EVIDENCE_LABELS[String(operation['x-evidence'])];
      expect(label).toBeDefined();
      expect(operation['x-badges']).toEqual([
        { name: label?.badge, color: label?.color, position: 'after' },
      ]);
      expect(operation.description).toMatch(
        new RegExp(`^\\*\\*Source:\\*\\* \\*${label?.sentence}\\.\\*`),
      );
    },
  );

  it.each([...loadSpec(derived).webhooks.values()].map((webhook) => [webhook.name, webhook]))(
    'the webhook event %s opens with a badge and its source line too',
    (_, webhook) => {
      const operation = loadSpec(derived).resolve(`#${webhook.operation.pointer}`);
      const label = EVIDENCE_LABELS[String(operation['x-evidence'])];
      expect(label).toBeDefined();
      expect(operation['x-badges']).toEqual([
        { name: label?.badge, color: label?.color, position: 'after' },
      ]);
      expect(operation.description).toMatch(/^\*\*Source:\*\* /);
    },
  );

  it('adds the note after the sentence, and keeps the description', () => {
    const original = operationsOf(spec).get('searchCustomers');
    const description = String(operationsOf(derived).get('searchCustomers')?.description);
    expect(description).toContain(
      `*Known from Partnero's own clients; not in the API reference.* ${String(original?.['x-evidence-note']).trim()}`,
    );
    expect(description.endsWith(String(original?.description).trim())).toBe(true);
  });

  it('ends the description of fields, parameters and responses with their evidence', () => {
    expect(at(derived, '#/components/schemas/Customer/properties/status').description).toMatch(
      /\n\nSource: \*Documented in Partnero's API reference\.\* Shown by/,
    );
    const limit = at(derived, '#/components/parameters/Limit');
    expect(limit.description).toBe(
      "How many customers one page holds.\n\nSource: *On Partnero's original customers page.*",
    );
    const rateLimited = at(derived, '#/components/examples/RateLimitError');
    expect(rateLimited.description).toContain(
      'Source: *Our assumption; not confirmed by Partnero.*',
    );
  });

  it('leaves parts without evidence and the input spec alone', () => {
    expect(at(derived, '#/components/schemas/Customer/properties/deleted').description).toBe(
      'Whether the customer has been soft-deleted.',
    );
    expect(JSON.stringify(spec)).not.toContain('Source:');
  });

  it('refuses an operation without evidence or with an unknown value, naming it', () => {
    const broken = structuredClone(spec);
    const suspend = operationsOf(broken).get('suspendCustomer');
    delete suspend?.['x-evidence'];
    expect(() => withEvidence(broken)).toThrow(
      'operation suspendCustomer: x-evidence undefined is not one of seed, reference, vendor-client, assumed',
    );
    if (suspend) suspend['x-evidence'] = 'rumour';
    expect(() => withEvidence(broken)).toThrow('operation suspendCustomer: x-evidence "rumour"');
  });
});
