// Installs the packed public packages into a fresh project with plain npm, the way a user
// gets them from the registry, and uses them there: no workspace links, no pnpm.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpec } from '@partnero-kit/openapi/runtime';
import { type RunningPrism, startPrism } from '@partnero-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPackage, packRuntimeDependencies } from '../src/pack.js';
import { findRepoRoot, publicPackages } from '../src/workspace.js';

const CONSUMED = [
  '@partnero-kit/openapi',
  '@partnero-kit/types',
  '@partnero-kit/client',
  '@partnero-kit/cli',
  '@partnero-kit/mcp',
];
const fixture = fileURLToPath(new URL('./consumer-fixture/', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

let project: string;
let prism: RunningPrism | undefined;

/** The environment without what `pnpm run` adds, so npm behaves as in a user's shell. */
function userEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(npm|pnpm)_/i.test(name)),
  );
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, {
      cwd: project,
      env: userEnvironment(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

beforeAll(async () => {
  const started = Date.now();
  project = mkdtempSync(join(tmpdir(), 'partnero-consumer-'));
  const packages = publicPackages(findRepoRoot()).filter((pkg) => CONSUMED.includes(pkg.name));
  expect(packages.map((pkg) => pkg.name).sort()).toEqual([...CONSUMED].sort());
  const tarballs = packages.map((pkg) => packPackage(pkg.directory, project).filename);
  // openapi-fetch for the client, ajv for the spec runtime.
  for (const pkg of packages) tarballs.push(...packRuntimeDependencies(pkg.directory, project));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  cpSync(fixture, project, { recursive: true });
  // Third-party dependencies are packed from the workspace's installed
  // copies too, so the install is offline: tests download nothing.
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', ...tarballs]);
  prism = await startPrism({
    spec: join(project, 'node_modules/@partnero-kit/openapi/dist/openapi.yaml'),
  });
  console.log(`consumer project packed, installed and served in ${Date.now() - started} ms`);
}, 300_000);

afterAll(async () => {
  await prism?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

function installedManifest(name: string): Record<string, Record<string, string> | string> {
  return JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8'));
}

describe('a project that installs the tarballs with npm', () => {
  it('gets real copies of the packages with real dependency versions', () => {
    for (const name of CONSUMED) {
      expect(lstatSync(join(project, 'node_modules', name)).isSymbolicLink(), name).toBe(false);
    }
    const client = installedManifest('@partnero-kit/client');
    const types = installedManifest('@partnero-kit/types');
    expect(client.dependencies).toMatchObject({ '@partnero-kit/types': types.version });
    expect(JSON.stringify(client.dependencies)).not.toMatch(/workspace:|catalog:/);
  });

  it('imports every package as an ES module and gets a customer from Prism', () => {
    const result = JSON.parse(run('node', ['esm.mjs', prism?.url ?? '']));
    expect(result).toMatchObject({
      customerKey: 'cus_1001',
      specTitle: 'Partnero Customers API',
      // The spec runtime indexes the bundled spec and its validator accepts the answer.
      runtimeOperations: loadSpec().operations.size,
      customerMatchesSchema: true,
    });
    expect(result.specYaml).toMatch(/node_modules\/@partnero-kit\/openapi\/dist\/openapi\.yaml$/);
    // A types-only package: its ES entry is an empty module.
    expect(result.typesExports).toEqual([]);
  });

  it('requires every package as CommonJS and gets a customer from Prism', () => {
    const result = JSON.parse(run('node', ['cjs.cjs', prism?.url ?? '']));
    expect(result).toMatchObject({ customerKey: 'cus_1001', specTitle: 'Partnero Customers API' });
    expect(result.specYaml).toMatch(/node_modules\/@partnero-kit\/openapi\/dist\/openapi\.yaml$/);
    expect(result.typesExports).toEqual([]);
  });

  it('type-checks a typed program under moduleResolution bundler', () => {
    expect(run('node', [tsc, '-p', 'tsconfig.bundler.json'])).toBe('');
  });

  it('type-checks and compiles it under node16, ESM and CommonJS, and the output runs', () => {
    expect(run('node', [tsc, '-p', 'tsconfig.node16.json'])).toBe('');
    const script = `
      const url = process.argv[1];
      const esm = await import('./out/customer.mjs');
      const cjs = (await import('node:module')).createRequire(import.meta.url)('./out/customer.cjs');
      const keys = [(await esm.fetchCustomer(url)).key, (await cjs.fetchCustomer(url)).key];
      console.log(JSON.stringify([keys, esm.operationIds()]));`;
    const output = run('node', ['--input-type=module', '-e', script, prism?.url ?? '']);
    expect(JSON.parse(output)).toEqual([
      ['cus_1001', 'cus_1001'],
      [...loadSpec().operations.keys()],
    ]);
  });

  it('runs the partnero command line with npx', () => {
    const version = installedManifest('@partnero-kit/cli').version;
    expect(run('npx', ['--no', '--', 'partnero', '--version']).trim()).toBe(version);
    const customer = JSON.parse(
      run('npx', [
        '--no',
        '--',
        'partnero',
        '--api-key',
        'k',
        '--base-url',
        prism?.url ?? '',
        '--json',
        'customers',
        'get',
        'cus_1001',
      ]),
    );
    expect(customer).toMatchObject({ key: 'cus_1001' });
    // The import reads its columns and checks from the installed spec: one bad row, exit 2.
    writeFileSync(
      join(project, 'signups.csv'),
      'key,partner.key,email\nc1,p1,c1@example.com\nc2,p1,nope\n',
    );
    const dryRun = spawnSync(
      'npx',
      ['--no', '--', 'partnero', 'customers', 'import', 'signups.csv', '--dry-run'],
      {
        cwd: project,
        env: { ...userEnvironment(), PARTNERO_API_KEY: 'k' },
        encoding: 'utf8',
      },
    );
    expect(dryRun.stdout).toMatch(
      /^dry run: would import 1, rejected 1 \(see signups\.csv\.rejects\.csv\)/,
    );
    expect(dryRun.status).toBe(2);
  });

  it('runs the MCP server with npx, which answers tools/list over stdio', async () => {
    const child = spawn('npx', ['--no', '--', 'partnero-mcp'], {
      cwd: project,
      env: { ...userEnvironment(), PARTNERO_API_KEY: 'k', PARTNERO_BASE_URL: prism?.url ?? '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const answer = new Promise<{ result: { tools: { name: string }[] } }>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const line = stdout.split('\n').find((text) => text.includes('"id":2'));
        if (line) resolve(JSON.parse(line));
      });
      child.once('exit', (code) =>
        reject(new Error(`partnero-mcp exited with ${code}: ${stderr}`)),
      );
    });
    const send = (message: object) =>
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    send({
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'npx', version: '1' },
      },
    });
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/list' });
    try {
      const { result } = await answer;
      expect(result.tools.map((tool) => tool.name)).toEqual([
        'list_customers',
        'search_customers',
        'list_customer_transactions',
        'get_customer',
        'list_webhooks',
        'get_webhook',
      ]);
    } finally {
      child.stdin.end();
      child.kill();
    }
  }, 60_000);
});
