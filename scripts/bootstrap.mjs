#!/usr/bin/env node
// Set-up shared by `npm start` and `npm test`: pinned pnpm, dependencies, and (with
// --browser, as root on Debian, when no browser is installed) Debian's Chromium, then the
// command after `--` (turbo). Each step is skipped
// when it is already satisfied, so a second run costs well under a second.
// Usage: node scripts/bootstrap.mjs [--browser] [-- command args...]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const separator = process.argv.indexOf('--');
const flags = separator === -1 ? process.argv.slice(2) : process.argv.slice(2, separator);
const command = separator === -1 ? [] : process.argv.slice(separator + 1);
const wantsBrowser = flags.includes('--browser');
// Where the browser tests look for Chrome or Chromium (packages/testing/src/chromium.ts).
const CHROMIUM_LOCATIONS = JSON.parse(
  readFileSync(join(root, 'packages/testing/src/chromium-locations.json'), 'utf8'),
);

function log(message) {
  console.log(`[bootstrap] ${message}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`[bootstrap] failed: ${command} ${args.join(' ')}`);
    process.exit(result.status ?? 1);
  }
}

function versionOf(command) {
  try {
    return execFileSync(command, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

// pnpm: the version pinned in package.json#packageManager, from PATH when it matches,
// otherwise installed with npm into .tools/ (corepack's signature check is not relied on).
function ensurePnpm() {
  const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split(
    '@',
  )[1];
  if (versionOf('pnpm') === pinned) return 'pnpm';
  const local = join(root, '.tools', 'node_modules', '.bin', 'pnpm');
  if (versionOf(local) !== pinned) {
    log(`installing pnpm ${pinned} into .tools/`);
    run('npm', [
      'install',
      '--prefix',
      '.tools',
      '--no-save',
      '--no-audit',
      '--no-fund',
      `pnpm@${pinned}`,
    ]);
  }
  return local;
}

// Dependencies: reinstalled only when the lockfile or a manifest changed since the last install.
function ensureDependencies(pnpm) {
  const hash = createHash('sha256');
  const manifests = execFileSync(
    'git',
    ['ls-files', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '**/package.json', 'package.json'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter(Boolean)
    .sort();
  for (const file of manifests) {
    if (existsSync(join(root, file))) hash.update(file).update(readFileSync(join(root, file)));
  }
  const digest = hash.digest('hex');
  const stamp = join(root, 'node_modules', '.bootstrap-stamp');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  log('installing dependencies (pnpm install --frozen-lockfile)');
  run(pnpm, ['install', '--frozen-lockfile']);
  writeFileSync(stamp, digest);
}

// Browser tests drive an installed Chrome or Chromium (CHROME_PATH, else the usual
// locations); a browser is never downloaded by a test tool. Only as root on Debian is
// Debian's chromium installed when none is found. Elsewhere the browser tests skip
// themselves with one line saying how to enable them, or fail under CI=true.
function ensureChromium() {
  if (process.env.CHROME_PATH || CHROMIUM_LOCATIONS.some((path) => existsSync(path))) return;
  const isRoot = process.getuid?.() === 0;
  const isDebian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
  if (!isRoot || !isDebian) return;
  log('installing Debian chromium (apt-get)');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

const pnpm = ensurePnpm();
ensureDependencies(pnpm);
if (wantsBrowser) ensureChromium();

if (command.length > 0) {
  // turbo runs every package script through pnpm, so the pinned pnpm must be on PATH.
  const path = [
    dirname(pnpm === 'pnpm' ? '' : pnpm),
    join(root, 'node_modules', '.bin'),
    process.env.PATH,
  ]
    .filter((entry) => entry && entry !== '.')
    .join(':');
  const [bin, ...args] = command;
  runUntilStopped(bin, args, {
    ...process.env,
    PATH: path,
    TURBO_TELEMETRY_DISABLED: '1',
    REDOCLY_TELEMETRY: 'off',
  });
}

// How long the command may take to stop after a signal before what is left is killed.
const GRACE_MS = 3_000;

// Runs the command until it ends, or until this process is told to stop (SIGINT, SIGTERM,
// SIGHUP) or loses its parent (npm killed, or its `sh -c` gone). Then every process the
// command started, servers included, gets the signal and, after GRACE_MS, SIGKILL, so no
// server outlives `npm start` or `npm test` holding its port. The command gets its own
// process group (and no stdin, so it never competes for the terminal); a terminal's Ctrl-C
// reaches it through the SIGINT handler here.
function runUntilStopped(bin, args, env) {
  const child = spawn(bin, args, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env,
    detached: process.platform !== 'win32',
  });
  const parent = process.ppid;
  let started = [];
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    // Taken now: once turbo exits, its children are re-parented and no longer traceable.
    started = descendantsOf(process.pid);
    signalAll(child, started, signal);
    setTimeout(() => signalAll(child, started, 'SIGKILL'), GRACE_MS).unref();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
  const watch = setInterval(() => {
    if (process.ppid !== parent) stop('SIGTERM');
  }, 200);
  child.once('error', (error) => {
    console.error(`[bootstrap] failed: ${bin} ${args.join(' ')}: ${error.message}`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => {
    clearInterval(watch);
    if (stopping) signalAll(child, started, 'SIGKILL');
    process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
  });
}

// The command's process group, and each process in `pids` that has left it.
function signalAll(child, pids, signal) {
  const targets = process.platform === 'win32' ? [child.pid] : [-child.pid, ...pids];
  for (const target of targets) {
    try {
      process.kill(target, signal);
    } catch {
      // Already gone.
    }
  }
}

// Every process below `pid`, read from `ps` (Linux and macOS); none where `ps` is missing.
function descendantsOf(pid) {
  let table;
  try {
    table = execFileSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const children = new Map();
  for (const line of table.trim().split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found = [];
  for (let queue = [pid]; queue.length > 0; ) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}
