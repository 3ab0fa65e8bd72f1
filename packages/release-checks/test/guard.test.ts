import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { lastReleasedSpec } from '../src/baseline.js';
import { runGuard } from '../src/guard.js';
import type { OpenApiDocument } from '../src/openapi-document.js';
import { properties, realSpec } from './spec-fixtures.js';
import { type WorkspaceFixture, workspaceFixture } from './workspace-fixture.js';

// Each test builds a throwaway git repository shaped like the workspace
// (workspace-fixture.ts): the spec package, packages built from it, a private package, and
// a .changeset folder.
let workspace: WorkspaceFixture;
let root: string;

function git(...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
}

function writeSpec(spec: OpenApiDocument): void {
  workspace.write('spec/openapi.yaml', stringify(spec));
}

function release(version: string): void {
  git('add', '-A');
  git('commit', '-q', '-m', `release ${version}`);
  git('tag', `@partnero-kit/openapi@${version}`);
}

const addChangeset = (file: string, releases: Record<string, string>) =>
  workspace.addChangeset(file, releases);

function withoutName(): OpenApiDocument {
  const spec = realSpec();
  delete properties(spec, 'CreateCustomerRequest').name;
  return spec;
}

beforeEach(() => {
  workspace = workspaceFixture();
  root = workspace.root;
  git('init', '-q', '-b', 'main');
  writeSpec(realSpec());
});

afterEach(() => workspace.remove());

describe('breaking-change guard', () => {
  it('passes with nothing to compare before the first release', async () => {
    git('add', '-A');
    git('commit', '-q', '-m', 'start');
    writeSpec(withoutName());
    const result = await runGuard({ root });
    expect(result.ok).toBe(true);
    expect(result.lines.join('\n')).toContain('No previous release of @partnero-kit/openapi');
  });

  it('compares with the highest released version, not the latest tag made', async () => {
    release('0.10.0');
    writeSpec(withoutName());
    release('0.9.0');
    expect(lastReleasedSpec(root)?.tag).toBe('@partnero-kit/openapi@0.10.0');
  });

  it('orders releases by semver: prerelease numbers as numbers, a prerelease before its release', async () => {
    release('1.0.0-next.10');
    writeSpec(withoutName());
    release('1.0.0-next.2');
    expect(lastReleasedSpec(root)?.tag).toBe('@partnero-kit/openapi@1.0.0-next.10');
    writeSpec(realSpec());
    release('1.0.0');
    git('tag', '@partnero-kit/openapi@not-a-version');
    expect(lastReleasedSpec(root)?.tag).toBe('@partnero-kit/openapi@1.0.0');
  });

  it('passes a compatible change since the last release', async () => {
    release('0.1.0');
    const spec = realSpec();
    properties(spec, 'CreateCustomerRequest').company = { type: 'string' };
    writeSpec(spec);
    const result = await runGuard({ root });
    expect(result).toEqual({
      ok: true,
      lines: [
        'No breaking change in spec/openapi.yaml since the release @partnero-kit/openapi@0.1.0.',
      ],
    });
  });

  it('fails a breaking change without a changeset and names what to release', async () => {
    release('0.1.0');
    writeSpec(withoutName());
    const result = await runGuard({ root });
    expect(result.ok).toBe(false);
    const output = result.lines.join('\n');
    expect(output).toContain(
      '1 breaking change(s) in spec/openapi.yaml since the release @partnero-kit/openapi@0.1.0',
    );
    expect(output).toContain(
      'createCustomer (POST /v1/customers) request body application/json /name: the field was removed',
    );
    expect(output).toContain(
      'No pending changeset releases @partnero-kit/client, @partnero-kit/openapi, @partnero-kit/types as a major.',
    );
    // Private packages are never released, so they are never asked for.
    expect(output).not.toContain('@partnero-kit/testing');
  });

  it('fails when the changeset is only a minor, or misses a package', async () => {
    release('0.1.0');
    writeSpec(withoutName());
    addChangeset('drop-name.md', {
      '@partnero-kit/openapi': 'major',
      '@partnero-kit/types': 'major',
      '@partnero-kit/client': 'minor',
    });
    const result = await runGuard({ root });
    expect(result.ok).toBe(false);
    expect(result.lines).toContain(
      'No pending changeset releases @partnero-kit/client as a major.',
    );
  });

  it('passes a breaking change announced as a major for every affected package', async () => {
    release('0.1.0');
    writeSpec(withoutName());
    addChangeset('drop-name.md', {
      '@partnero-kit/openapi': 'major',
      '@partnero-kit/types': 'major',
    });
    addChangeset('client-major.md', { '@partnero-kit/client': 'major' });
    const result = await runGuard({ root });
    expect(result.ok).toBe(true);
    expect(result.lines.at(-1)).toBe(
      'A pending changeset releases each of @partnero-kit/client, @partnero-kit/openapi, @partnero-kit/types as a major: allowed.',
    );
  });

  it('compares with an explicit base file when given one', async () => {
    const base = join(root, 'base.yaml');
    writeFileSync(base, stringify(realSpec()));
    writeSpec(withoutName());
    const result = await runGuard({ root, baseFile: base });
    expect(result.ok).toBe(false);
    expect(result.lines[0]).toBe(`1 breaking change(s) in spec/openapi.yaml since ${base}:`);
  });
});
