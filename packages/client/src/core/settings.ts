// Checks of the settings a client or a request is given, made where they are given: a value
// such as `Number(process.env.UNSET)` (NaN) or `Infinity` would otherwise reach the retry
// loop or `setTimeout` and misbehave far from its cause.
import { PartneroError } from './errors.js';

/** The longest timer `setTimeout` keeps: a longer delay fires after 1 ms instead. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** How much the client logs, from nothing to every attempt. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

export const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

/** Throws a `PartneroError` naming the option, its value and the rule, unless `ok`. */
function option(ok: boolean, name: string, value: unknown, rule: string): void {
  if (!ok) {
    const shown = typeof value === 'number' ? String(value) : JSON.stringify(value);
    throw new PartneroError(`The \`${name}\` option must be ${rule}; it is ${shown}.`);
  }
}

/** Checks `timeout` (when given): a whole number of milliseconds from 1 to 2³¹ − 1. */
export function checkTimeout(value: unknown, name = 'timeout'): void {
  if (value === undefined) return;
  option(
    Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_TIMEOUT_MS,
    name,
    value,
    `a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS} (about 24.8 days)`,
  );
}

/** Checks `maxRetries` (when given): a whole number from 0. */
export function checkMaxRetries(value: unknown, name = 'maxRetries'): void {
  if (value === undefined) return;
  option(Number.isInteger(value) && (value as number) >= 0, name, value, 'a whole number from 0');
}

/** Checks `baseUrl` and returns it without a trailing slash. */
export function checkBaseUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = new URL(value as string);
  } catch {
    url = undefined;
  }
  option(
    typeof value === 'string' && (url?.protocol === 'http:' || url?.protocol === 'https:'),
    'baseUrl',
    value,
    'an http:// or https:// URL',
  );
  return (value as string).replace(/\/+$/, '');
}

/** Checks `logLevel` (or `PARTNERO_LOG`, named by `name`) when given. */
export function checkLogLevel(value: unknown, name = 'logLevel'): LogLevel | undefined {
  if (value === undefined || value === '') return undefined;
  option(LOG_LEVELS.includes(value as LogLevel), name, value, `one of ${LOG_LEVELS.join(', ')}`);
  return value as LogLevel;
}

/**
 * Checks that the API key can be sent in a header: no line break (a key read from a file or
 * an env var often ends in one), no white space at either end (`Headers` would drop it
 * silently), and only characters a header can carry. The error tells where the problem is,
 * never the key: the runtime's own error would quote `Bearer <key>`.
 */
export function checkApiKey(apiKey: string): void {
  const rule = (problem: string) =>
    new PartneroError(`The API key (apiKey or PARTNERO_API_KEY) ${problem}; the key is not shown.`);
  const lineBreak = apiKey.search(/[\r\n]/);
  if (lineBreak >= 0) {
    throw rule(
      `has a line break at position ${lineBreak + 1} of ${apiKey.length}: remove it (a key read from a file or an environment variable often ends in one)`,
    );
  }
  if (apiKey.trim() !== apiKey) throw rule('starts or ends with white space: remove it');
  // A header value carries tab, visible ASCII, space and Latin-1 (RFC 9110 field-vchar/obs-text).
  const bad = apiKey.search(/[^\t\x20-\x7e\x80-\xff]/);
  if (bad >= 0) {
    const code = apiKey.codePointAt(bad)?.toString(16).toUpperCase().padStart(4, '0');
    throw rule(
      `has a character a header cannot carry (U+${code}) at position ${bad + 1}: copy the key again`,
    );
  }
}
