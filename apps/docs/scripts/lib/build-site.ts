// Builds the static site into dist/: a derived spec with code samples and evidence, the Redoc
// page from `redocly build-docs --inlineBundle`, then the Redoc script moved next to the page,
// the Redocly badge pointed at a local image, and the local assets copied in.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Json, loadSpec } from '@partnero-kit/openapi/runtime';
import { withCodeSamples } from './code-samples.js';
import { withEvidence } from './evidence.js';
import { externalResourceUrls } from './external-resources.js';
import {
  assetsDir,
  bundledSpecYamlPath,
  distDir,
  redoclyBin,
  redoclyConfigPath,
  redocStandalonePath,
  samplesDir,
  site,
  templatePath,
} from './paths.js';
import { externalizeRedocScript, localizeRedoclyBadge } from './redoc-bundle.js';
import { type FileSize, measure } from './sizes.js';

const run = promisify(execFile);

export const LOGO_FILE = 'logo.svg';
export const BADGE_FILE = 'redocly-badge.svg';
const ASSETS = [LOGO_FILE, 'favicon.svg', BADGE_FILE];

export interface BuiltSite {
  operations: number;
  sizes: { html: FileSize; script: FileSize };
}

function derivedSpec(): Json {
  const derived = withEvidence(withCodeSamples(loadSpec().document, samplesDir));
  (derived.info as Json)['x-logo'] = { url: LOGO_FILE, altText: 'partnero-kit' };
  return derived;
}

async function renderWithRedocly(specPath: string): Promise<void> {
  const args = [
    redoclyBin,
    'build-docs',
    specPath,
    '--config',
    redoclyConfigPath,
    '--template',
    templatePath,
    '--inlineBundle',
    '--output',
    site.html,
  ];
  try {
    await run(process.execPath, args, {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`redocly build-docs failed:\n${stdout}\n${stderr}`);
  }
}

export async function buildSite(): Promise<BuiltSite> {
  rmSync(distDir, { recursive: true, force: true });
  mkdirSync(distDir, { recursive: true });

  const spec = derivedSpec();
  writeFileSync(site.derivedSpec, `${JSON.stringify(spec, null, 2)}\n`);
  await renderWithRedocly(site.derivedSpec);

  const standalone = readFileSync(redocStandalonePath, 'utf8');
  const html = externalizeRedocScript(
    readFileSync(site.html, 'utf8'),
    standalone,
    './redoc.standalone.js',
  );
  if (!html.includes('"disableTelemetry":true')) {
    throw new Error('the built page does not disable Redoc telemetry; is REDOCLY_TELEMETRY=off?');
  }
  const external = externalResourceUrls(html);
  if (external.length > 0) {
    throw new Error(`the built page loads resources from other hosts:\n${external.join('\n')}`);
  }
  writeFileSync(site.html, html);
  writeFileSync(site.script, localizeRedoclyBadge(standalone, BADGE_FILE));

  for (const asset of ASSETS) copyFileSync(join(assetsDir, asset), join(distDir, asset));
  copyFileSync(bundledSpecYamlPath, site.spec);

  return {
    operations: loadSpec().operations.size,
    sizes: { html: measure(site.html), script: measure(site.script) },
  };
}
