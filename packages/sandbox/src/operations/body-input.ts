import type { Operation } from '../spec.js';
import type { FieldErrors } from '../validation.js';
import { typedParameter } from './query.js';

// A JSON body on an operation that documents none (GET, and DELETE by path), read as input
// the way Laravel, which the API runs on, reads it: `Request::input()` is the JSON body
// merged with the query string, the body winning where both name a field. Partnero's PHP SDK
// sends its list filters this way (`{"partner": {"key": …}, "limit": 10}` on GET), and `[]`
// when it has nothing to say.

export interface BodyInput {
  /** Documented query parameters (and the operation's extra input) the body gave. */
  params: Record<string, unknown>;
  invalid: FieldErrors;
  warnings: string[];
}

/**
 * The input of a parsed JSON body: each documented query parameter, by its dotted name
 * (`partner.key` is `{"partner": {"key": …}}`), and each name of `extra` (fields an operation
 * reads beyond its parameters). `[]` and `{}` are no input.
 */
export function readBodyInput(
  operation: Operation,
  body: unknown,
  extra: readonly string[],
  strict: boolean,
): BodyInput {
  const input: BodyInput = { params: {}, invalid: {}, warnings: [] };
  if (Array.isArray(body) && body.length === 0) return input;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    input.invalid.body = ['The request body must be a JSON object.'];
    return input;
  }
  const parameters = operation.parameters.filter((p) => p.in === 'query');
  const read: string[] = [];
  for (const parameter of parameters) {
    const value = at(body, parameter.name);
    if (value === undefined) continue;
    input.params[parameter.name] =
      typeof value === 'string' ? typedParameter(parameter, value) : value;
    read.push(parameter.name);
  }
  for (const name of extra) {
    const value = at(body, name);
    if (value !== undefined) input.params[name] = value;
  }
  if (read.length > 0) {
    input.warnings.push(
      `${read.join(', ')} read from a JSON body on ${operation.method}, as Laravel reads input; Partnero's reference documents the query parameter${read.length > 1 ? 's' : ''} ${read.map((name) => `\`${name}\``).join(', ')}`,
    );
  }
  const known = new Set([...parameters.map((p) => p.name.split('.')[0]), ...extra]);
  const ignored = Object.keys(body).filter((name) => !known.has(name));
  if (ignored.length > 0 && (strict || read.length === 0)) {
    input.warnings.push(
      `body field${ignored.length > 1 ? 's' : ''} ${ignored.join(', ')} of a JSON body on ${operation.method} ${ignored.length > 1 ? 'are' : 'is'} not input of ${operation.id} and ${ignored.length > 1 ? 'were' : 'was'} ignored`,
    );
  }
  return input;
}

/** The value at a dotted name of a JSON object, as Laravel's `input('partner.key')` finds it. */
function at(body: object, name: string): unknown {
  let value: unknown = body;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
