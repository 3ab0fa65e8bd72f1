import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json } from '@partnero-kit/openapi/runtime';
import { type OpenApiDocument, parseOpenApi } from '../src/openapi-document.js';
import { findRepoRoot } from '../src/workspace.js';

const specText = readFileSync(join(findRepoRoot(), 'spec/openapi.yaml'), 'utf8');

/** A fresh copy of the real spec, to derive variants from with small edits. */
export function realSpec(): OpenApiDocument {
  return parseOpenApi(specText, 'spec/openapi.yaml');
}

/** The object at a path of keys, failing loudly when the spec no longer has it. */
export function at(document: OpenApiDocument, ...keys: string[]): Json {
  let node: unknown = document;
  for (const key of keys) {
    node = (node as Json)[key];
    if (typeof node !== 'object' || node === null) {
      throw new Error(`fixture: the spec has no ${keys.join(' > ')} (stopped at ${key})`);
    }
  }
  return node as Json;
}

export function schema(document: OpenApiDocument, name: string): Json {
  return at(document, 'components', 'schemas', name);
}

export function properties(document: OpenApiDocument, name: string): Json {
  return at(document, 'components', 'schemas', name, 'properties');
}

/** Applies `edit` to a copy of the real spec and returns [unchanged, edited]. */
export function variant(edit: (spec: OpenApiDocument) => void): [OpenApiDocument, OpenApiDocument] {
  const head = realSpec();
  edit(head);
  return [realSpec(), head];
}
