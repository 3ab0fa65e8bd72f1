// API errors as tool results: the status, the API's message and each rejected field, so the
// assistant can correct the call. The client's messages never hold the API key; `redact`
// makes sure of it for anything else that might echo it back.

import type { CallToolResult } from '@modelcontextprotocol/server';
import {
  APIConnectionError,
  APIError,
  PartneroError,
  RateLimitError,
  ValidationError,
} from '@partnero-kit/client';
import { failure } from './results.js';

/** The result for an error thrown while a tool ran; rethrows what is not the API's. */
export function errorResult(error: unknown, redact: (text: string) => string): CallToolResult {
  if (error instanceof APIError) {
    const body = Object(error.body) as { message?: unknown };
    const fields = error instanceof ValidationError ? error.errors : undefined;
    const wait =
      error instanceof RateLimitError && error.retryAfter !== null ? error.retryAfter : undefined;
    return failure(redact(`${error.status} ${error.name}: ${error.message}`), {
      status: error.status,
      message: redact(typeof body.message === 'string' ? body.message : error.message),
      ...(fields && Object.keys(fields).length > 0 ? { errors: fields } : {}),
      ...(wait !== undefined ? { retry_after: wait } : {}),
      ...(error.requestId ? { request_id: error.requestId } : {}),
    });
  }
  if (error instanceof APIConnectionError) {
    return failure(
      redact(`${error.name}: ${error.message} The API did not answer; try again later.`),
    );
  }
  if (error instanceof PartneroError) return failure(redact(`${error.name}: ${error.message}`));
  throw error;
}

/** Replaces every occurrence of `secret` in a text. */
export function redactor(secret: string): (text: string) => string {
  return (text) => (secret ? text.split(secret).join('[redacted]') : text);
}
