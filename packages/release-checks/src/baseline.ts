import { execFileSync } from 'node:child_process';
import { SPEC_PACKAGE } from './workspace.ts';

export interface Baseline {
  /** The git tag of the release, `@partnero-kit/openapi@1.2.3`. */
  tag: string;
  version: string;
  /** The text of spec/openapi.yaml as it was released. */
  text: string;
}

const TAG_PREFIX = `${SPEC_PACKAGE}@`;

/**
 * The spec of the last release. `changeset publish` tags every release it publishes as
 * `<name>@<version>`, so the highest `@partnero-kit/openapi@*` tag is the last release.
 * Returns undefined when nothing has been released yet.
 */
export function lastReleasedSpec(
  root: string,
  specPath = 'spec/openapi.yaml',
): Baseline | undefined {
  const tags = git(root, ['tag', '--list', `${TAG_PREFIX}*`])
    .split('\n')
    .map((tag) => tag.trim())
    .filter((tag) => parseVersion(tag.slice(TAG_PREFIX.length)) !== undefined);
  const tag = tags.sort((a, b) => compareVersions(versionOf(b), versionOf(a)))[0];
  if (!tag) return undefined;
  const text = git(root, ['show', `${tag}:${specPath}`]);
  return { tag, version: versionOf(tag), text };
}

function versionOf(tag: string): string {
  return tag.slice(TAG_PREFIX.length);
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `major.minor.patch[-prerelease]` as numbers plus the prerelease text; undefined if not semver. */
export function parseVersion(version: string): [number, number, number, string] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(version);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3]), match[4] ?? ''];
}

/** Semver order; a prerelease sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const left = parseVersion(a);
  const right = parseVersion(b);
  if (!left || !right) throw new Error(`not a semver version: ${left ? b : a}`);
  for (let index = 0; index < 3; index++) {
    const difference = (left[index] as number) - (right[index] as number);
    if (difference !== 0) return difference;
  }
  if (left[3] === right[3]) return 0;
  if (left[3] === '') return 1;
  if (right[3] === '') return -1;
  return left[3].localeCompare(right[3], 'en', { numeric: true });
}
