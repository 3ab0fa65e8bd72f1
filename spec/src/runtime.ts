// The one place that reads the bundled spec: every package that needs operations, schemas or
// validators gets them from here, so they all see the same document the same way.
import { existsSync, readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv and ajv-formats are CommonJS; under NodeNext their classes sit on `.default`.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

export type Json = Record<string, unknown>;
export type { ErrorObject, ValidateFunction };

/** The operation fields of an OpenAPI 3.1 path item (in the order OpenAPI lists them). */
export const HTTP_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
] as const;
export type HttpMethod = Uppercase<(typeof HTTP_METHODS)[number]>;

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required: boolean;
  /** The parameter's schema with its own `$ref` followed (nested refs are kept). */
  schema: Json;
  /** JSON pointer of the parameter object after `$ref`s, e.g. `/components/parameters/Limit`. */
  pointer: string;
}

/** One entry of a `content` map: a media type's schema and examples. */
export interface MediaType {
  /** The schema with its own `$ref` followed (nested refs are kept). */
  schema: Json | undefined;
  /** JSON pointer of that schema, for `validator()`. */
  schemaPointer: string | undefined;
  /** The `example`, or the values of the `examples`, in the order the spec lists them. */
  examples: unknown[];
}

export interface RequestBody {
  required: boolean;
  /** JSON pointer of the request body object after `$ref`s. */
  pointer: string;
  /** Every media type the body may be sent as. */
  content: Record<string, MediaType>;
  /** The `application/json` schema, when the body has one. */
  schema: Json | undefined;
  /** JSON pointer of that schema, for `validator()`. */
  schemaPointer: string | undefined;
  /** The `application/json` examples. */
  examples: unknown[];
  mediaTypes: string[];
}

export interface Response {
  status: number;
  /** JSON pointer of the response object after `$ref`s. */
  pointer: string;
  /** Every media type the answer may come as. */
  content: Record<string, MediaType>;
  /** The `application/json` schema, when the answer has one. */
  schema: Json | undefined;
  schemaPointer: string | undefined;
  /** The `application/json` examples. */
  examples: unknown[];
  /** Response headers by name, each resolved. */
  headers: Record<string, Json>;
}

export interface Operation {
  id: string;
  method: HttpMethod;
  /** The path template as the spec writes it, e.g. `/v1/customers/{key}`; for a webhook, its event name. */
  path: string;
  /** JSON pointer of the operation object. */
  pointer: string;
  summary: string | undefined;
  description: string | undefined;
  tags: string[];
  /** Path-item parameters first, then the operation's own (which override by name and place). */
  parameters: Parameter[];
  requestBody: RequestBody | undefined;
  responses: Map<number, Response>;
  /** The operation's `security`, or the document's when the operation sets none. */
  security: Json[];
  /** Every `x-` field of the operation, such as `x-evidence`. */
  extensions: Record<string, unknown>;
}

/**
 * An event the API sends to subscribed URLs, from the document's `webhooks`: the POST that
 * delivers it (its `path` is the event name), and the payload it carries.
 */
export interface WebhookEvent {
  /** The event name, the key under `webhooks`, e.g. `customer.created`. */
  name: string;
  /** The delivery as an operation: headers in `parameters`, payload in `requestBody`. */
  operation: Operation;
  /** The `application/json` payload: its schema, pointer and examples. */
  payload: MediaType;
  /** The header parameters every delivery carries, such as the signature. */
  headers: Parameter[];
  /** Validates a payload of this event (compiled on first use). */
  validatePayload: ValidateFunction;
}

