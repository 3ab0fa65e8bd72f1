// The command line of partnero-mcp. The API key is read from the environment only, so it
// never shows in a process list or a client's config arguments.
import { parseArgs } from 'node:util';

export const USAGE = `Usage: partnero-mcp [options]

An MCP server for the customers of a Partnero program. Read-only unless told otherwise.

Options:
  --allow-write          also offer create_customer, update_customer, suspend_customer, approve_customer,
                         create_webhook, update_webhook
  --allow-delete         also offer delete_customer and delete_webhook (needs --allow-write)
  --dry-run              write tools answer the HTTP request they would send, and send nothing
  --http PORT            serve Streamable HTTP at http://127.0.0.1:PORT/mcp instead of stdio
  --host HOST            the address --http binds to (default 127.0.0.1)
  --allow-origin HOST    accept browser requests from this origin host too (repeatable)
  -h, --help             show this help
  -v, --version          print the version

Environment:
  PARTNERO_API_KEY       the program's API key (required)
  PARTNERO_BASE_URL      where the API lives (default https://api.partnero.com)
`;

export interface Flags {
  allowWrite: boolean;
  allowDelete: boolean;
  dryRun: boolean;
  http: { port: number; host: string; allowedOrigins: string[] } | undefined;
  help: boolean;
  version: boolean;
}

/** Parses argv; throws an Error whose message names the flag and the rule. */
export function parseFlags(argv: string[]): Flags {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      'allow-write': { type: 'boolean', default: false },
      'allow-delete': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      http: { type: 'string' },
      host: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (values['allow-delete'] && !values['allow-write']) {
    throw new Error('--allow-delete needs --allow-write as well');
  }
  if (
    values.http === undefined &&
    (values.host !== undefined || values['allow-origin'] !== undefined)
  ) {
    throw new Error('--host and --allow-origin apply only with --http PORT');
  }
  let http: Flags['http'];
  if (values.http !== undefined) {
    const port = Number(values.http);
    if (!/^\d+$/.test(values.http) || port > 65_535) {
      throw new Error(`--http must be a port number from 0 to 65535, got "${values.http}"`);
    }
    http = { port, host: values.host ?? '127.0.0.1', allowedOrigins: values['allow-origin'] ?? [] };
  }
  return {
    allowWrite: values['allow-write'] === true,
    allowDelete: values['allow-delete'] === true,
    dryRun: values['dry-run'] === true,
    http,
    help: values.help === true,
    version: values.version === true,
  };
}
