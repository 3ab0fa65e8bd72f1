// The release set-up agrees with the workspace: changesets covers exactly the public
// packages, and the workflow publishes with provenance.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readChangesets } from '../src/changesets.ts';
import { findRepoRoot, listWorkspacePackages, publicPackages } from '../src/workspace.ts';

const root = findRepoRoot();
const config = JSON.parse(readFileSync(join(root, '.changeset/config.json'), 'utf8'));
const publicNames = publicPackages(root).map((pkg) => pkg.name);
const allNames = listWorkspacePackages(root).map((pkg) => pkg.name);

describe('changesets', () => {
  it('versions and tags public packages only', () => {
    expect(config.privatePackages).toEqual({ version: false, tag: false });
    expect(config.access).toBe('public');
    expect(config.baseBranch).toBe('main');
    expect(config.ignore.filter((name: string) => publicNames.includes(name))).toEqual([]);
  });

  it('raises internal dependency ranges on every release', () => {
    expect(config.updateInternalDependencies).toBe('patch');
  });

  it('refers to packages that exist', () => {
    const named = [...config.ignore, ...config.fixed.flat(), ...config.linked.flat()];
    expect(named.filter((name: string) => !allNames.includes(name))).toEqual([]);
    for (const changeset of readChangesets(join(root, '.changeset'))) {
      const unknown = [...changeset.releases.keys()].filter((name) => !publicNames.includes(name));
      expect(unknown, changeset.file).toEqual([]);
    }
  });

  it('takes every public package from 0.0.0 to 0.1.0 in the first release', () => {
    const versions = publicPackages(root).map((pkg) => pkg.version);
    if (versions.every((version) => version === '0.0.0')) {
      const initial = readChangesets(join(root, '.changeset')).find(
        (changeset) => changeset.file === 'initial-release.md',
      );
      expect(Object.fromEntries(initial?.releases ?? [])).toEqual(
        Object.fromEntries(publicNames.map((name) => [name, 'minor'])),
      );
    } else {
      // After the first release its changeset is consumed and nothing is left at 0.0.0.
      expect(versions.filter((version) => version === '0.0.0')).toEqual([]);
    }
  });
});

describe('workspace', () => {
  it('lists the same package folders as pnpm-workspace.yaml', () => {
    const globs: string[] = parse(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')).packages;
    expect(globs.sort()).toEqual(['apps/*', 'packages/*', 'spec']);
  });
});

describe('release workflow', () => {
  const workflow = parse(readFileSync(join(root, '.github/workflows/release.yml'), 'utf8'));
  const steps: { uses?: string; with?: Record<string, string>; env?: Record<string, unknown> }[] =
    workflow.jobs.release.steps;

  it('opens the Version Packages pull request and publishes with changesets/action', () => {
    const changesets = steps.find((step) => step.uses?.startsWith('changesets/action@'));
    expect(changesets?.with).toMatchObject({
      version: 'pnpm version-packages',
      publish: 'pnpm release',
      title: 'Version Packages',
    });
    expect(changesets?.env?.NPM_CONFIG_PROVENANCE).toBe(true);
  });

  it('may mint the OIDC token that npm provenance needs', () => {
    expect(workflow.permissions).toMatchObject({ 'id-token': 'write', contents: 'write' });
  });

  it('checks out every tag for the breaking-change guard', () => {
    const checkout = steps.find((step) => step.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with).toMatchObject({ 'fetch-depth': 0 });
  });
});