export interface SpecRuntime {
  /** The bundled document, as published in `@partnero-kit/openapi/openapi.json`. */
  readonly document: Json;
  /** By operationId, in the order the document lists them. */
  readonly operations: ReadonlyMap<string, Operation>;
  /** The operation with this id; throws naming the id when the spec has none. */
  operation(id: string): Operation;
  /** The document's `webhooks`, by event name, in document order; not in `operations`. */
  readonly webhooks: ReadonlyMap<string, WebhookEvent>;
  /** The event with this name; throws naming it (and the known events) when the spec has none. */
  webhook(name: string): WebhookEvent;
  /** Follows `$ref`s from a node, or reads a JSON pointer (`#/components/schemas/Customer`). */
  resolve<T = Json>(nodeOrPointer: unknown): T;
  /** A component schema by name, with its own `$ref` followed. */
  schema(name: string): Json;
  /** A validator for the schema at a JSON pointer, compiled on first use and then reused. */
  validator(pointer: string): ValidateFunction;
  /**
   * Validates `{ [name]: value }` of an operation's path, query and header parameters.
   * Query strings carry text: convert integer parameters (`schema.type === 'integer'`) first.
   */
  parametersValidator(operationId: string): ValidateFunction;
  /** For an `anyOf` array of the document: one validator per branch, to explain which came closest. */
  anyOfBranches(anyOf: unknown): ValidateFunction[] | undefined;
}

/** The `$id` the document is registered under, so its own `#/...` refs resolve inside ajv. */
const DOCUMENT_ID = 'https://partnero-kit.local/openapi.json';

let bundled: SpecRuntime | undefined;

/**
 * The runtime over the bundled spec (read and indexed once per process), or over a document
 * you pass, such as a changed copy in a test.
 */
export function loadSpec(document?: Json): SpecRuntime {
  if (document) return createRuntime(document);
  bundled ??= createRuntime(readBundledDocument());
  return bundled;
}

export function readBundledDocument(): Json {
  // Built, dist/runtime.js sits next to dist/openapi.json (in the repository and in the
  // tarball); read from its source, as the spec's own tests do, the bundle is in ../dist.
  const beside = new URL('./openapi.json', import.meta.url);
  const file = existsSync(beside) ? beside : new URL('../dist/openapi.json', import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

function createRuntime(document: Json): SpecRuntime {
  const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(document, DOCUMENT_ID);

  const validators = new Map<string, ValidateFunction>();
  const validator = (pointer: string) => {
    const at = toPointer(pointer);
    let validate = validators.get(at);
    if (!validate) {
      if (lookup(document, at) === undefined) throw new Error(`the spec has nothing at #${at}`);
      validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${at}` });
      validators.set(at, validate);
    }
    return validate;
  };

  const operations = indexOperations(document);
  const operation = (id: string) => {
    const found = operations.get(id);
    if (!found) throw new Error(`the spec has no operation "${id}"`);
    return found;
  };

  const webhooks = indexWebhooks(document, validator);
  const webhook = (name: string) => {
    const found = webhooks.get(name);
    if (!found)
      throw new Error(
        `the spec has no webhook event "${name}"; it has ${[...webhooks.keys()].join(', ')}`,
      );
    return found;
  };

  const parameterValidators = new Map<string, ValidateFunction>();
  const parametersValidator = (id: string) => {
    let validate = parameterValidators.get(id);
    if (!validate) {
      const { parameters } = operation(id);
      validate = ajv.compile({
        type: 'object',
        properties: Object.fromEntries(
          parameters.map((p) => [p.name, { $ref: `${DOCUMENT_ID}#${p.pointer}/schema` }]),
        ),
        required: parameters.filter((p) => p.required).map((p) => p.name),
      });
      parameterValidators.set(id, validate);
    }
    return validate;
  };

  const anyOfPointers = new Map<unknown, string>();
  walk(document, '', (node, pointer) => {
    if (Array.isArray(node.anyOf)) anyOfPointers.set(node.anyOf, `${pointer}/anyOf`);
  });

  return {
    document,
    operations,
    operation,
    webhooks,
    webhook,
    resolve: <T>(nodeOrPointer: unknown) => {
      const node =
        typeof nodeOrPointer === 'string'
          ? lookup(document, toPointer(nodeOrPointer))
          : nodeOrPointer;
      return follow(document, node as Json).value as T;
    },
    schema: (name) => {
      const found = (document.components as Json | undefined)?.schemas as Json | undefined;
      const schema = found?.[name];
      if (!schema) throw new Error(`the spec has no schema "${name}"`);
      return follow(document, schema as Json).value;
    },
    validator,
    parametersValidator,
    anyOfBranches: (anyOf) => {
      const at = anyOfPointers.get(anyOf);
      return at === undefined
        ? undefined
        : (anyOf as unknown[]).map((_, i) => validator(`${at}/${i}`));
    },
  };
}

