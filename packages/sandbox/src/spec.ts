import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv and ajv-formats are CommonJS; under NodeNext their classes sit on `.default`.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

type Json = Record<string, unknown>;

/** The `$id` under which the whole spec is registered, so `#/components/...` refs resolve. */
const SPEC_ID = 'https://partnero-kit.local/openapi.json';

/** Looks up the branch validators of an `anyOf` array of the spec, compiled on first use. */
export type AnyOfBranches = (anyOf: unknown) => ValidateFunction[] | undefined;

export type OperationId =
  | 'listCustomers'
  | 'createCustomer'
  | 'updateCustomerByReference'
  | 'deleteCustomerByReference'
  | 'searchCustomer'
  | 'getCustomer'
  | 'updateCustomer'
  | 'deleteCustomer'
  | 'suspendCustomer'
  | 'approveCustomer';

export interface ParameterSpec {
  name: string;
  in: 'query' | 'path' | 'header';
  required: boolean;
  /** Query strings carry text; integer parameters are converted before validation. */
  integer: boolean;
}

export interface OperationSpec {
  id: OperationId;
  method: string;
  path: string;
  parameters: ParameterSpec[];
  /** Validates the object of path and query parameters; undefined when the operation has none. */
  validateParameters: ValidateFunction | undefined;
  validateBody: ValidateFunction | undefined;
  /** Documented statuses: the response validator (compiled on first use) and first example. */
  responses: Map<number, DocumentedResponse>;
}

export interface DocumentedResponse {
  validate(): ValidateFunction | undefined;
  example: unknown;
}

export interface CompiledSpec {
  operations: Map<OperationId, OperationSpec>;
  /** Validates a body against a named component schema (used by the seed route). */
  validateComponent(name: string): ValidateFunction;
  /** For an `anyOf` of the spec: a validator per branch, to explain which came closest. */
  anyOfBranches: AnyOfBranches;
}

const require = createRequire(import.meta.url);

export function loadSpecDocument(): Json {
  const file = require.resolve('@partnero-kit/openapi/openapi.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

/** Compiles every validator the sandbox needs from the bundled spec, once, at start-up. */
export function compileSpec(spec: Json = loadSpecDocument()): CompiledSpec {
  const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(spec, SPEC_ID);
  const byPointer = (pointer: string) => ajv.compile({ $ref: `${SPEC_ID}#${pointer}` });
  // Request validators are compiled now; the rest only when first needed, to start fast.
  const lazy = <T>(make: () => T): (() => T) => {
    let made: { value: T } | undefined;
    return () => {
      made ??= { value: make() };
      return made.value;
    };
  };

  const operations = new Map<OperationId, OperationSpec>();
  const paths = spec.paths as Record<string, Json>;
  for (const [path, item] of Object.entries(paths)) {
    const shared = (item.parameters as Json[] | undefined) ?? [];
    for (const method of ['get', 'post', 'put', 'delete', 'patch']) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const pointer = `/paths/${escapePointer(path)}/${method}`;
      const parameters = [
        ...shared.map((p, i) => resolve(spec, p, `/paths/${escapePointer(path)}/parameters/${i}`)),
        ...((operation.parameters as Json[] | undefined) ?? []).map((p, i) =>
          resolve(spec, p, `${pointer}/parameters/${i}`),
        ),
      ];
      const parameterSpecs: ParameterSpec[] = parameters.map(({ value }) => ({
        name: value.name as string,
        in: value.in as ParameterSpec['in'],
        required: value.required === true,
        integer: isIntegerSchema(spec, value.schema as Json),
      }));
      const validateParameters =
        parameters.length === 0
          ? undefined
          : ajv.compile({
              type: 'object',
              properties: Object.fromEntries(
                parameters.map(({ value, pointer: at }) => [
                  value.name as string,
                  { $ref: `${SPEC_ID}#${at}/schema` },
                ]),
              ),
              required: parameterSpecs.filter((p) => p.required).map((p) => p.name),
            });

      let validateBody: ValidateFunction | undefined;
      if (operation.requestBody) {
        const body = resolve(spec, operation.requestBody as Json, `${pointer}/requestBody`);
        validateBody = byPointer(`${body.pointer}/content/application~1json/schema`);
      }

      const responses = new Map<number, DocumentedResponse>();
      for (const [status, response] of Object.entries(
        operation.responses as Record<string, Json>,
      )) {
        const resolved = resolve(spec, response, `${pointer}/responses/${status}`);
        const media = (resolved.value.content as Record<string, Json> | undefined)?.[
          'application/json'
        ];
        const examples = (media?.examples as Record<string, Json> | undefined) ?? {};
        const first = Object.values(examples)[0];
        responses.set(Number(status), {
          validate: lazy(() =>
            media ? byPointer(`${resolved.pointer}/content/application~1json/schema`) : undefined,
          ),
          example: first ? resolve(spec, first, '').value.value : undefined,
        });
      }

      const id = operation.operationId as OperationId;
      operations.set(id, {
        id,
        method: method.toUpperCase(),
        path,
        parameters: parameterSpecs,
        validateParameters,
        validateBody,
        responses,
      });
    }
  }

  const anyOfs = new Map<unknown, () => ValidateFunction[]>();
  walkAnyOf(spec, '', (anyOf, pointer) => {
    anyOfs.set(
      anyOf,
      lazy(() => anyOf.map((_, i) => byPointer(`${pointer}/anyOf/${i}`))),
    );
  });
  const components = new Map<string, () => ValidateFunction>();
  const validateComponent = (name: string) => {
    let make = components.get(name);
    if (!make) {
      make = lazy(() => byPointer(`/components/schemas/${escapePointer(name)}`));
      components.set(name, make);
    }
    return make();
  };

  return {
    operations,
    validateComponent,
    anyOfBranches: (anyOf) => anyOfs.get(anyOf)?.(),
  };
}

export type { ErrorObject, ValidateFunction };

/** Follows a non-schema `$ref` (parameters, responses, examples) to its target and pointer. */
function resolve(spec: Json, node: Json, pointer: string): { value: Json; pointer: string } {
  let value = node;
  let at = pointer;
  while (typeof value.$ref === 'string') {
    const ref = value.$ref;
    if (!ref.startsWith('#/')) throw new Error(`external $ref is not supported: ${ref}`);
    at = ref.slice(1);
    value = at
      .split('/')
      .slice(1)
      .reduce<unknown>(
        (parent, segment) => (parent as Json)[unescapePointer(segment)],
        spec,
      ) as Json;
  }
  return { value, pointer: at };
}

function isIntegerSchema(spec: Json, schema: Json | undefined): boolean {
  if (!schema) return false;
  const resolved = resolve(spec, schema, '').value;
  return resolved.type === 'integer';
}

function walkAnyOf(node: unknown, pointer: string, visit: (anyOf: unknown[], at: string) => void) {
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) walkAnyOf(child, `${pointer}/${i}`, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, child] of Object.entries(node)) {
    if (key === 'anyOf' && Array.isArray(child)) visit(child, pointer);
    walkAnyOf(child, `${pointer}/${escapePointer(key)}`, visit);
  }
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
