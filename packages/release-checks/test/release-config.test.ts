// The release set-up agrees with the workspace: changesets covers exactly the public
// packages, and the workflow publishes with provenance.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { pendingReleasePlan } from '../src/changesets.js';
import { findRepoRoot, listWorkspacePackages, publicPackages } from '../src/workspace.js';

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

  it('refers to packages that exist', async () => {
    const named = [...config.ignore, ...config.fixed.flat(), ...config.linked.flat()];
    expect(named.filter((name: string) => !allNames.includes(name))).toEqual([]);
    for (const changeset of (await pendingReleasePlan(root)).changesets) {
      const unknown = changeset.releases
        .map((release) => release.name)
        .filter((name) => !publicNames.includes(name));
      expect(unknown, changeset.id).toEqual([]);
    }
  });

  it('takes every public package from 0.0.0 to 0.1.0 in the first release', async () => {
    const versions = publicPackages(root).map((pkg) => pkg.version);
    if (versions.every((version) => version === '0.0.0')) {
      const initial = (await pendingReleasePlan(root)).changesets.find(
        (changeset) => changeset.id === 'initial-release',
      );
      expect(
        Object.fromEntries(initial?.releases.map((release) => [release.name, release.type]) ?? []),
      ).toEqual(Object.fromEntries(publicNames.map((name) => [name, 'minor'])));
    } else {
      // After the first release its changeset is consumed and nothing is left at 0.0.0.
      expect(versions.filter((version) => version === '0.0.0')).toEqual([]);
    }
  });
});

describe('workspace', () => {
  it('lists every package folder of pnpm-workspace.yaml', () => {
    const folders = listWorkspacePackages(root).map((pkg) => relative(root, pkg.directory));
    expect(folders).toContain('spec');
    expect(folders).toContain('packages/client');
    expect(folders).toContain('apps/docs');
    for (const group of ['packages', 'apps']) {
      const onDisk = readdirSync(join(root, group), { withFileTypes: true })
        .filter((entry) => existsSync(join(root, group, entry.name, 'package.json')))
        .map((entry) => `${group}/${entry.name}`);
      expect(folders).toEqual(expect.arrayContaining(onDisk));
    }
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
