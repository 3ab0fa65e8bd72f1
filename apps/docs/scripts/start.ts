// `npm start`: the docs site and a mock of the API side by side, until Ctrl-C.
import { existsSync } from 'node:fs';
import { type StartApiServer, startMockApi } from './lib/api-server.ts';
import { buildSite } from './lib/build-site.ts';
import { distDir, site } from './lib/paths.ts';
import { assertPortFree, portFromEnv, StartupError } from './lib/ports.ts';
import { serveStatic } from './lib/static-server.ts';

const HOST = '127.0.0.1';
const startApi: StartApiServer = startMockApi;

/** Everything started so far, so that Ctrl-C at any moment, even mid-start, stops it all. */
const running: { close(): Promise<void> }[] = [];
let startup: Promise<unknown> = Promise.resolve();
let stopping = false;

async function stopAll(): Promise<void> {
  await startup.catch(() => undefined);
  await Promise.allSettled(running.map((server) => server.close()));
}

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the docs server and the mock API...`);
  stopAll().then(() => {
    console.log('Stopped.');
    process.exit(0);
  });
}

async function startServers(docsPort: number, apiPort: number) {
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

async function main(): Promise<void> {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const docsPort = portFromEnv('DOCS_PORT', 8080);
  const apiPort = portFromEnv('MOCK_PORT', 4010);
  if (docsPort === apiPort) {
    throw new StartupError(`DOCS_PORT and MOCK_PORT are both ${docsPort}; pick two ports`);
  }
  // Check both ports before starting anything, so a clash never leaves half a setup running.
  await assertPortFree(docsPort, HOST, 'DOCS_PORT');
  await assertPortFree(apiPort, HOST, 'MOCK_PORT');

  const starting = startServers(docsPort, apiPort);
  startup = starting;
  const { docs, api } = await starting;
  if (stopping) return;
  console.log(
    [
      '',
      `  API docs   ${docs.url}`,
      `  Mock API   ${api.url}   (answers every operation with the spec's examples)`,
      '',
      '  Try it:',
      `    curl -H 'Authorization: Bearer any-key' ${api.url}/v1/customers/cus_1001`,
      '',
      '  Point the client (or the samples in apps/docs/samples) at the mock:',
      `    export PARTNERO_BASE_URL=${api.url} PARTNERO_API_KEY=any-key`,
      '',
      '  Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
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
