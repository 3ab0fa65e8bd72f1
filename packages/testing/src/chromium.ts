// Browser tests drive a Chrome or Chromium that is already installed; they never download
// one. The places looked at are shared with scripts/bootstrap.mjs (chromium-locations.json).
import { existsSync } from 'node:fs';
import LOCATIONS from './chromium-locations.json' with { type: 'json' };

/** Where Chrome or Chromium usually lives on Linux and macOS, in the order they are tried. */
export const CHROMIUM_LOCATIONS: readonly string[] = LOCATIONS;

/** The one line printed when browser tests are skipped, saying how to enable them. */
export const BROWSER_TESTS_SKIPPED =
  'Browser tests skipped: no Chrome or Chromium found. Set CHROME_PATH to its executable (or install one, e.g. `apt-get install chromium`) to run them.';

/**
 * The Chrome or Chromium to use: `CHROME_PATH` when set (which must exist), else the first
 * of `CHROMIUM_LOCATIONS` that exists; `undefined` when there is none.
 */
export function findChromium(
  env: Record<string, string | undefined> = process.env,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  const chosen = env.CHROME_PATH;
  if (chosen) {
    if (!exists(chosen)) {
      throw new Error(
        `CHROME_PATH is ${chosen}, which does not exist. Point it at a Chrome or Chromium executable, or unset it.`,
      );
    }
    return chosen;
  }
  return CHROMIUM_LOCATIONS.find((path) => exists(path));
}

/**
 * The browser for a browser test file, or `undefined` to skip it. Outside CI a missing
 * browser prints `BROWSER_TESTS_SKIPPED`; under `CI=true` it throws, so that CI never
 * passes without running them.
 */
export function chromiumForTests(
  env: Record<string, string | undefined> = process.env,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  const found = findChromium(env, exists);
  if (found) return found;
  if (env.CI === 'true') {
    throw new Error(
      `CI=true and no Chrome or Chromium found (CHROME_PATH unset; looked at ${CHROMIUM_LOCATIONS.join(', ')}). Install one (e.g. \`apt-get install chromium\`) or set CHROME_PATH.`,
    );
  }
  console.warn(BROWSER_TESTS_SKIPPED);
  return undefined;
}

/**
 * Flags for a headless Chromium on a machine with no network but loopback: without the
 * background-networking ones, Chromium keeps trying hosts it cannot reach.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
