import type { ServerResponse } from 'node:http';
import type { Operation, SpecRuntime } from '../spec.js';
import { type FieldErrors, validationBody } from '../validation.js';
import { MAX_BODY_BYTES } from './request.js';

/** An answer to send: what a handler returns, and every reply of the protocol around them. */
export interface Reply {
  status: number;
  body: unknown;
  /** What the sandbox could not know and assumed, for the `Sandbox-Warning` header. */
  warnings?: string[];
  /**
   * The operation whose documented answer this is, when not the one requested: the original
   * page's `GET /v1/customers` with a `{"key"}` body answers as `getCustomer`. Strict mode
   * checks the reply against that operation.
   */
  answersAs?: string;
}

export function send(res: ServerResponse, { status, body }: Reply): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Header values are ASCII; anything else (a field name a caller made up) becomes `?`. */
export function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 1000);
}

/**
 * The replies of the protocol around the operations, each written once. Where the spec
 * documents the status (401, 500, an operation's 404 or a faked 429), the body is the spec's
 * own example; the statuses it leaves to the server (a route it does not have, a body too
 * large or not JSON) answer its Error schema, which strict mode checks them against.
 */
export interface ProtocolReplies {
  /** No usable bearer token. */
  unauthenticated: Reply;
  /** A fault of the sandbox or its storage. */
  serverError: Reply;
  /** No operation of the spec at this method and path, in Laravel's words. */
  routeNotFound(path: string): Reply;
  tooLarge: Reply;
  badJson: Reply;
  /** The spec's 422: every failing field with its reasons. */
  invalid(errors: FieldErrors): Reply;
  /** The operation's documented reply for a status, with the spec's example as body. */
  documented(operation: Operation, status: number): Reply | undefined;
  /** The schema every error body follows, for checking the sandbox's own statuses. */
  errorSchema: string;
}

/** Statuses the sandbox answers on any operation, though the spec documents them on none. */
export const PROTOCOL_STATUSES: ReadonlySet<number> = new Set([400, 413]);

const ERROR_SCHEMA = '#/components/schemas/Error';

export function protocolReplies(spec: SpecRuntime): ProtocolReplies {
  const example = (operation: Operation, status: number): unknown =>
    operation.responses.get(status)?.examples[0];
  /** The example the spec gives for a status on any operation (they share one response). */
  const specExample = (status: number, fallback: string): unknown => {
    for (const operation of spec.operations.values()) {
      const found = example(operation, status);
      if (found !== undefined) return found;
    }
    return { message: fallback };
  };
  return {
    unauthenticated: { status: 401, body: specExample(401, 'Unauthenticated.') },
    serverError: { status: 500, body: specExample(500, 'Server Error') },
    // Laravel's wording, which names the path without its leading slash: a client can tell
    // a route the API lacks from the spec's 404 for a customer that does not exist.
    routeNotFound: (path) => ({
      status: 404,
      body: { message: `The route ${path.replace(/^\/+/, '') || '/'} could not be found.` },
    }),
    tooLarge: {
      status: 413,
      body: { message: `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.` },
    },
    badJson: { status: 400, body: { message: 'The request body is not valid JSON.' } },
    invalid: (errors) => ({ status: 422, body: validationBody(errors) }),
    documented(operation, status) {
      const body = example(operation, status);
      return operation.responses.has(status) && body !== undefined ? { status, body } : undefined;
    },
    errorSchema: ERROR_SCHEMA,
  };
}
