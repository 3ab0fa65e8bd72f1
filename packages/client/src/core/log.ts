// The client's diagnostics: levels, and what is hidden before anything reaches a logger.
// Secrets (the API key, cookies, any header named like a key, token or secret) and
// customers' emails in URLs are masked here, in one place, for every message.
import { LOG_LEVELS, type LogLevel } from './settings.js';

/** Receives the client's diagnostics; `console` fits. A missing method drops its level. */
export interface Logger {
  error?(message: string, details: Record<string, unknown>): void;
  warn?(message: string, details: Record<string, unknown>): void;
  info?(message: string, details: Record<string, unknown>): void;
  debug?(message: string, details: Record<string, unknown>): void;
}

/** Header names logged as `[redacted]`, besides any that contains key, token or secret. */
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];
const SECRET_NAME = /key|token|secret/;

/** The headers as a plain object for the log, with every secret one redacted. */
export function loggableHeaders(headers: Headers): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, value] of headers) {
    shown[name] = SECRET_HEADERS.includes(name) || SECRET_NAME.test(name) ? '[redacted]' : value;
  }
  return shown;
}

/** The URL with the local part of every email in it (plain or URL-encoded) masked. */
export function loggableUrl(url: string): string {
  return url.replace(/[^/?&=#:@]+(?=@|%40)/gi, '***');
}

/** Writes one message at a level; `debug` tells whether debug lines are written at all. */
export type Log = ((
  level: Exclude<LogLevel, 'off'>,
  message: string,
  details: Record<string, unknown>,
) => void) & { debug: boolean };

/** The `Log` of a client: messages at `level` or more severe go to `logger`. */
export function makeLog(logger: Logger | undefined, level: LogLevel): Log {
  // A message is written when its level comes no later than the client's in LOG_LEVELS.
  const rank = LOG_LEVELS.indexOf(level);
  return Object.assign(
    (at: Exclude<LogLevel, 'off'>, message: string, details: Record<string, unknown>) => {
      if (LOG_LEVELS.indexOf(at) <= rank) logger?.[at]?.(message, details);
    },
    { debug: rank === 4 },
  );
}
