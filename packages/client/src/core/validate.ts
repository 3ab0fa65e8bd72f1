// Checks of arguments that can never be right, made before any request so that the error
// names the argument and the rule instead of coming back as a 422 from the API.
import type { CustomerReference } from '@partnero-kit/types';
import { PartneroError } from './errors.js';

/** A customer named by its key (a string) or by `{ key }` or `{ email }`. */
export type CustomerSelector = string | CustomerReference;

/**
 * Throws a `PartneroError` naming the argument or option, the rule and the value, unless
 * `ok`. Numbers are shown as they are: `NaN` and `Infinity` would be `null` in JSON.
 */
export function check(ok: unknown, name: string, rule: string, value: unknown): void {
  if (!ok) {
    const shown = typeof value === 'number' ? value : JSON.stringify(value);
    throw new PartneroError(`\`${name}\` must be ${rule}, got ${shown}.`);
  }
}

/** Checks that `value` is a string with more than white space in it, and returns it. */
export function nonEmpty(name: string, value: unknown): string {
  check(typeof value === 'string' && value.trim(), name, 'a non-empty string', value);
  return value as string;
}

/** Checks that `value`, when given, is an integer from 1 (to `max`, when given). */
export function positiveInteger(name: string, value: unknown, max?: number): void {
  const fits = (n: number) => Number.isInteger(n) && n >= 1 && (max === undefined || n <= max);
  check(
    value === undefined || (typeof value === 'number' && fits(value)),
    name,
    max ? `an integer from 1 to ${max}` : 'a positive integer',
    value,
  );
}

/** Turns a selector into exactly one of `{ key }` or `{ email }`. */
export function reference(
  selector: CustomerSelector,
): { key: string; email?: never } | { email: string; key?: never } {
  const { key, email } = typeof selector === 'string' ? { key: selector } : Object(selector);
  check(
    (key === undefined) !== (email === undefined),
    'customer',
    'a key, { key } or { email }',
    selector,
  );
  nonEmpty(key === undefined ? 'email' : 'key', key ?? email);
  return { key, email };
}
