import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Reply } from './operations.ts';

export type Body = { kind: 'json'; value: unknown } | { kind: 'too-large' } | { kind: 'bad-json' };

/** Bodies above this size are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;

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

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function tooLarge(): Reply {
  return { status: 413, body: { message: 'The request body is larger than 1 MiB.' } };
}

/** Reads the whole body; over the limit it is drained and dropped, so the reply still arrives. */
export function readJson(req: IncomingMessage): Promise<Body> {
  const declared = Number(req.headers['content-length']);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = declared > MAX_BODY_BYTES;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      if (!tooBig) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (tooBig) return resolve({ kind: 'too-large' });
      const text = Buffer.concat(chunks).toString('utf8');
      // No body reads as an empty object, so a missing body names the missing fields.
      if (text.trim() === '') return resolve({ kind: 'json', value: {} });
      try {
        resolve({ kind: 'json', value: JSON.parse(text) });
      } catch {
        resolve({ kind: 'bad-json' });
      }
    });
  });
}
