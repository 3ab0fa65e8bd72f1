import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Location of the bundled spec; Prism, ajv and the coverage check all read this one file. */
export const specFile = require.resolve('@partnero-kit/openapi/openapi.json');

type Json = Record<string, unknown>;

export const spec: Json = JSON.parse(readFileSync(specFile, 'utf8'));

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export interface SpecResponse {
  status: string;
  /** JSON pointer (without `#`) to the response object after following a `$ref`. */
  pointer: string;
  /** JSON pointer to the `application/json` schema, when the response has a body. */
  schemaPointer?: string;
  /** Names of the response's examples, in document order. */
  examples: string[];
}

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  responses: SpecResponse[];
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function resolvePointer(pointer: string): unknown {
  let node: unknown = spec;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = (node as Json | undefined)?.[segment];
  }
  return node;
}

function describeResponse(status: string, pointer: string): SpecResponse {
  let response = resolvePointer(pointer) as Json;
  if (typeof response.$ref === 'string') {
    pointer = response.$ref.replace(/^#/, '');
    response = resolvePointer(pointer) as Json;
  }
  const json = (response.content as Json | undefined)?.['application/json'] as Json | undefined;
  return {
    status,
    pointer,
    schemaPointer: json?.schema
      ? `${pointer}/content/${escapePointer('application/json')}/schema`
      : undefined,
    examples: Object.keys((json?.examples as Json | undefined) ?? {}),
  };
}

/** Every operation of the spec with its documented responses, in document order. */
export function specOperations(): SpecOperation[] {
  const operations: SpecOperation[] = [];
  for (const [path, item] of Object.entries(spec.paths as Json)) {
    for (const method of HTTP_METHODS) {
      const operation = (item as Json)[method] as Json | undefined;
      if (!operation) continue;
      const base = `/paths/${escapePointer(path)}/${method}/responses`;
      operations.push({
        operationId: String(operation.operationId),
        method: method.toUpperCase(),
        path,
        responses: Object.keys(operation.responses as Json).map((status) =>
          describeResponse(status, `${base}/${escapePointer(status)}`),
        ),
      });
    }
  }
  return operations;
}

/** The operation whose method and path template match a request, if any. */
export function matchOperation(method: string, pathname: string): SpecOperation | undefined {
  return specOperations().find(
    (operation) =>
      operation.method === method.toUpperCase() && templateToRegExp(operation.path).test(pathname),
  );
}

function templateToRegExp(template: string): RegExp {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`);
}

/** The value of a named example of a response, as written in the spec. */
export function exampleValue(response: SpecResponse, name: string): unknown {
  const example = resolvePointer(
    `${response.pointer}/content/${escapePointer('application/json')}/examples/${name}`,
  ) as Json;
  const target = typeof example.$ref === 'string' ? resolvePointer(example.$ref.slice(1)) : example;
  return (target as Json).value;
}
