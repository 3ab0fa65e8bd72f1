import { execFileSync } from 'node:child_process';
import semver from 'semver';
import { SPEC_PACKAGE } from './workspace.js';

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
    .filter((tag) => semver.valid(versionOf(tag)) !== null);
  const tag = tags.sort((a, b) => semver.rcompare(versionOf(a), versionOf(b)))[0];
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
