import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The API's key → program id: a hash, so the key itself is never stored or logged. */
const programs = new Map<string, string>();
export function programOf(apiKey: string): string {
  let program = programs.get(apiKey);
  if (program === undefined) {
    program = createHash('sha256').update(apiKey).digest('hex').slice(0, 32);
    if (programs.size > 10_000) programs.clear();
    programs.set(apiKey, program);
  }
  return program;
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match?.[1];
}