function indexOperations(document: Json): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  const paths = (document.paths as Record<string, Json> | undefined) ?? {};
  for (const [path, pathItem] of Object.entries(paths)) {
    for (const operation of operationsOf(document, path, pathItem, '/paths')) {
      if (operations.has(operation.id))
        throw new Error(`operationId "${operation.id}" is used twice`);
      operations.set(operation.id, operation);
    }
  }
  return operations;
}

function indexWebhooks(
  document: Json,
  validator: (pointer: string) => ValidateFunction,
): Map<string, WebhookEvent> {
  const events = new Map<string, WebhookEvent>();
  const webhooks = (document.webhooks as Record<string, Json> | undefined) ?? {};
  for (const [name, pathItem] of Object.entries(webhooks)) {
    const [operation, ...more] = operationsOf(document, name, pathItem, '/webhooks');
    if (!operation || more.length > 0 || operation.method !== 'POST')
      throw new Error(`webhook "${name}" must be delivered by exactly one POST`);
    const payload = operation.requestBody?.content['application/json'];
    const pointer = payload?.schemaPointer;
    if (!payload || !pointer) throw new Error(`webhook "${name}" has no application/json payload`);
    let compiled: ValidateFunction | undefined;
    events.set(name, {
      name,
      operation,
      payload,
      headers: operation.parameters.filter((p) => p.in === 'header'),
      get validatePayload() {
        compiled ??= validator(pointer);
        return compiled;
      },
    });
  }
  return events;
}

/** The operations of one path item (of `paths` or `webhooks`, under `section`), in order. */
function operationsOf(document: Json, path: string, pathItem: Json, section: string): Operation[] {
  const itemPointer = `${section}/${escapePointer(path)}`;
  const shared = parametersOf(document, pathItem, itemPointer);
  const documentSecurity = (document.security as Json[] | undefined) ?? [];
  // In the order the document lists them, which is the order the docs show them in.
  return Object.keys(pathItem)
    .filter(isHttpMethod)
    .map((method) => {
      const raw = pathItem[method] as Json;
      const pointer = `${itemPointer}/${method}`;
      const own = parametersOf(document, raw, pointer);
      const id = raw.operationId;
      if (typeof id !== 'string')
        throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      return {
        id,
        method: method.toUpperCase() as HttpMethod,
        path,
        pointer,
        summary: raw.summary as string | undefined,
        description: raw.description as string | undefined,
        tags: (raw.tags as string[] | undefined) ?? [],
        parameters: [
          ...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)),
          ...own,
        ],
        requestBody: raw.requestBody
          ? requestBodyOf(document, raw.requestBody as Json, `${pointer}/requestBody`)
          : undefined,
        responses: responsesOf(document, raw, pointer),
        security: (raw.security as Json[] | undefined) ?? documentSecurity,
        extensions: Object.fromEntries(Object.entries(raw).filter(([k]) => k.startsWith('x-'))),
      };
    });
}

function isHttpMethod(key: string): key is (typeof HTTP_METHODS)[number] {
  return (HTTP_METHODS as readonly string[]).includes(key);
}

function parametersOf(document: Json, owner: Json, pointer: string): Parameter[] {
  const list = (owner.parameters as Json[] | undefined) ?? [];
  return list.map((node, i) => {
    const { value, pointer: at } = follow(document, node, `${pointer}/parameters/${i}`);
    return {
      name: value.name as string,
      in: value.in as Parameter['in'],
      required: value.required === true,
      schema: follow(document, (value.schema as Json | undefined) ?? {}).value,
      pointer: at,
    };
  });
}

