import type { IncomingMessage } from 'node:http';

export type Body = { kind: 'json'; value: unknown } | { kind: 'too-large' } | { kind: 'bad-json' };

/** Bodies above this size are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Whether a Content-Type announces JSON, as Laravel's `Request::isJson()` decides it: the API
 * reads no input at all from a body sent as anything else (`text/plain`, no Content-Type).
 */
export function isJsonContentType(header: string | undefined): boolean {
  return header !== undefined && (header.includes('/json') || header.includes('+json'));
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

/** One `name=value` pair of a query string; `value` is undefined when it cannot be decoded. */
export interface QueryPair {
  name: string;
  value: string | undefined;
}

/**
 * Splits a query string as a form decoder does (`+` is a space), but keeps what
 * `URLSearchParams` would silently repair: a value that is not valid percent-encoded UTF-8
 * comes back as `undefined`, so it can be refused with a reason instead of searched for.
 */
export function parseQuery(search: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  if (search === '') return pairs;
  for (const part of search.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = decodeComponent(equals === -1 ? part : part.slice(0, equals));
    if (name === undefined) continue;
    pairs.push({ name, value: decodeComponent(equals === -1 ? '' : part.slice(equals + 1)) });
  }
  return pairs;
}

function decodeComponent(text: string): string | undefined {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return undefined;
  }
}

/** A path segment as text: undefined when it is not valid percent-encoded UTF-8 or holds NUL. */
export function decodePathSegment(segment: string): string | undefined {
  if (!segment.includes('%')) return segment;
  try {
    const text = decodeURIComponent(segment);
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}
