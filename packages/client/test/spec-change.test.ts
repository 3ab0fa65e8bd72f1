// A spec change that breaks a request the client makes must fail the client's typecheck and
// name what changed. Like a maintainer would: copy the bundled spec, edit it, generate the
// types from it with openapi-typescript into a temporary directory, and run tsc on the
// client's sources against those types. A control run on the unchanged copy must pass.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const client = join(import.meta.dirname, '..');
const typesSource = join(require.resolve('@partnero-kit/types/package.json'), '..', 'src');
// biome-ignore lint/suspicious/noExplicitAny: the test edits the parsed spec freely.
const bundledSpec = (): Record<string, any> =>
  JSON.parse(readFileSync(require.resolve('@partnero-kit/openapi/openapi.json'), 'utf8'));

const workDirs: string[] = [];
afterAll(() => {
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Generates the types of `spec` next to a copy of `@partnero-kit/types`' hand-written
 * index, and type-checks the client's `src` with `@partnero-kit/types` pointing there.
 */
async function typecheckClientAgainst(spec: object): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'partnero-client-spec-'));
  workDirs.push(dir);
  const generated = astToString(await openapiTS(spec as never));
  cpSync(typesSource, join(dir, 'types'), { recursive: true });
  writeFileSync(join(dir, 'types', 'generated', 'openapi.ts'), generated);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(client, 'tsconfig.json'),
      compilerOptions: {
        paths: { '@partnero-kit/types': [join(dir, 'types', 'index.ts')] },
        // The client's sources use web APIs only, so they need no Node types.
        types: [],
      },
      include: [join(client, 'src')],
    }),
  );
  try {
    await promisify(execFile)(
      process.execPath,
      [
        require.resolve('typescript/bin/tsc'),
        '-p',
        join(dir, 'tsconfig.json'),
        '--pretty',
        'false',
      ],
      { cwd: client },
    );
    return { ok: true, output: '' };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  }
}

// Each case runs the generator and tsc on the whole client: on a shared two-core machine
// running the whole workspace's tests, that alone can take longer than the usual 20 s.
const TSC_TIMEOUT_MS = 120_000;

describe('a spec change that breaks a request or its answer fails the typecheck, naming it', {
  timeout: TSC_TIMEOUT_MS,
}, () => {
  it('control: the unchanged spec typechecks', async () => {
    expect(await typecheckClientAgainst(bundledSpec())).toEqual({ ok: true, output: '' });
  });

  it('a renamed path, a removed parameter and a changed body each fail where they are used', async () => {
    const spec = bundledSpec();
    const { paths, components } = spec;
    // A renamed path.
    paths['/v1/customers/{key}/pause'] = paths['/v1/customers/{key}/suspend'];
    delete paths['/v1/customers/{key}/suspend'];
    // A removed query parameter.
    const search = paths['/v1/customers:search'].get;
    const before = search.parameters.length;
    search.parameters = search.parameters.filter(
      (parameter: { $ref?: string }) => parameter.$ref !== '#/components/parameters/Page',
    );
    expect(search.parameters).toHaveLength(before - 1);
    // A changed body: `update` becomes `changes`.
    const body = components.schemas.UpdateCustomerRequest;
    body.properties = { changes: body.properties.update };
    body.required = ['changes'];

    const { ok, output } = await typecheckClientAgainst(spec);
    expect(ok).toBe(false);
    const errors = output.split('\n').filter((line) => line.includes('error TS'));
    // Each change is reported, at the request in the resource that uses it.
    for (const named of [
      '\'"/v1/customers/{key}/suspend"\'',
      "'page' does not exist",
      "'update' does not exist",
    ]) {
      const reports = errors.filter((line) => line.includes(named));
      expect(reports, `an error naming ${named} in:\n${output}`).not.toEqual([]);
      for (const line of reports) expect(line).toMatch(/^src\/resources\/customers\.ts\(\d+,\d+\)/);
    }
  });

  it('a changed answer fails where the client reads it', async () => {
    const spec = bundledSpec();
    // Search answers one customer again instead of a page.
    const answer =
      spec.paths['/v1/customers:search'].get.responses['200'].content['application/json'];
    answer.schema = { $ref: '#/components/schemas/CustomerResponse' };

    const { ok, output } = await typecheckClientAgainst(spec);
    expect(ok).toBe(false);
    const errors = output.split('\n').filter((line) => line.includes('error TS'));
    // The page-reading `unwrap` no longer fits the answer of the search path.
    expect(errors, output).toEqual([
      expect.stringMatching(
        /^src\/resources\/customers\.ts\(\d+,\d+\): .*AnswerOf<"GET", "\/v1\/customers" \| "\/v1\/customers:search">/,
      ),
    ]);
  });
});
