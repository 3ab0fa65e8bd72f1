import { describe, expect, it } from 'vitest';
import { compareVersions } from '../src/baseline.ts';
import { packagesWithoutMajor, parseChangeset } from '../src/changesets.ts';

describe('changeset front matter', () => {
  it('reads the bump of each package, quoted either way', () => {
    const changeset = parseChangeset(
      'a.md',
      `---\n'@partnero-kit/openapi': major\n"@partnero-kit/types": minor\n---\n\nDrop the name.\n`,
    );
    expect([...changeset.releases]).toEqual([
      ['@partnero-kit/openapi', 'major'],
      ['@partnero-kit/types', 'minor'],
    ]);
  });

  it('reads front matter that a formatter spaced out with a blank line', () => {
    const changeset = parseChangeset(
      'spaced.md',
      `---\n\n'@partnero-kit/client': patch\n---\n\nFix.\n`,
    );
    expect([...changeset.releases]).toEqual([['@partnero-kit/client', 'patch']]);
  });

  it('accepts an empty changeset (a change that releases nothing)', () => {
    expect(parseChangeset('empty.md', '---\n---\n\nDocs only.\n').releases.size).toBe(0);
  });

  it('refuses an unknown bump, naming the file and the package', () => {
    expect(() => parseChangeset('bad.md', `---\n'@partnero-kit/types': huge\n---\n`)).toThrow(
      '.changeset/bad.md: "@partnero-kit/types" has bump "huge"; use patch, minor or major',
    );
  });

  it('refuses a file without front matter', () => {
    expect(() => parseChangeset('plain.md', 'Just text.\n')).toThrow(
      '.changeset/plain.md: no front matter',
    );
  });

  it('lists the packages no changeset releases as a major', () => {
    const changesets = [
      parseChangeset(
        'a.md',
        `---\n'@partnero-kit/openapi': major\n'@partnero-kit/client': patch\n---\n`,
      ),
      parseChangeset('b.md', `---\n'@partnero-kit/types': major\n---\n`),
    ];
    expect(
      packagesWithoutMajor(changesets, [
        '@partnero-kit/openapi',
        '@partnero-kit/types',
        '@partnero-kit/client',
      ]),
    ).toEqual(['@partnero-kit/client']);
  });
});

describe('release versions', () => {
  it('orders by semver, numbers as numbers and prereleases first', () => {
    const versions = ['0.10.0', '0.9.0', '1.0.0', '1.0.0-next.2', '1.0.0-next.10', '0.9.1'];
    expect(versions.sort(compareVersions)).toEqual([
      '0.9.0',
      '0.9.1',
      '0.10.0',
      '1.0.0-next.2',
      '1.0.0-next.10',
      '1.0.0',
    ]);
  });
});
