import type { Json } from '@partnero-kit/openapi/runtime';
import { parse } from 'yaml';

/** A parsed OpenAPI document: plain JSON values, `$ref`s still in place. */
export type OpenApiDocument = Json;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses an OpenAPI document written in YAML or JSON (JSON is a subset of YAML 1.2), such as
 * the spec of a release, to read through `loadSpec(document)`.
 */
export function parseOpenApi(text: string, source: string): OpenApiDocument {
  const document: unknown = parse(text);
  if (!isObject(document) || typeof document.openapi !== 'string') {
    throw new Error(`${source} is not an OpenAPI document: it has no "openapi" version field`);
  }
  return document;
}
