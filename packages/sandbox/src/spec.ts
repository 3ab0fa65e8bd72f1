// The sandbox reads the spec only through the shared runtime of `@partnero-kit/openapi`:
// its index of operations, its `$ref` resolution and its validators (compiled on first use).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  type Json,
  loadSpec as runtimeOver,
  type SpecRuntime,
  type ValidateFunction,
} from '@partnero-kit/openapi/runtime';
import type { OperationId as ApiOperationId } from '@partnero-kit/types';

export type {
  ErrorObject,
  Operation,
  Parameter,
  SpecRuntime,
  ValidateFunction,
} from '@partnero-kit/openapi/runtime';

/**
 * Every operationId of the spec's API operations, from the generated types: the keys of the
 * handler table (the webhook deliveries under `webhooks` are sent, not served).
 */
export type OperationId = ApiOperationId;

/** Looks up the branch validators of an `anyOf` array of the spec. */
export type AnyOfBranches = (anyOf: unknown) => ValidateFunction[] | undefined;

const require = createRequire(import.meta.url);
let published: SpecRuntime | undefined;

/**
 * The runtime over the published spec (made once), or over a document you pass. The build
 * bundles the runtime with ajv, whose few hundred small files are slow to load one by one,
 * so the document is found through the package's export rather than beside the runtime.
 */
export function loadSpec(document?: Json): SpecRuntime {
  if (document) return runtimeOver(document);
  published ??= runtimeOver(
    JSON.parse(readFileSync(require.resolve('@partnero-kit/openapi/openapi.json'), 'utf8')) as Json,
  );
  return published;
}