function requestBodyOf(document: Json, node: Json, pointer: string): RequestBody {
  const { value, pointer: at } = follow(document, node, pointer);
  const content = contentOf(document, value, at);
  return {
    required: value.required === true,
    pointer: at,
    content,
    ...jsonOf(content),
    mediaTypes: Object.keys(content),
  };
}

function responsesOf(document: Json, operation: Json, pointer: string): Map<number, Response> {
  const responses = new Map<number, Response>();
  for (const [code, node] of Object.entries((operation.responses as Json | undefined) ?? {})) {
    const status = Number(code);
    // Ranges (`4XX`) and `default` say nothing a server can be held to; this spec uses neither.
    if (!Number.isInteger(status))
      throw new Error(`${pointer}: response "${code}" is not a status code`);
    const { value, pointer: at } = follow(document, node as Json, `${pointer}/responses/${code}`);
    const content = contentOf(document, value, at);
    responses.set(status, {
      status,
      pointer: at,
      content,
      ...jsonOf(content),
      headers: Object.fromEntries(
        Object.entries((value.headers as Record<string, Json> | undefined) ?? {}).map(
          ([name, header]) => [name, follow(document, header).value],
        ),
      ),
    });
  }
  return responses;
}

/** The `application/json` entry, which the shortcut fields of bodies and responses describe. */
function jsonOf(content: Record<string, MediaType>): MediaType {
  const json = content['application/json'];
  return {
    schema: json?.schema,
    schemaPointer: json?.schemaPointer,
    examples: json?.examples ?? [],
  };
}

/** The `content` map of a request body or response (at `pointer`), by media type. */
function contentOf(document: Json, owner: Json, pointer: string): Record<string, MediaType> {
  const content = (owner.content as Record<string, Json> | undefined) ?? {};
  return Object.fromEntries(
    Object.entries(content).map(([mediaType, media]) => {
      const examples =
        media.example !== undefined
          ? [media.example]
          : Object.values((media.examples as Record<string, Json> | undefined) ?? {}).map(
              (example) => follow(document, example).value.value,
            );
      return [
        mediaType,
        {
          schema: media.schema ? follow(document, media.schema as Json).value : undefined,
          schemaPointer: media.schema
            ? `${pointer}/content/${escapePointer(mediaType)}/schema`
            : undefined,
          examples,
        },
      ];
    }),
  );
}

/** Follows a chain of local `$ref`s to the node it ends at, and that node's pointer. */
function follow(document: Json, node: Json, pointer = ''): { value: Json; pointer: string } {
  let value = node;
  let at = pointer;
  const seen = new Set<string>();
  while (value && typeof value.$ref === 'string') {
    const ref = value.$ref;
    if (!ref.startsWith('#')) throw new Error(`external $ref is not supported: ${ref}`);
    if (seen.has(ref)) throw new Error(`$ref cycle at ${ref}`);
    seen.add(ref);
    at = toPointer(ref);
    value = lookup(document, at) as Json;
    if (value === undefined) throw new Error(`$ref ${ref} points at nothing`);
  }
  return { value, pointer: at };
}

/** Reads a JSON pointer (RFC 6901, already without `#`); undefined where nothing is. */
function lookup(document: Json, pointer: string): unknown {
  if (pointer === '') return document;
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (parent, segment) =>
        parent !== null && typeof parent === 'object'
          ? (parent as Json)[unescapePointer(segment)]
          : undefined,
      document,
    );
}

/** `#/a/b` and `/a/b` both name the same place; URI-encoded fragments are decoded. */
function toPointer(reference: string): string {
  const pointer = reference.startsWith('#') ? decodeURIComponent(reference.slice(1)) : reference;
  if (pointer !== '' && !pointer.startsWith('/'))
    throw new Error(`not a JSON pointer: ${reference}`);
  return pointer;
}

function walk(node: unknown, pointer: string, visit: (node: Json, pointer: string) => void) {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) walk(child, `${pointer}/${i}`, visit);
    return;
  }
  visit(node as Json, pointer);
  for (const [key, child] of Object.entries(node))
    walk(child, `${pointer}/${escapePointer(key)}`, visit);
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
