// Bundles openapi.yaml into dist/openapi.yaml and dist/openapi.json with $refs kept, so that
// consumers (openapi-typescript above all) still see named components.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
for (const extension of ['yaml', 'json']) {
  execFileSync(
    'redocly',
    ['bundle', 'openapi.yaml', '--config', 'redocly.yaml', '--output', `dist/openapi.${extension}`],
    {
      stdio: 'inherit',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
    },
  );
}
