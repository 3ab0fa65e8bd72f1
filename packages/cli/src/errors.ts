// Every failure reaches the user as one line on stderr that names the problem, and the API
// key never appears in it.
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  MissingApiKeyError,
  ValidationError,
} from '@partnero-kit/client';

/** A failure the user can act on; `exitCode` is what the process ends with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * The one line for an error: `422 key: The key has already been taken.` for API errors,
 * the host and the cause for connection failures, the message for everything else.
 * `baseUrl` is the client's (`client.baseUrl`): where the failed requests went.
 */
export function describeError(error: unknown, baseUrl?: string): string {
  if (error instanceof ValidationError && Object.keys(error.errors).length > 0) {
    const fields = Object.entries(error.errors).map(
      ([field, reasons]) => `${field}: ${reasons.join(' ')}`,
    );
    return `${error.status} ${fields.join('; ')}`;
  }
  if (error instanceof APIError) {
    const message = (error.body as { message?: unknown } | undefined)?.message;
    return `${error.status} ${typeof message === 'string' && message ? message : error.message}`;
  }
  // Only a client raises these, and its own message names its base URL too.
  if (error instanceof APITimeoutError) {
    return baseUrl ? `no answer from ${baseUrl} in time (after retries)` : error.message;
  }
  if (error instanceof APIConnectionError) {
    const cause =
      (error.cause as { cause?: { code?: string }; message?: string } | undefined) ?? {};
    const reason = cause.cause?.code ?? cause.message ?? error.message;
    return baseUrl ? `cannot reach ${baseUrl} (${reason}) after retries` : error.message;
  }
  if (error instanceof MissingApiKeyError) {
    return 'missing API key: pass --api-key or set PARTNERO_API_KEY';
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Removes every occurrence of each secret from `text`. */
export function redact(text: string, secrets: (string | undefined)[]): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) clean = clean.split(secret).join('[redacted]');
  }
  return clean;
}
