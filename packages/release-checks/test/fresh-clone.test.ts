// The breaking-change guard runs from a fresh clone exactly as CONTRIBUTING and the release
// workflow say: right after `pnpm install`, with nothing built. It once failed there with
// ERR_MODULE_NOT_FOUND for the spec package's dist/, which only a built workspace has.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findRepoRoot } from '../src/workspace.js';

const root = findRepoRoot();

/** The command of the release workflow's guard step. */
function workflowCommand(): string {
  const workflow = parse(readFileSync(join(root, '.github/workflows/release.yml'), 'utf8'));
  const steps: { name?: string; run?: string }[] = workflow.jobs.release.steps;
  const step = steps.find((candidate) => candidate.name === 'Breaking-change guard');
  return (step?.run ?? '').trim();
}

/** The command CONTRIBUTING shows under "The breaking-change guard". */
function contributingCommand(): string {
  const text = readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8');
  const section = text.slice(text.indexOf('### The breaking-change guard'));
  return (/```sh\n([^\n]+)\n```/.exec(section)?.[1] ?? '').trim();
}

/** The environment of a developer's shell: without what pnpm and turbo add for this run. */
function shellEnvironment(): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(npm_|pnpm_|turbo_)/i.test(name)),
    ),
    TURBO_TELEMETRY_DISABLED: '1',
  };
}

let clone: string;

beforeAll(() => {
  // The working tree's tracked and new files, as a clone would have them: no node_modules,
  // no dist/, no .turbo cache.
  clone = mkdtempSync(join(tmpdir(), 'partnero-guard-clone-'));
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
    .split('\0')
    .filter((file) => file && existsSync(join(root, file)));
  for (const file of files) cpSync(join(root, file), join(clone, file), { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
      cwd: clone,
      stdio: 'ignore',
    });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'fresh clone');
  // The store already holds every package of the lockfile, so this needs no network.
  execFileSync('pnpm', ['install', '--frozen-lockfile', '--offline'], {
    cwd: clone,
    env: shellEnvironment(),
    stdio: 'ignore',
  });
});

afterAll(() => {
  if (clone) rmSync(clone, { recursive: true, force: true });
});

describe('the guard on a fresh clone', () => {
  it('CONTRIBUTING and the release workflow give the same command', () => {
    expect(contributingCommand()).toMatch(/guard/);
    expect(contributingCommand()).toBe(workflowCommand());
  });

  it('passes, run as documented, with nothing built beforehand', () => {
    expect(existsSync(join(clone, 'spec/dist'))).toBe(false);
    const result = spawnSync(workflowCommand(), {
      cwd: clone,
      shell: true,
      encoding: 'utf8',
      env: shellEnvironment(),
    });
    expect(result.stderr + result.stdout).not.toContain('ERR_MODULE_NOT_FOUND');
    expect(result.status, result.stderr + result.stdout).toBe(0);
    expect(existsSync(join(clone, 'spec/dist/runtime.js'))).toBe(true);
  });
});
