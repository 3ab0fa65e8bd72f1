import { parse } from 'yaml';

/** A parsed OpenAPI document: plain JSON values, `$ref`s still in place. */
export type OpenApiDocument = Record<string, unknown>;
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses an OpenAPI document written in YAML or JSON (JSON is a subset of YAML 1.2). */
export function parseOpenApi(text: string, source: string): OpenApiDocument {
  const document: unknown = parse(text);
  if (!isObject(document) || typeof document.openapi !== 'string') {
    throw new Error(`${source} is not an OpenAPI document: it has no "openapi" version field`);
  }
  return document;
}

/**
 * Follows local `$ref`s (`#/components/...`) until it reaches a value that is not a
 * reference. Returns the value and the last reference followed, which callers use to notice
 * cycles. External references are refused: the spec is a single self-contained file.
 */
export function resolveRef(
  document: OpenApiDocument,
  value: unknown,
): { value: unknown; ref: string | undefined } {
  let current = value;
  let ref: string | undefined;
  const seen = new Set<string>();
  while (isObject(current) && typeof current.$ref === 'string') {
    ref = current.$ref;
    if (seen.has(ref)) throw new Error(`$ref cycle without a schema in between at ${ref}`);
    seen.add(ref);
    current = lookupPointer(document, ref);
  }
  return { value: current, ref };
}

function lookupPointer(document: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) {
    throw new Error(`$ref ${ref} points outside the document; only local references are supported`);
  }
  let node: unknown = document;
  for (const rawSegment of ref.slice(2).split('/')) {
    const segment = decodeURIComponent(rawSegment).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(node) && !Array.isArray(node)) node = undefined;
    node = (node as Record<string, unknown> | undefined)?.[segment];
    if (node === undefined) throw new Error(`$ref ${ref} does not resolve: no "${segment}"`);
  }
  return node;
}
