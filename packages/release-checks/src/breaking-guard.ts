// Fails when the spec changed in a way that breaks clients since the last release and no
// pending changeset announces a major release of the packages built from it.
// Usage: tsx src/breaking-guard.ts [--base <file>]
//   --base compares with that OpenAPI file instead of the spec of the last release tag.
import { runGuard } from './guard.js';
import { findRepoRoot } from './workspace.js';

function parseArguments(argv: string[]): { baseFile?: string } {
  const index = argv.indexOf('--base');
  if (index === -1) return {};
  const baseFile = argv[index + 1];
  if (!baseFile) throw new Error('--base needs a file: --base <path to an OpenAPI file>');
  return { baseFile };
}

const result = await runGuard({ root: findRepoRoot(), ...parseArguments(process.argv.slice(2)) });
for (const line of result.lines) (result.ok ? console.log : console.error)(line);
process.exitCode = result.ok ? 0 : 1;
