// A smoke run of the MCP Inspector's CLI against the built command over stdio: tools/list
// and one tools/call, as a user checking their set-up would run them.
//
// The Inspector proper (@modelcontextprotocol/inspector 2.x) requires Node 22.19, and this
// repository installs with engine-strict on Node 20, so the test runs the Inspector's own
// CLI package (@modelcontextprotocol/inspector-cli, the `--cli` mode of Inspector 1.x,
// which declares no engine). That package looks for its package.json at `../package.json`
// *relative to the working directory*, so it runs from test/ (whose parent has one).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { binPath, newApiKey, programApi, runNode } from './support/harness.js';
import { useSandbox } from './support/use-sandbox.js';

const sandbox = useSandbox();
const require = createRequire(import.meta.url);
const inspector = join(
  dirname(require.resolve('@modelcontextprotocol/inspector-cli/package.json')),
  'build/cli.js',
);

function inspect(apiKey: string, args: string[]) {
  const env = [`PARTNERO_API_KEY=${apiKey}`, `PARTNERO_BASE_URL=${sandbox.url}`].flatMap((pair) => [
    '-e',
    pair,
  ]);
  return runNode([inspector, '--cli', ...env, process.execPath, binPath, ...args], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
  });
}

describe('the MCP Inspector CLI', () => {
  it('lists the tools of the built server', async () => {
    const { code, stdout, stderr } = await inspect(newApiKey(), ['--method', 'tools/list']);
    expect(code, stderr).toBe(0);
    const { tools } = JSON.parse(stdout) as { tools: { name: string; annotations: object }[] };
    expect(tools.map((t) => t.name)).toEqual([
      'list_customers',
      'search_customers',
      'list_customer_transactions',
      'get_customer',
      'list_webhooks',
      'get_webhook',
    ]);
    expect(tools[0]?.annotations).toMatchObject({ readOnlyHint: true });
  });

  it('calls a tool', async () => {
    const apiKey = newApiKey();
    await programApi(sandbox, apiKey).seed([{ key: 'cus_1', partner: { key: 'partner_ada' } }]);
    const { code, stdout, stderr } = await inspect(apiKey, [
      '--method',
      'tools/call',
      '--tool-name',
      'get_customer',
      '--tool-arg',
      'key=cus_1',
    ]);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ structuredContent: { customer: { key: 'cus_1' } } });
  });
});
