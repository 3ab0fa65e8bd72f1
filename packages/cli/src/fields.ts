// The fields of a request body, read from the spec: the import's columns, the flags of
// `create` and `update`, and the conversion between a flat row and a nested body all come
// from here, so a new optional field in the spec is a new column and flag with no change.
import { loadSpec, type SpecRuntime } from '@partnero-kit/openapi/runtime';

type Schema = Record<string, unknown>;

/** One leaf of a body, named by its dotted path, such as `partner.key`. */
export interface Field {
  path: string;
  /** The path split at the dots. */
  segments: string[];
  /** Scalar type of the value, or of each item when `list` is set. */
  type: 'string' | 'integer' | 'number' | 'boolean';
  /** An array, written in a cell as items separated by `;`. */
  list: boolean;
  /** The schema's `format`, such as `email`. */
  format: string | undefined;
  description: string | undefined;
}

export type Body = Record<string, unknown>;

/** Separates the items of a list in a cell: `vip;trial`. */
export const LIST_SEPARATOR = ';';

/** The leaves of the schema at `pointer`, in the order the spec lists them. */
export function fieldsOf(pointer: string, spec: SpecRuntime = loadSpec()): Field[] {
  const fields = new Map<string, Field>();
  const visit = (node: unknown, segments: string[], seen: Set<unknown>): void => {
    const schema = spec.resolve<Schema>(node);
    if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
    const inner = new Set(seen).add(schema);
    const branches = (['allOf', 'anyOf', 'oneOf'] as const).flatMap(
      (group) => (schema[group] as unknown[] | undefined) ?? [],
    );
    for (const branch of branches) visit(branch, segments, inner);
    const properties = schema.properties as Record<string, unknown> | undefined;
    if (properties) {
      for (const [name, child] of Object.entries(properties)) {
        visit(child, [...segments, name], inner);
      }
      return;
    }
    const types = typesOf(schema);
    // A node made only of branches (`anyOf` of ways to name a partner) is not a leaf itself.
    if (segments.length === 0 || types.includes('object') || (branches.length && !types.length))
      return;
    const path = segments.join('.');
    const list = types.includes('array');
    const scalar = list ? typesOf(spec.resolve<Schema>(schema.items ?? {})) : types;
    if (!fields.has(path)) {
      fields.set(path, {
        path,
        segments,
        type:
          (['integer', 'number', 'boolean'] as const).find((t) => scalar.includes(t)) ?? 'string',
        list,
        format: (schema.format ?? spec.resolve<Schema>(schema.items ?? {}).format) as
          | string
          | undefined,
        description: schema.description as string | undefined,
      });
    }
  };
  visit(pointer, [], new Set());
  return [...fields.values()];
}

function typesOf(schema: Schema): string[] {
  const type = schema.type;
  if (Array.isArray(type)) return type as string[];
  if (typeof type === 'string') return [type];
  return schema.properties ? ['object'] : [];
}

/** The JSON pointer of an operation's request body schema. */
export function bodyPointer(operationId: string, spec: SpecRuntime = loadSpec()): string {
  const pointer = spec.operation(operationId).requestBody?.schemaPointer;
  if (!pointer) throw new Error(`the spec gives ${operationId} no JSON request body`);
  return pointer;
}

/**
 * The JSON pointer of the schema of property `name` of the object schema at `pointer`, so
 * that a part of a body (the `update` object of an update) has fields and a validator of its
 * own. The spec gives such a part as a `$ref` to a named schema.
 */
export function propertyPointer(
  pointer: string,
  name: string,
  spec: SpecRuntime = loadSpec(),
): string {
  const properties = spec.resolve<Schema>(pointer).properties as Record<string, Schema> | undefined;
  const ref = properties?.[name]?.$ref;
  if (typeof ref !== 'string')
    throw new Error(`the spec gives the schema at ${pointer} no property "${name}" by $ref`);
  return ref;
}

/** Turns the text of one cell into the value the field takes; unreadable text is kept for the validator to name. */
export function parseCell(field: Field, text: string): unknown {
  if (!field.list) return parseScalar(field, text);
  return text
    .split(LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => parseScalar(field, item));
}

function parseScalar(field: Field, text: string): unknown {
  if (field.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  if (field.type === 'integer' || field.type === 'number') {
    const number = Number(text);
    return text.trim() !== '' && Number.isFinite(number) ? number : text;
  }
  return text;
}

/** Writes a value as cell text: lists joined with `;`, nothing for null or undefined. */
export function formatCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(formatCell).join(LIST_SEPARATOR);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Sets `value` at the field's path inside `body`, creating the objects on the way. */
export function setPath(body: Body, segments: string[], value: unknown): void {
  let node = body;
  for (const segment of segments.slice(0, -1)) {
    node[segment] ??= {};
    node = node[segment] as Body;
  }
  node[segments.at(-1) as string] = value;
}

/** The value at `segments` inside `value`, or undefined. */
export function getPath(value: unknown, segments: string[]): unknown {
  let node = value;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Body)[segment];
  }
  return node;
}

/** The body of a row of cells: empty cells are left out. */
export function bodyFromCells(fields: Field[], cells: Record<string, string>): Body {
  const body: Body = {};
  for (const field of fields) {
    const text = cells[field.path];
    if (text === undefined || text === '') continue;
    setPath(body, field.segments, parseCell(field, text));
  }
  return body;
}

/** The dotted paths of every leaf value in a parsed JSON object, for naming unknown fields. */
export function leafPaths(value: Body, prefix = ''): string[] {
  return Object.entries(value).flatMap(([name, child]) =>
    child !== null && typeof child === 'object' && !Array.isArray(child)
      ? leafPaths(child as Body, `${prefix}${name}.`)
      : [`${prefix}${name}`],
  );
}
