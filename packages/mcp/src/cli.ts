// partnero-mcp: stdio by default, Streamable HTTP with --http. Everything it logs goes to
// stderr (stdout carries the protocol under stdio), with the API key redacted.
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { parseFlags, USAGE } from './flags.js';
import { createServerFactory, VERSION } from './server.js';

const log = (line: string) => process.stderr.write(`partnero-mcp: ${line}\n`);

async function main(): Promise<number> {
  let flags: ReturnType<typeof parseFlags>;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (error) {
    log(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (flags.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const apiKey = process.env.PARTNERO_API_KEY;
  if (!apiKey) {
    log(
      "set PARTNERO_API_KEY to your program's API key (Partnero dashboard: Program → Integration → API)",
    );
    return 2;
  }
  const factory = createServerFactory({
    apiKey,
    baseUrl: process.env.PARTNERO_BASE_URL || undefined,
    allowWrite: flags.allowWrite,
    allowDelete: flags.allowDelete,
    dryRun: flags.dryRun,
    log,
  });
  const mode = [
    flags.allowWrite ? 'write' : 'read-only',
    flags.allowDelete && 'delete',
    flags.dryRun && 'dry run',
  ]
    .filter(Boolean)
    .join(', ');
  if (flags.http) {
    // Loaded only here: the HTTP stack is a third of the start-up time stdio users would pay.
    const { serveHttp } = await import('./http.js');
    const server = await serveHttp(factory, flags.http);
    log(`listening on ${server.url} (${mode})`);
    const stop = () => void server.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } else {
    serveStdio(factory, { onerror: (error) => log(`stdio: ${error.message}`) });
  }
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    log(`failed: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
