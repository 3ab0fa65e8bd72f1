// The client's diagnostics: levels, and what is hidden before anything reaches a logger.
// Secrets (the API key, cookies, any header named like a key, token or secret) and
// customers' emails in URLs are masked here, in one place, for every message.
import type { LogLevel } from './settings.js';

/** Receives the client's diagnostics; `console` fits. A missing method drops its level. */
export interface Logger {
  error?(message: string, details: Record<string, unknown>): void;
  warn?(message: string, details: Record<string, unknown>): void;
  info?(message: string, details: Record<string, unknown>): void;
  debug?(message: string, details: Record<string, unknown>): void;
}

/** A level's rank: a message is logged when its rank is at most the configured one. */
const RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

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

/** Where one client's messages go, at or above its level. */
export class Log {
  readonly #logger: Logger | undefined;
  readonly #rank: number;

  constructor(logger: Logger | undefined, level: LogLevel) {
    this.#logger = logger;
    this.#rank = logger ? RANK[level] : 0;
  }

  /** Whether `level` is logged: lets a caller skip building details nobody reads. */
  enabled(level: Exclude<LogLevel, 'off'>): boolean {
    return RANK[level] <= this.#rank;
  }

  write(level: Exclude<LogLevel, 'off'>, message: string, details: Record<string, unknown>): void {
    if (this.enabled(level)) this.#logger?.[level]?.(message, details);
  }
}
