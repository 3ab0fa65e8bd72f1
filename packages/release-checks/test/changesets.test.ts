// The pending release plan comes from changesets itself; these tests pin down what the
// guard relies on from it, on a throwaway workspace.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bumps, packagesWithoutMajor, pendingReleasePlan } from '../src/changesets.js';
import { type WorkspaceFixture, workspaceFixture } from './workspace-fixture.js';

let workspace: WorkspaceFixture;
beforeEach(() => {
  workspace = workspaceFixture();
});
afterEach(() => workspace.remove());

const plannedBumps = async () => bumps(await pendingReleasePlan(workspace.root));

describe('the pending release plan', () => {
  it('gives each package the highest bump of its changesets, quoted either way', async () => {
    workspace.addChangeset('a.md', { '@partnero-kit/openapi': 'major' });
    workspace.addChangeset('b.md', { '@partnero-kit/types': 'minor' }, '"');
    workspace.addChangeset('c.md', { '@partnero-kit/types': 'patch' });
    const planned = await plannedBumps();
    expect(planned.get('@partnero-kit/openapi')).toBe('major');
    expect(planned.get('@partnero-kit/types')).toBe('minor');
  });

  it('raises the dependents of a released package, as `changeset version` will', async () => {
    workspace.addChangeset('a.md', { '@partnero-kit/types': 'minor' });
    expect((await plannedBumps()).get('@partnero-kit/client')).toBe('patch');
  });

  it('reads front matter that a formatter spaced out with a blank line', async () => {
    workspace.write('.changeset/spaced.md', `---\n\n'@partnero-kit/client': patch\n---\n\nFix.\n`);
    expect([...(await plannedBumps())]).toEqual([['@partnero-kit/client', 'patch']]);
  });

  it('accepts an empty changeset (a change that releases nothing)', async () => {
    workspace.write('.changeset/empty.md', '---\n---\n\nDocs only.\n');
    const plan = await pendingReleasePlan(workspace.root);
    expect(plan.changesets.map((changeset) => changeset.id)).toEqual(['empty']);
    expect(plan.releases).toEqual([]);
  });

  it('refuses an unknown bump, naming the package and the bump', async () => {
    workspace.addChangeset('bad.md', { '@partnero-kit/types': 'huge' });
    await expect(pendingReleasePlan(workspace.root)).rejects.toThrow(
      /^\.changeset\/: could not parse changeset - invalid version type "huge" for package "@partnero-kit\/types"/,
    );
  });

  it('refuses a file without front matter', async () => {
    workspace.write('.changeset/plain.md', 'Just text.\n');
    await expect(pendingReleasePlan(workspace.root)).rejects.toThrow(
      'missing or invalid frontmatter',
    );
  });

  it('lists the packages the plan does not release as a major', async () => {
    workspace.addChangeset('a.md', {
      '@partnero-kit/openapi': 'major',
      '@partnero-kit/client': 'patch',
    });
    workspace.addChangeset('b.md', { '@partnero-kit/types': 'major' });
    const plan = await pendingReleasePlan(workspace.root);
    expect(
      packagesWithoutMajor(plan, [
        '@partnero-kit/openapi',
        '@partnero-kit/types',
        '@partnero-kit/client',
      ]),
    ).toEqual(['@partnero-kit/client']);
  });
});
