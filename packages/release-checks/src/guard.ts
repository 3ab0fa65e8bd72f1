import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastReleasedSpec } from './baseline.js';
import { findBreakingChanges, formatBreakingChange } from './breaking-changes.js';
import { packagesWithoutMajor, pendingReleasePlan } from './changesets.js';
import { parseOpenApi } from './openapi-document.js';
import { listWorkspacePackages, packagesAffectedBySpec } from './workspace.js';

export interface GuardResult {
  ok: boolean;
  lines: string[];
}

export interface GuardOptions {
  root: string;
  /** A spec file to compare with, instead of the last released spec. */
  baseFile?: string;
}

export async function runGuard({ root, baseFile }: GuardOptions): Promise<GuardResult> {
  const baseline = baseFile
    ? { label: baseFile, text: readFileSync(baseFile, 'utf8') }
    : releasedBaseline(root);
  if (!baseline) {
    return {
      ok: true,
      lines: [
        'No previous release of @partnero-kit/openapi (no git tag @partnero-kit/openapi@*): nothing to compare.',
      ],
    };
  }
  const base = parseOpenApi(baseline.text, baseline.label);
  const head = parseOpenApi(
    readFileSync(join(root, 'spec/openapi.yaml'), 'utf8'),
    'spec/openapi.yaml',
  );
  const changes = findBreakingChanges(base, head);
  if (changes.length === 0) {
    return {
      ok: true,
      lines: [`No breaking change in spec/openapi.yaml since ${baseline.label}.`],
    };
  }
  const lines = [
    `${changes.length} breaking change(s) in spec/openapi.yaml since ${baseline.label}:`,
    ...changes.map((change) => `  - ${formatBreakingChange(change)}`),
  ];
  const affected = packagesAffectedBySpec(listWorkspacePackages(root));
  const missing = packagesWithoutMajor(await pendingReleasePlan(root), affected);
  if (missing.length === 0) {
    lines.push(`A pending changeset releases each of ${affected.join(', ')} as a major: allowed.`);
    return { ok: true, lines };
  }
  lines.push(
    `No pending changeset releases ${missing.join(', ')} as a major.`,
    'Either make the change compatible, or run `pnpm changeset` and choose "major" for:',
    ...affected.map((name) => `  ${name}`),
  );
  return { ok: false, lines };
}

function releasedBaseline(root: string): { label: string; text: string } | undefined {
  const released = lastReleasedSpec(root);
  return released && { label: `the release ${released.tag}`, text: released.text };
}
