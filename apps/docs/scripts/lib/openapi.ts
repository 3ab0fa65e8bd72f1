// The small part of an OpenAPI 3.1 document this package reads, and ways to walk it.

export const HTTP_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'patch',
  'head',
  'options',
  'trace',
] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface Reference {
  $ref: string;
}

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  example?: unknown;
}

export interface ExampleObject {
  summary?: string;
  value?: unknown;
}

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  parameters?: (Parameter | Reference)[];
  requestBody?:
    | Reference
    | {
        content?: Record<
          string,
          { example?: unknown; examples?: Record<string, ExampleObject | Reference> }
        >;
      };
  'x-codeSamples'?: CodeSample[];
  [extension: string]: unknown;
}

export type PathItem = { parameters?: (Parameter | Reference)[] } & {
  [method in HttpMethod]?: Operation;
};

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; [field: string]: unknown };
  servers?: { url: string }[];
  paths: Record<string, PathItem>;
  components?: Record<string, Record<string, unknown>>;
  [field: string]: unknown;
}

export interface OperationEntry {
  operationId: string;
  method: HttpMethod;
  path: string;
  operation: Operation;
  pathItem: PathItem;
}

function isHttpMethod(key: string): key is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(key);
}

/** Every operation of the document, in document order (the order the docs show them in). */
export function listOperations(spec: OpenApiDocument): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, pathItem] of Object.entries(spec.paths)) {
    for (const key of Object.keys(pathItem)) {
      if (!isHttpMethod(key)) continue;
      const method = key;
      const operation = pathItem[method];
      if (!operation) continue;
      if (!operation.operationId) {
        throw new Error(
          `${method.toUpperCase()} ${path} has no operationId; every operation needs one`,
        );
      }
      entries.push({ operationId: operation.operationId, method, path, operation, pathItem });
    }
  }
  return entries;
}

function isReference(value: unknown): value is Reference {
  return typeof value === 'object' && value !== null && '$ref' in value;
}

/** Follows local `#/...` references until it reaches a value that is not one. */
export function resolve<T>(spec: OpenApiDocument, value: T | Reference): T {
  let current: unknown = value;
  const seen = new Set<string>();
  while (isReference(current)) {
    const ref = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`only local references are supported, got ${ref}`);
    if (seen.has(ref)) throw new Error(`circular reference ${ref}`);
    seen.add(ref);
    current = ref
      .slice(2)
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], spec);
    if (current === undefined) throw new Error(`unresolved reference ${ref}`);
  }
  return current as T;
}
