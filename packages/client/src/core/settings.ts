// Checks of the settings a client or a request is given, made where they are given: a value
// such as `Number(process.env.UNSET)` (NaN) or `Infinity` would otherwise reach the retry
// loop or `setTimeout` and misbehave far from its cause.
import { PartneroError } from './errors.js';
import { check } from './validate.js';

/** The longest timer `setTimeout` keeps (about 24.8 days): a longer delay fires after 1 ms. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** How much the client logs, from nothing to every attempt. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

export const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

const wholeFrom = (value: unknown, min: number, max = Number.MAX_SAFE_INTEGER) =>
  value === undefined ||
  (Number.isInteger(value) && (value as number) >= min && (value as number) <= max);

/** Checks `timeout` (when given): a whole number of milliseconds from 1 to 2³¹ − 1. */
export function checkTimeout(value: unknown): void {
  check(
    wholeFrom(value, 1, MAX_TIMEOUT_MS),
    'timeout',
    `whole milliseconds from 1 to ${MAX_TIMEOUT_MS}`,
    value,
  );
}

/** Checks `maxRetries` (when given): a whole number from 0. */
export function checkMaxRetries(value: unknown): void {
  check(wholeFrom(value, 0), 'maxRetries', 'a whole number from 0', value);
}

/** Checks `baseUrl` and returns it without a trailing slash. */
export function checkBaseUrl(value: string): string {
  check(
    typeof value === 'string' && /^https?:\/\/[^/]/.test(value),
    'baseUrl',
    'an http:// or https:// URL',
    value,
  );
  return value.replace(/\/+$/, '');
}

/** Checks `logLevel` (or `PARTNERO_LOG`, named by `name`) when given. */
export function checkLogLevel(value: unknown, name = 'logLevel'): LogLevel | undefined {
  check(!value || LOG_LEVELS.includes(value as LogLevel), name, `one of ${LOG_LEVELS}`, value);
  return (value || undefined) as LogLevel | undefined;
}

/**
 * Checks that the API key can be sent in a header: no line break (a key read from a file or
 * an env var often ends in one), no white space at either end (`Headers` would drop it
 * silently), only characters a header can carry. The error says where the problem is, never
 * what the key is: the runtime's own error would quote `Bearer <key>`.
 */
export function checkApiKey(apiKey: string): void {
  // A header value carries tab, space, visible ASCII and Latin-1 (RFC 9110).
  const at = apiKey.search(/[^\t\x20-\x7e\x80-\xff]/);
  const code = apiKey.charCodeAt(at);
  const what =
    at < 0
      ? apiKey.trim() === apiKey || 'white space at one end'
      : code === 10 || code === 13
        ? 'a line break'
        : `U+${code.toString(16).toUpperCase().padStart(4, '0')}, which a header cannot carry,`;
  if (what !== true) {
    const where = at < 0 ? '' : ` at position ${at + 1} of ${apiKey.length}`;
    throw new PartneroError(
      `The API key (apiKey, PARTNERO_API_KEY) has ${what}${where}: remove it. The key is not shown.`,
    );
  }
}
