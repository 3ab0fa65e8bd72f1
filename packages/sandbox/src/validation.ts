import { unescapePointer } from '@partnero-kit/openapi/runtime';
import type { AnyOfBranches, ErrorObject, ValidateFunction } from './spec.js';

/** Field name → reasons, the shape of a Laravel validation failure. */
export type FieldErrors = Record<string, string[]>;

/**
 * Turns ajv's errors into Laravel-worded messages keyed by dotted field names.
 * `anyOf` failures (a partner or customer named by one of several fields) are explained
 * through the branch that came closest, instead of listing every branch's complaints.
 */
export function describeErrors(
  errors: readonly ErrorObject[],
  anyOfBranches: AnyOfBranches,
  prefix = '',
): FieldErrors {
  const result: FieldErrors = {};
  const explainedAnyOf = errors.filter(
    (e) => e.keyword === 'anyOf' && anyOfBranches(e.schema) !== undefined,
  );
  const insideAnyOf = (e: ErrorObject) =>
    explainedAnyOf.some(
      (a) =>
        a !== e &&
        (e.instancePath === a.instancePath || e.instancePath.startsWith(`${a.instancePath}/`)),
    );

  for (const error of errors) {
    if (insideAnyOf(error)) continue;
    const branches = error.keyword === 'anyOf' ? anyOfBranches(error.schema) : undefined;
    if (branches) {
      mergeErrors(result, explainAnyOf(error, branches, anyOfBranches, prefix));
      continue;
    }
    // Wrappers that only say "a sub-schema failed": the failing sub-schema reported itself.
    if (error.keyword === 'allOf' || error.keyword === 'oneOf' || error.keyword === 'if') continue;
    const { field, message } = describe(error, prefix);
    add(result, field, message);
  }
  return result;
}

function explainAnyOf(
  error: ErrorObject,
  branches: ValidateFunction[],
  anyOfBranches: AnyOfBranches,
  prefix: string,
): FieldErrors {
  const base = joinField(prefix, error.instancePath);
  const outcomes = branches.map((validate) => {
    validate(error.data);
    return describeErrors(validate.errors ?? [], anyOfBranches, base);
  });
  const size = (errors: FieldErrors) =>
    Object.values(errors).reduce((n, list) => n + list.length, 0);
  const fewest = Math.min(...outcomes.map(size));
  const closest = outcomes.filter((o) => size(o) === fewest);
  if (closest.length === 1) return closest[0] ?? {};

  // Several branches came equally close: report what they agree on, and fold the fields
  // each one alone is missing into one "required when none of ... are present" message.
  const result: FieldErrors = {};
  const signatures = closest.map(
    (o) => new Set(Object.entries(o).flatMap(([f, ms]) => ms.map((m) => `${f}\u0000${m}`))),
  );
  const shared = [...(signatures[0] ?? [])].filter((s) => signatures.every((set) => set.has(s)));
  for (const signature of shared) {
    const [field = '', message = ''] = signature.split('\u0000');
    add(result, field, message);
  }
  const alternatives = closest.flatMap((o) =>
    Object.entries(o).filter(([f, ms]) => ms.some((m) => !shared.includes(`${f}\u0000${m}`))),
  );
  const missing = alternatives.map(([f]) => f);
  if (missing.length > 0 && alternatives.every(([f, ms]) => ms.every((m) => m === required(f)))) {
    const [first, ...others] = [...new Set(missing)];
    if (first !== undefined) {
      add(
        result,
        first,
        others.length === 1
          ? `The ${first} field is required when ${others[0]} is not present.`
          : `The ${first} field is required when none of ${others.join(' / ')} are present.`,
      );
    }
  } else {
    for (const [field, messages] of alternatives) for (const m of messages) add(result, field, m);
  }
  return result;
}

