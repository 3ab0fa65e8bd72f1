// The sandbox reads the spec only through the shared runtime of `@partnero-kit/openapi`:
// its index of operations, its `$ref` resolution and its validators (compiled on first use).
import type { ValidateFunction } from '@partnero-kit/openapi/runtime';
import type { operations } from '@partnero-kit/types';

export {
  type ErrorObject,
  loadSpec,
  type Operation,
  type Parameter,
  type SpecRuntime,
  type ValidateFunction,
} from '@partnero-kit/openapi/runtime';

/** Every operationId of the spec, from the generated types: the keys of the handler table. */
export type OperationId = keyof operations;

/** Looks up the branch validators of an `anyOf` array of the spec. */
export type AnyOfBranches = (anyOf: unknown) => ValidateFunction[] | undefined;
