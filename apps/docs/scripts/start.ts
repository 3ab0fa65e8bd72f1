// `npm start`: the docs site and a local API side by side, until Ctrl-C. The API is the
// stateful sandbox by default; `--mock` starts the stateless Prism mock instead.
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import {
  type ApiServer,
  type StartApiServer,
  sandboxStarter,
  startMockApi,
} from './lib/api-server.js';
import { buildSite } from './lib/build-site.js';
import { distDir, repoRoot, sandboxDataDir, site } from './lib/paths.js';
import { assertPortFree, portFromEnv, StartupError } from './lib/ports.js';
import { serveStatic } from './lib/static-server.js';

const HOST = '127.0.0.1';

type Mode = 'sandbox' | 'mock';

function modeFromArgs(args: string[]): Mode {
  const unknown = args.filter((arg) => arg !== '--mock');
  if (unknown.length > 0) {
    throw new StartupError(
      `unknown argument ${JSON.stringify(unknown[0])}; the only one is --mock (the Prism mock instead of the sandbox)`,
    );
  }
  return args.includes('--mock') ? 'mock' : 'sandbox';
}

/** SANDBOX_DATA_DIR moves the data (the tests use a temporary folder); default: repo root. */
function dataDirFromEnv(): string {
  const text = process.env.SANDBOX_DATA_DIR?.trim();
  return text ? resolve(text) : sandboxDataDir;
}

/** The data folder as a user finds it: relative to the repository root when inside it. */
function shownPath(dir: string): string {
  const inRepo = relative(repoRoot, dir);
  return inRepo && !inRepo.startsWith('..') && !isAbsolute(inRepo) ? inRepo : dir;
}

/** Everything started so far, so that Ctrl-C at any moment, even mid-start, stops it all. */
const running: { close(): Promise<void> }[] = [];
let startup: Promise<unknown> = Promise.resolve();
let stopping = false;
let apiName = 'the API';

async function stopAll(): Promise<void> {
  await startup.catch(() => undefined);
  await Promise.allSettled(running.map((server) => server.close()));
}

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the docs server and ${apiName}...`);
  stopAll().then(() => {
    console.log('Stopped.');
    process.exit(0);
  });
}

async function startServers(docsPort: number, apiPort: number, startApi: StartApiServer) {
  if (!existsSync(site.html)) {
    console.log('Building the docs site (dist/ is missing)...');
    await buildSite();
  }
  const docs = await serveStatic({
    root: distDir,
    port: docsPort,
    host: HOST,
    portVariable: 'DOCS_PORT',
  });
  running.push(docs);
  const api = await startApi({ port: apiPort, host: HOST });
  running.push(api);
  return { docs, api };
}

function sandboxBanner(docsUrl: string, api: ApiServer, dataDir: string): string[] {
  const auth = "-H 'Authorization: Bearer dev-key'";
  const body = JSON.stringify({
    key: 'cus_ada',
    partner: { key: 'partner_1' },
    email: 'ada@example.com',
    name: 'Ada',
  });
  return [
    '',
    `  API docs   ${docsUrl}`,
    `  Sandbox    ${api.url}   (keeps what you create; data in ${shownPath(dataDir)}/)`,
    '',
    '  Try it: create a customer, then read it back (each API key has its own data):',
    `    curl ${auth} -H 'Content-Type: application/json' -d '${body}' ${api.url}/v1/customers`,
    `    curl ${auth} ${api.url}/v1/customers/cus_ada`,
    '',
    '  Point the client (or the samples in apps/docs/samples) at the sandbox:',
    `    export PARTNERO_BASE_URL=${api.url} PARTNERO_API_KEY=dev-key`,
    '',
    '  The stateless Prism mock instead: npm run mock (pnpm start:mock in apps/docs).',
    '  Press Ctrl-C to stop.',
    '',
  ];
}

function mockBanner(docsUrl: string, api: ApiServer): string[] {
  return [
    '',
    `  API docs   ${docsUrl}`,
    `  Mock API   ${api.url}   (answers with the spec's examples; keeps nothing)`,
    '',
    '  Try it:',
    `    curl -H 'Authorization: Bearer any-key' ${api.url}/v1/customers/cus_1001`,
    '',
    '  Point the client (or the samples in apps/docs/samples) at the mock:',
    `    export PARTNERO_BASE_URL=${api.url} PARTNERO_API_KEY=any-key`,
    '',
    '  Press Ctrl-C to stop.',
    '',
  ];
}

async function main(): Promise<void> {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  const mode = modeFromArgs(process.argv.slice(2));
  apiName = mode === 'sandbox' ? 'the sandbox' : 'the mock API';
  const docsPort = portFromEnv('DOCS_PORT', 8080);
  const apiPort = portFromEnv('API_PORT', 4010);
  if (docsPort === apiPort) {
    throw new StartupError(`DOCS_PORT and API_PORT are both ${docsPort}; pick two ports`);
  }
  const dataDir = dataDirFromEnv();
  // Check both ports before starting anything, so a clash never leaves half a setup running.
  await assertPortFree(docsPort, HOST, 'DOCS_PORT');
  await assertPortFree(apiPort, HOST, 'API_PORT');

  const startApi = mode === 'sandbox' ? sandboxStarter(dataDir) : startMockApi;
  const starting = startServers(docsPort, apiPort, startApi);
  startup = starting;
  const { docs, api } = await starting;
  if (stopping) return;
  const banner =
    mode === 'sandbox' ? sandboxBanner(docs.url, api, dataDir) : mockBanner(docs.url, api);
  console.log(banner.join('\n'));
}

main().catch(async (error: unknown) => {
  if (stopping) return;
  console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
  if (!(error instanceof StartupError) && error instanceof Error && error.stack) {
    console.error(error.stack);
  }
  await Promise.allSettled(running.map((server) => server.close()));
  process.exit(1);
});
