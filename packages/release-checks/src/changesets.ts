// The pending releases, as changesets itself computes them: `@changesets/get-release-plan`
// reads `.changeset/*.md` and the config the way `changeset version` will, and assembles
// the bump each package gets (dependents included).
import getReleasePlan from '@changesets/get-release-plan';

export type ReleasePlan = Awaited<ReturnType<typeof getReleasePlan>>;
export type Bump = ReleasePlan['releases'][number]['type'];

/**
 * The release plan of the workspace at `root`: its pending changesets and the bump of each
 * package. A changeset that cannot be parsed is reported with the reason and its text.
 */
export async function pendingReleasePlan(root: string): Promise<ReleasePlan> {
  try {
    return await getReleasePlan(root);
  } catch (error) {
    throw new Error(`.changeset/: ${(error as Error).message}`, { cause: error });
  }
}

/** The bump `plan` gives each package it releases. */
export function bumps(plan: ReleasePlan): Map<string, Bump> {
  return new Map(plan.releases.map((release) => [release.name, release.type]));
}

/** Packages of `required` that the plan does not release as a major. */
export function packagesWithoutMajor(plan: ReleasePlan, required: string[]): string[] {
  const planned = bumps(plan);
  return required.filter((name) => planned.get(name) !== 'major');
}
