import type { Operation, SpecRuntime } from '../spec.js';
import { PROTOCOL_STATUSES, type ProtocolReplies, type Reply } from './replies.js';

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

export interface UnknownField {
  /** Dotted path of the field, e.g. `surename` or `partner.kee`. */
  field: string;
  /** The documented field of the same object with the closest spelling, if one is close. */
  suggestion?: string;
}

/**
 * Body fields the schema does not describe, such as a misspelt `surename`. Properties are
 * gathered through `$ref`, `allOf`, `anyOf` and `oneOf`; an object whose schema admits any
 * property (`additionalProperties`) has no unknown fields.
 */
export function unknownFields(spec: SpecRuntime, schema: Json, value: unknown): UnknownField[] {
  const found: UnknownField[] = [];
  walk(spec, [schema], value, '', found);
  return found;
}

function walk(
  spec: SpecRuntime,
  schemas: Json[],
  value: unknown,
  at: string,
  found: UnknownField[],
) {
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
    else found.push({ field: `${at}${name}`, suggestion: closest(name, properties.keys()) });
  }
}

/** The candidate at most two edits away (one for short names), the nearest first. */
function closest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = name.length <= 4 ? 1 : 2;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Edits between two names: insert, delete or change a character, or swap two neighbours. */
function editDistance(a: string, b: string): number {
  const rows = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const at = (r: number, c: number) => rows[r]?.[c] ?? row[c] ?? 0;
      let distance = Math.min(
        at(i - 1, j) + 1,
        at(i, j - 1) + 1,
        at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        distance = Math.min(distance, at(i - 2, j - 2) + 1);
      row[j] = distance;
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/** A schema and every schema it combines, each with its `$ref` followed. */
function flatten(spec: SpecRuntime, schema: Json): Json[] {
  const resolved = spec.resolve(schema);
  const parts = ['allOf', 'anyOf', 'oneOf'].flatMap(
    (keyword) => (resolved[keyword] as Json[] | undefined) ?? [],
  );
  return [resolved, ...parts.flatMap((part) => flatten(spec, part))];
}
