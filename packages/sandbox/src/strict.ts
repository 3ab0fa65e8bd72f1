import type { Reply } from './operations.ts';
import { PROTOCOL_STATUSES, type ProtocolReplies } from './replies.ts';
import type { Operation, SpecRuntime } from './spec.ts';

// Strict mode: what the sandbox checks beyond answering, so a client learns early what the
// live API might refuse or ignore.

type Json = Record<string, unknown>;

/** Why a reply breaks the spec, or undefined when the spec allows it. */
export function checkReply(
  spec: SpecRuntime,
  replies: Pick<ProtocolReplies, 'errorSchema'>,
  operation: Operation,
  answer: Reply,
): string | undefined {
  const documented = operation.responses.get(answer.status);
  let pointer = documented?.schemaPointer;
  if (!documented) {
    if (!PROTOCOL_STATUSES.has(answer.status)) {
      return `status ${answer.status} is not documented for ${operation.id}`;
    }
    pointer = replies.errorSchema;
  }
  if (pointer === undefined) return undefined;
  const validate = spec.validator(pointer);
  if (validate(answer.body)) return undefined;
  const first = validate.errors?.[0];
  return `${answer.status} response of ${operation.id}: ${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}`;
}

/**
 * The dotted paths of body fields the schema does not describe, such as a misspelt
 * `surename`. Properties are gathered through `$ref`, `allOf`, `anyOf` and `oneOf`; an object
 * whose schema admits any property (`additionalProperties`) has no unknown fields.
 */
export function unknownFields(spec: SpecRuntime, schema: Json, value: unknown): string[] {
  const found: string[] = [];
  walk(spec, [schema], value, '', found);
  return found;
}

function walk(spec: SpecRuntime, schemas: Json[], value: unknown, at: string, found: string[]) {
  if (value === null || typeof value !== 'object') return;
  const flat = schemas.flatMap((schema) => flatten(spec, schema));
  if (Array.isArray(value)) {
    const items = flat.flatMap((s) => (s.items && typeof s.items === 'object' ? [s.items] : []));
    if (items.length === 0) return;
    for (const [i, item] of value.entries()) walk(spec, items as Json[], item, `${at}${i}.`, found);
    return;
  }
  const properties = new Map<string, Json[]>();
  for (const s of flat) {
    if (s.additionalProperties !== undefined && s.additionalProperties !== false) return;
    for (const [name, child] of Object.entries((s.properties as Json | undefined) ?? {}))
      properties.set(name, [...(properties.get(name) ?? []), child as Json]);
  }
  if (properties.size === 0) return;
  for (const [name, child] of Object.entries(value)) {
    const known = properties.get(name);
    if (known) walk(spec, known, child, `${at}${name}.`, found);
    else found.push(`${at}${name}`);
  }
}

/** A schema and every schema it combines, each with its `$ref` followed. */
function flatten(spec: SpecRuntime, schema: Json): Json[] {
  const resolved = spec.resolve(schema);
  const parts = ['allOf', 'anyOf', 'oneOf'].flatMap(
    (keyword) => (resolved[keyword] as Json[] | undefined) ?? [],
  );
  return [resolved, ...parts.flatMap((part) => flatten(spec, part))];
}
