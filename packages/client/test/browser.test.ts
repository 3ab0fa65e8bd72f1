// The built ESM bundle in headless Chromium, calling a Prism mock across origins (Prism
// answers CORS). Every request that does not go to 127.0.0.1 is blocked. Needs `pnpm build`
// first (turbo runs it before `test`).
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  CHROMIUM_ARGS,
  chromiumForTests,
  type RunningPrism,
  startPrism,
} from '@partnero-kit/testing';
import { type Browser, chromium } from 'playwright-core';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

// Runs in the page: imports the bundle as an app would and exposes one scripted session.
const pageScript = `
import { Partnero, NotFoundError, verifyWebhook } from '/client.js';
window.run = async (baseUrl) => {
  const partnero = new Partnero({ apiKey: 'browser_key', baseUrl });
  const customer = await partnero.customers.retrieve('cus_1001');
  const page = await partnero.customers.list({ limit: 2 });
  const missing = await partnero.customers
    .retrieve('nobody', { headers: { Prefer: 'code=404' } })
    .catch((error) => error);
  return {
    key: customer.key,
    partner: customer.partner,
    listed: page.data.length,
    notFound: missing instanceof NotFoundError,
    hasProcess: typeof globalThis.process !== 'undefined',
  };
};
window.verify = async ({ body, signature, secret }) => {
  const event = await verifyWebhook({ body, signature, secret });
  const bytes = await verifyWebhook({ body: new TextEncoder().encode(body), signature, secret });
  const wrongSecret = await verifyWebhook({ body, signature, secret: secret + 'x' }).catch((e) => e.name);
  return { event: event.event, sameFromBytes: bytes.event === event.event, wrongSecret };
};`;
const outDir = join(root, 'test-output', 'browser');
let prism: RunningPrism | undefined;
let browser: Browser | undefined;
let site: Server | undefined;
let siteUrl = '';

const browserPath = chromiumForTests();

describe.skipIf(!browserPath)('the client in a browser', () => {
  beforeAll(async () => {
    const entry = join(root, 'dist', 'index.js');
    if (!existsSync(entry)) throw new Error('dist/index.js is missing: run `pnpm build` first');
    // Bundle the published ESM file with openapi-fetch, the way an app bundler would.
    await build({
      entry: { client: entry },
      outDir,
      format: ['esm'],
      platform: 'browser',
      target: 'es2022',
      noExternal: [/.*/],
      dts: false,
      config: false,
      silent: true,
      clean: true,
    });
    const files: Record<string, [string, string]> = {
      '/': [
        'text/html',
        `<!doctype html><title>client</title><script type="module">${pageScript}</script>`,
      ],
      '/client.js': ['text/javascript', await readFile(join(outDir, 'client.js'), 'utf8')],
    };
    site = createServer((req, res) => {
      const file = files[req.url ?? ''];
      if (!file) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
    });
    await new Promise<void>((resolve) => site?.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    prism = await startPrism();
    // A default launch uses a fresh, throw-away profile.
    browser = await chromium.launch({
      executablePath: browserPath,
      args: CHROMIUM_ARGS,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await prism?.stop();
    await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
  });

  it('the ESM bundle runs in Chromium and gets a customer from Prism', async () => {
    const context = await (browser as Browser).newContext();
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === '127.0.0.1') return route.continue();
      blocked.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${siteUrl}/`);
    await page.waitForFunction(() => 'run' in window);
    const result = await page.evaluate(
      (baseUrl) =>
        (window as unknown as { run(url: string): Promise<Record<string, unknown>> }).run(baseUrl),
      (prism as RunningPrism).url,
    );
    await context.close();
    expect(pageErrors).toEqual([]);
    expect(result).toEqual({
      key: expect.any(String),
      partner: expect.any(String),
      listed: expect.any(Number),
      notFound: true,
      hasProcess: false,
    });
    expect(result.listed as number).toBeGreaterThan(0);
    expect(blocked).toEqual([]);
  });

  it('verifyWebhook checks a signature in the browser', async () => {
    const page = await (browser as Browser).newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${siteUrl}/`);
    await page.waitForFunction(() => 'verify' in window);
    const secret = 'whsec_browser';
    const body = JSON.stringify({ event: 'customer.deleted', data: { key: 'c1' } });
    const signature = createHmac('sha256', secret).update(body).digest('hex');
    const result = await page.evaluate(
      (params) =>
        (window as unknown as { verify(p: object): Promise<Record<string, unknown>> }).verify(
          params,
        ),
      { body, signature, secret },
    );
    await page.close();
    expect(pageErrors).toEqual([]);
    expect(result).toEqual({
      event: 'customer.deleted',
      sameFromBytes: true,
      wrongSecret: 'WebhookVerificationError',
    });
  });
});
