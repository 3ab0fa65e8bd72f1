// The pieces tool schemas are built from, each read from the spec: an operation's
// parameters, a request body, the customer object. Nothing here names a field by hand.
import type { Json, Operation, SpecRuntime } from '@partnero-kit/openapi/runtime';
import { firstSentence, flatten } from './flatten.js';

export type JsonObjectSchema = Json & { type: 'object'; properties: Record<string, Json> };

const SHORT = { descriptions: 'short' } as const;
const NONE = { descriptions: 'none' } as const;

/** An object schema of `properties`, requiring `required`. */
export function objectSchema(
  properties: Record<string, Json>,
  required: string[] = [],
): JsonObjectSchema {
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

/** The query and path parameters of an operation as tool arguments, named as the spec names them. */
export function parameterArguments(spec: SpecRuntime, operation: Operation): JsonObjectSchema {
  const usable = operation.parameters.filter((p) => p.in === 'query' || p.in === 'path');
  const properties = Object.fromEntries(
    usable.map((parameter) => {
      const declared = spec.resolve<Json>(parameter.pointer);
      const description = declared.description ?? parameter.schema.description;
      return [parameter.name, flatten(spec, { ...parameter.schema, description }, SHORT)];
    }),
  );
  return objectSchema(
    properties,
    usable.filter((p) => p.required).map((p) => p.name),
  );
}

/** A request body (or any schema) of the spec as tool arguments. */
export function schemaArguments(spec: SpecRuntime, schema: Json | undefined): JsonObjectSchema {
  if (!schema) throw new Error('the spec gives this operation no JSON body');
  // The tool's description says what the arguments are for; the schema's own would repeat it.
  const { description, ...flat } = flatten(spec, schema, SHORT);
  return { ...flat, type: 'object', properties: (flat.properties as Record<string, Json>) ?? {} };
}

/**
 * A component schema of the spec as tools return it: its shape only, every field optional
 * (since `fields` may pick some), without the properties named in `without`.
 */
export function outputOf(
  spec: SpecRuntime,
  name: string,
  without: string[] = [],
): JsonObjectSchema {
  const schema = flatten(spec, spec.schema(name), NONE) as JsonObjectSchema;
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {})
      .filter(([property]) => !without.includes(property))
      .map(([property, value]) => [property, shallow(value)]),
  );
  return { ...schema, properties };
}

/**
 * A field that is a list of records (a customer's tags, a transaction's rewards) as a list
 * of objects, without their fields: the record's own fields are what a tool is about, and
 * every nested level repeated in each output lengthens tools/list, which clients pay for in
 * every conversation (test/tools-list.test.ts holds it under 16 kB).
 */
function shallow(schema: Json): Json {
  const items = schema.items as Json | undefined;
  return schema.type === 'array' && items?.type === 'object'
    ? { ...schema, items: { type: 'object' } }
    : schema;
}

/**
 * An object whose fields another output of the table already describes (the same record
 * before a change, or as it was before a deletion). Listing them again would lengthen
 * tools/list, which clients pay for in every conversation.
 */
export const sameShapeAs = (description: string) => ({ type: 'object', description });

/** An operation's JSON request body as tool arguments. */
export const bodyArguments = (spec: SpecRuntime, operationId: string) =>
  schemaArguments(spec, spec.operation(operationId).requestBody?.schema);

/** The customer as tools return it. */
export const customerOutput = (spec: SpecRuntime) => outputOf(spec, 'Customer');

/** The names of the customer's fields, for the `fields` argument. */
export function customerFields(spec: SpecRuntime): string[] {
  return Object.keys((spec.schema('Customer').properties as Json | undefined) ?? {});
}

/** `fields`: which customer fields to return. */
export function fieldsArgument(spec: SpecRuntime): Json {
  return {
    type: 'array',
    description: 'Only these fields (default: all).',
    items: { type: 'string', enum: customerFields(spec) },
    uniqueItems: true,
  };
}

/** A schema's description in one line, or undefined. */
export function oneLine(text: unknown): string | undefined {
  return typeof text === 'string' ? firstSentence(text) : undefined;
}
