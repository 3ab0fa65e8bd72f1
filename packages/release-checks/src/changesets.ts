import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type Bump = 'patch' | 'minor' | 'major';

export interface Changeset {
  file: string;
  releases: Map<string, Bump>;
}

const BUMPS = new Set<string>(['patch', 'minor', 'major']);

/**
 * Reads the pending changesets of a `.changeset` folder: every Markdown file except the
 * README, each opening with YAML front matter that maps package names to a bump.
 */
export function readChangesets(directory: string): Changeset[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.md') && file.toLowerCase() !== 'readme.md')
    .sort()
    .map((file) => parseChangeset(file, readFileSync(join(directory, file), 'utf8')));
}

export function parseChangeset(file: string, text: string): Changeset {
  const match = /^---\r?\n([\s\S]*?)\r?\n?---/.exec(text);
  if (!match) throw new Error(`.changeset/${file}: no front matter (--- ... ---) at the start`);
  const frontMatter: unknown = parse(match[1] ?? '') ?? {};
  if (typeof frontMatter !== 'object' || frontMatter === null || Array.isArray(frontMatter)) {
    throw new Error(`.changeset/${file}: the front matter must map package names to a bump`);
  }
  const releases = new Map<string, Bump>();
  for (const [name, bump] of Object.entries(frontMatter)) {
    if (typeof bump !== 'string' || !BUMPS.has(bump)) {
      throw new Error(
        `.changeset/${file}: "${name}" has bump ${JSON.stringify(bump)}; use patch, minor or major`,
      );
    }
    releases.set(name, bump as Bump);
  }
  return { file, releases };
}

/** Packages of `required` that no changeset releases as a major. */
export function packagesWithoutMajor(changesets: Changeset[], required: string[]): string[] {
  return required.filter(
    (name) => !changesets.some((changeset) => changeset.releases.get(name) === 'major'),
  );
}
