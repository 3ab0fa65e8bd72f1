// What every command shares: the global flags, the client built from them, and the output.
import { Partnero } from '@partnero-kit/client';
import { createTransport } from './transport.js';

export interface GlobalOptions {
  apiKey?: string;
  baseUrl?: string;
  json?: boolean;
}

export interface Context {
  /** `--json`: machine output instead of tables and sentences. */
  json: boolean;
  /** The client, built on first use so that `--help` and local checks need no key. */
  client(overrides?: { maxRetries?: number }): Partnero;
  /** The API key in use (flag, else environment), which the import's journal stores a hash of. */
  apiKey(): string | undefined;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Closes the kept-alive connections, so the process can end. */
  close(): void;
}

/** The most requests an import may have in flight (`--concurrency`). */
export const MAX_CONCURRENCY = 64;

/** The most customers the API gives in one page (`limit`). */
export const MAX_PAGE_SIZE = 250;

export function createContext(options: GlobalOptions): Context {
  const apiKey = () => options.apiKey ?? process.env.PARTNERO_API_KEY;
  const clients = new Map<number | undefined, Partnero>();
  const transport = createTransport(MAX_CONCURRENCY);
  return {
    json: options.json === true,
    client(overrides = {}) {
      let client = clients.get(overrides.maxRetries);
      if (!client) {
        client = new Partnero({
          apiKey: apiKey(),
          baseUrl: options.baseUrl ?? process.env.PARTNERO_BASE_URL,
          headers: { 'User-Agent': `partnero-cli` },
          maxRetries: overrides.maxRetries,
          fetch: transport.fetch,
        });
        clients.set(overrides.maxRetries, client);
      }
      return client;
    },
    apiKey,
    stdout: process.stdout,
    stderr: process.stderr,
    close: () => transport.close(),
  };
}
