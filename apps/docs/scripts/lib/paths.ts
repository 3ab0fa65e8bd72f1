import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const distDir = join(packageDir, 'dist');
export const samplesDir = join(packageDir, 'samples');
export const assetsDir = join(packageDir, 'assets');
export const redoclyConfigPath = join(packageDir, 'redocly.yaml');
export const templatePath = join(packageDir, 'template.hbs');

export const repoRoot = join(packageDir, '..', '..');
/** Where `npm start` keeps the sandbox's data: the repository root, whatever the working directory. */
export const sandboxDataDir = join(repoRoot, '.partnero-sandbox');

/** The bundled spec of @partnero-kit/openapi as YAML, offered for download on the site. */
export const bundledSpecYamlPath = require.resolve('@partnero-kit/openapi/openapi.yaml');

const redoclyCliDir = dirname(require.resolve('@redocly/cli/package.json'));
export const redoclyBin = join(redoclyCliDir, 'bin', 'cli.js');
/** The Redoc script that `build-docs --inlineBundle` copies into the page. */
export const redocStandalonePath = join(redoclyCliDir, 'lib', 'chunks', 'redoc.standalone.js');

/** Files of the built site. */
export const site = {
  html: join(distDir, 'index.html'),
  script: join(distDir, 'redoc.standalone.js'),
  derivedSpec: join(distDir, 'openapi-with-samples.json'),
  spec: join(distDir, 'openapi.yaml'),
} as const;
