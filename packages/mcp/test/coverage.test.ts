// Each operation of the spec is a tool's or deliberately left out; a new one fails here by name.
import { loadSpec } from '@partnero-kit/openapi/runtime';
import { describe, expect, it } from 'vitest';
import { coverage, LEFT_OUT, TOOLS } from '../src/index.js';

describe('the tool table covers the spec', () => {
  it('maps every operation to a tool or to LEFT_OUT, and names none the spec lacks', () => {
    expect(coverage(loadSpec(), TOOLS, LEFT_OUT)).toEqual({ unmapped: [], unknown: [] });
  });

  it('names an operation that is in neither', () => {
    const document = structuredClone(loadSpec().document) as {
      paths: Record<string, unknown>;
    };
    document.paths['/v1/partners'] = {
      get: { operationId: 'listPartners', responses: { '200': { description: 'ok' } } },
    };
    expect(coverage(loadSpec(document), TOOLS, LEFT_OUT).unmapped).toEqual(['listPartners']);
    expect(
      coverage(loadSpec(document), TOOLS, { ...LEFT_OUT, listPartners: 'not ours' }).unmapped,
    ).toEqual([]);
  });

  it('gives every tool a unique name within the rule', () => {
    const names = TOOLS.map((tool) => tool.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9_]{1,64}$/);
  });
});