function describe(error: ErrorObject, prefix: string): { field: string; message: string } {
  const at = joinField(prefix, error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const field = joinField(at, `/${String(params.missingProperty)}`);
      return { field, message: required(field) };
    }
    case 'type': {
      const field = at || 'body';
      const types = String(params.type).split(',');
      if (!at) return { field, message: 'The request body must be a JSON object.' };
      if (types.includes('string')) return { field, message: `The ${field} must be a string.` };
      if (types.includes('integer')) return { field, message: `The ${field} must be an integer.` };
      if (types.includes('array')) return { field, message: `The ${field} must be an array.` };
      if (types.includes('object')) return { field, message: `The ${field} must be an object.` };
      if (types.includes('boolean'))
        return { field, message: `The ${field} field must be true or false.` };
      return { field, message: `The ${field} must be a ${types.join(' or ')}.` };
    }
    case 'format': {
      if (params.format === 'email') {
        return { field: at, message: `The ${at} must be a valid email address.` };
      }
      return { field: at, message: `The ${at} is not a valid ${String(params.format)}.` };
    }
    case 'minLength':
      return {
        field: at,
        message: `The ${at} must be at least ${String(params.limit)} characters.`,
      };
    case 'maxLength':
      return {
        field: at,
        message: `The ${at} must not be greater than ${String(params.limit)} characters.`,
      };
    case 'minimum':
      return { field: at, message: `The ${at} must be at least ${String(params.limit)}.` };
    case 'maximum':
      return { field: at, message: `The ${at} must not be greater than ${String(params.limit)}.` };
    case 'minItems':
      return { field: at, message: `The ${at} must have at least ${String(params.limit)} items.` };
    default:
      return { field: at || 'body', message: `The selected ${at || 'body'} is invalid.` };
  }
}

function required(field: string): string {
  return `The ${field} field is required.`;
}

/** `/partner/key` under prefix `` → `partner.key`; array indexes stay as numbers (`tags.0`). */
function joinField(prefix: string, instancePath: string): string {
  const tail = instancePath.split('/').slice(1).map(unescapePointer).join('.');
  if (!prefix) return tail;
  return tail ? `${prefix}.${tail}` : prefix;
}

function add(errors: FieldErrors, field: string, message: string): void {
  const list = errors[field] ?? [];
  if (!list.includes(message)) list.push(message);
  errors[field] = list;
}

/** Adds every reason of `from` to `into`, each reason once per field. */
export function mergeErrors(into: FieldErrors, from: FieldErrors): void {
  for (const [field, messages] of Object.entries(from))
    for (const m of messages) add(into, field, m);
}

/**
 * The reasons for unique rules a write broke, each under its field's name (after `prefix`,
 * such as `update.`), in Laravel's words.
 */
export function takenErrors(fields: readonly string[], prefix = ''): FieldErrors {
  return Object.fromEntries(
    fields.map((field) => [`${prefix}${field}`, [`The ${field} has already been taken.`]]),
  );
}

/** The spec's 422 body: the first reason as `message`, every reason under `errors`. */
export function validationBody(errors: FieldErrors): { message: string; errors: FieldErrors } {
  const messages = Object.values(errors).flat();
  const first = messages[0] ?? 'The given data was invalid.';
  const more = messages.length - 1;
  return {
    message: more > 0 ? `${first} (and ${more} more error${more > 1 ? 's' : ''})` : first,
    errors,
  };
}

/** The reason a field is refused for holding NUL, in a query or a body alike. */
export function nulMessage(field: string): string {
  return `The ${field} must not contain NUL characters.`;
}

/** Whether any string in a JSON value holds NUL: the cheap look before naming fields. */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  for (const child of Object.values(value)) if (holdsNul(child)) return true;
  return false;
}

/**
 * Strings with NUL, named by their dotted field: the spec's schemas allow them, but neither
 * storage can keep them as text (Postgres refuses them), so they are refused for both alike.
 */
export function nulErrors(value: unknown): FieldErrors {
  return holdsNul(value) ? namedNulErrors(value, '') : {};
}

function namedNulErrors(value: unknown, at: string): FieldErrors {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? { [at]: [nulMessage(at)] } : {};
  }
  if (value === null || typeof value !== 'object') return {};
  const errors: FieldErrors = {};
  for (const [name, child] of Object.entries(value))
    mergeErrors(errors, namedNulErrors(child, at ? `${at}.${name}` : name));
  return errors;
}
