// Finding the browser for browser tests: CHROME_PATH first, then the usual locations; a
// missing browser skips them with one line outside CI and fails them under CI=true.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BROWSER_TESTS_SKIPPED,
  CHROMIUM_LOCATIONS,
  chromiumForTests,
  findChromium,
} from '../src/chromium.js';

const only =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path);
const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('findChromium', () => {
  it('takes CHROME_PATH first, and refuses one that does not exist', () => {
    const env = { CHROME_PATH: '/opt/chrome/chrome' };
    expect(findChromium(env, only('/opt/chrome/chrome', '/usr/bin/chromium'))).toBe(
      '/opt/chrome/chrome',
    );
    expect(() => findChromium(env, only('/usr/bin/chromium'))).toThrow(
      'CHROME_PATH is /opt/chrome/chrome, which does not exist. Point it at a Chrome or Chromium executable, or unset it.',
    );
  });

  it('then looks at the usual Linux and macOS locations, Debian first', () => {
    expect(CHROMIUM_LOCATIONS[0]).toBe('/usr/bin/chromium');
    expect(findChromium({}, only('/usr/bin/google-chrome', mac))).toBe('/usr/bin/google-chrome');
    expect(findChromium({}, only(mac))).toBe(mac);
    expect(findChromium({}, only())).toBeUndefined();
  });
});

describe('chromiumForTests', () => {
  it('outside CI, skips with one line that says how to enable the tests', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(chromiumForTests({}, only())).toBeUndefined();
    expect(warn.mock.calls).toEqual([[BROWSER_TESTS_SKIPPED]]);
    expect(BROWSER_TESTS_SKIPPED).toContain('CHROME_PATH');
  });

  it('under CI=true, a missing browser fails', () => {
    expect(() => chromiumForTests({ CI: 'true' }, only())).toThrow(
      /^CI=true and no Chrome or Chromium found .* or set CHROME_PATH\.$/,
    );
  });

  it('returns the browser when there is one', () => {
    expect(chromiumForTests({ CI: 'true' }, only('/usr/bin/chromium'))).toBe('/usr/bin/chromium');
  });
});
