import type { SpecRuntime } from '@partnero-kit/openapi/runtime';
import { isObject } from './openapi-document.js';

/** Keywords that bound a value from above: a smaller value in the new spec accepts less. */
export const UPPER_BOUNDS = [
  'maxLength',
  'maximum',
  'exclusiveMaximum',
  'maxItems',
  'maxProperties',
] as const;
/** Keywords that bound a value from below: a larger value in the new spec accepts less. */
export const LOWER_BOUNDS = [
  'minLength',
  'minimum',
  'exclusiveMinimum',
  'minItems',
  'minProperties',
] as const;
/** Keywords whose any new or changed value accepts a different, usually smaller, set. */
export const EXACT_CONSTRAINTS = ['pattern', 'format', 'multipleOf'] as const;

type ConstraintName =
  | (typeof UPPER_BOUNDS)[number]
  | (typeof LOWER_BOUNDS)[number]
  | (typeof EXACT_CONSTRAINTS)[number];

/**
 * What a schema accepts, with `$ref`, `allOf`, `anyOf` and `oneOf` folded into one flat
 * description. The fold is an approximation made for comparing two versions of the same
 * schema: `anyOf`/`oneOf` keep the properties of every branch and require only what every
 * branch requires; `allOf` keeps everything of every part.
 */
export interface SchemaView {
  /** JSON types accepted; undefined when the schema does not restrict the type. */
  types: Set<string> | undefined;
  /** Allowed values (`enum` or `const`), as JSON text; undefined when not restricted. */
  values: Set<string> | undefined;
  properties: Map<string, unknown>;
  required: Set<string>;
  items: unknown;
  /** `false` when no other properties are allowed, a schema, or undefined (anything). */
  additionalProperties: unknown;
  uniqueItems: boolean;
  constraints: Partial<Record<ConstraintName, unknown>>;
  /** The schema object described, `$ref`s followed: identifies it for cycle detection. */
  node: unknown;
}

export function viewSchema(spec: SpecRuntime, schema: unknown): SchemaView {
  const value = spec.resolve<unknown>(schema);
  const view = ownView(value);
  view.node = value;
  if (!isObject(value)) return view;
  const parts: SchemaView[] = [view];
  if (Array.isArray(value.allOf)) {
    for (const part of value.allOf) parts.push(viewSchema(spec, part));
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = value[keyword];
    if (Array.isArray(branches) && branches.length > 0) {
      parts.push(unionOf(branches.map((branch) => viewSchema(spec, branch))));
    }
  }
  const merged = parts.reduce(intersectionOf);
  merged.node = value;
  return merged;
}

function emptyView(): SchemaView {
  return {
    types: undefined,
    values: undefined,
    properties: new Map(),
    required: new Set(),
    items: undefined,
    additionalProperties: undefined,
    uniqueItems: false,
    constraints: {},
    node: undefined,
  };
}

function ownView(schema: unknown): SchemaView {
  const view = emptyView();
  // `true`/`{}` accept anything, `false` nothing; the spec uses neither as a whole schema.
  if (!isObject(schema)) return view;
  if (typeof schema.type === 'string') view.types = new Set([schema.type]);
  if (Array.isArray(schema.type)) view.types = new Set(schema.type.map(String));
  // OpenAPI 3.0 spelling of a nullable type, still met in older specs.
  if (schema.nullable === true && view.types) view.types.add('null');
  if (Array.isArray(schema.enum)) view.values = new Set(schema.enum.map(toJsonText));
  if ('const' in schema) view.values = new Set([toJsonText(schema.const)]);
  if (isObject(schema.properties)) {
    for (const [name, property] of Object.entries(schema.properties)) {
      view.properties.set(name, property);
    }
  }
  if (Array.isArray(schema.required)) view.required = new Set(schema.required.map(String));
  if ('items' in schema) view.items = schema.items;
  if ('additionalProperties' in schema) view.additionalProperties = schema.additionalProperties;
  view.uniqueItems = schema.uniqueItems === true;
  for (const name of [...UPPER_BOUNDS, ...LOWER_BOUNDS, ...EXACT_CONSTRAINTS]) {
    if (name in schema) view.constraints[name] = schema[name];
  }
  return view;
}

function toJsonText(value: unknown): string {
  return JSON.stringify(value);
}

/** Everything that satisfies both views. */
function intersectionOf(a: SchemaView, b: SchemaView): SchemaView {
  const properties = new Map(a.properties);
  for (const [name, property] of b.properties) {
    if (!properties.has(name)) properties.set(name, property);
  }
  return {
    types: a.types && b.types ? intersect(a.types, b.types) : (a.types ?? b.types),
    values: a.values && b.values ? intersect(a.values, b.values) : (a.values ?? b.values),
    properties,
    required: new Set([...a.required, ...b.required]),
    items: a.items ?? b.items,
    additionalProperties: a.additionalProperties ?? b.additionalProperties,
    uniqueItems: a.uniqueItems || b.uniqueItems,
    constraints: { ...b.constraints, ...a.constraints },
    node: a.node ?? b.node,
  };
}

/** Everything that satisfies at least one branch. */
function unionOf(branches: SchemaView[]): SchemaView {
  const [first, ...rest] = branches;
  if (!first) return emptyView();
  const view: SchemaView = { ...first, properties: new Map(first.properties) };
  for (const branch of rest) {
    // First, while `view.types` still describes the branches merged so far.
    view.constraints = sharedConstraints(view, branch);
    view.types = view.types && branch.types ? new Set([...view.types, ...branch.types]) : undefined;
    view.values =
      view.values && branch.values ? new Set([...view.values, ...branch.values]) : undefined;
    for (const [name, property] of branch.properties) {
      if (!view.properties.has(name)) view.properties.set(name, property);
    }
    view.required = intersect(view.required, branch.required);
    view.items = view.items ?? branch.items;
    // Extra properties are forbidden by the union only when every branch forbids them.
    view.additionalProperties =
      view.additionalProperties === false && branch.additionalProperties === false
        ? false
        : (view.additionalProperties ?? branch.additionalProperties);
    view.uniqueItems = view.uniqueItems && branch.uniqueItems;
  }
  return view;
}

/**
 * A bound holds for the union only if every branch has it. Branches of different types
 * (`Timestamp` or `null`) do not constrain each other: a `null` branch has no `format`.
 */
function sharedConstraints(a: SchemaView, b: SchemaView): SchemaView['constraints'] {
  if (isOnlyNull(a)) return b.constraints;
  if (isOnlyNull(b)) return a.constraints;
  const shared: SchemaView['constraints'] = {};
  for (const [name, value] of Object.entries(a.constraints) as [ConstraintName, unknown][]) {
    if (toJsonText(b.constraints[name]) === toJsonText(value)) shared[name] = value;
  }
  return shared;
}

function isOnlyNull(view: SchemaView): boolean {
  return view.types?.size === 1 && view.types.has('null');
}

function intersect<T>(a: Set<T>, b: Set<T>): Set<T> {
  return new Set([...a].filter((item) => b.has(item)));
}
