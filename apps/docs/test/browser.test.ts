// The built site in Debian's Chromium: every operation in the navigation, the TypeScript
// sample on screen, deep links, no console errors, and no request to any other host.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpec } from '@partnero-kit/openapi/runtime';
import { CHROMIUM_ARGS, chromiumForTests } from '@partnero-kit/testing';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_LABELS } from '../scripts/lib/evidence.js';
import { distDir, packageDir } from '../scripts/lib/paths.js';
import { type StaticServer, serveStatic } from '../scripts/lib/static-server.js';
import { operations, requireBuiltSite } from './helpers.js';

const outputDir = join(packageDir, 'test-output');
const createCustomer = operations.find((entry) => entry.id === 'createCustomer');
const searchCustomers = loadSpec().operation('searchCustomers');
const webhookEvents = [...loadSpec().webhooks.values()];

let server: StaticServer;
let profileDir: string;
let context: BrowserContext;
/** Requests to anywhere but the local server: each one is blocked and fails the suite. */
const foreignRequests: string[] = [];
const consoleErrors: string[] = [];

async function openPage(hash = ''): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(`${server.url}/${hash}`, { waitUntil: 'networkidle' });
  // Redoc hydrates the prerendered page; the sidebar search box appears once it has.
  await page.locator('.menu-content').first().waitFor({ state: 'visible' });
  return page;
}

/** Redoc 3's hash route of an operation: the tag and operationId, lowercased. */
function routeOf(entry: (typeof operations)[number]): string {
  return `#/${(entry.tags[0] ?? '').toLowerCase()}/${entry.id.toLowerCase()}`;
}

/**
 * The operation's link in the sidebar, its tag group expanded first when it is collapsed.
 * Redoc 3 keeps one tag group open at a time: opening one closes the others.
 */
async function navigationLink(page: Page, entry: (typeof operations)[number]) {
  const link = page.locator(`.menu-content a[href="${routeOf(entry)}"]`);
  if (!(await link.isVisible())) {
    const tag = entry.tags[0] ?? '';
    await page
      .locator('.menu-content a', { hasText: new RegExp(`^${tag}$`) })
      .first()
      .click();
  }
  await link.waitFor({ state: 'visible' });
  return link;
}

const browserPath = chromiumForTests();

describe.skipIf(!browserPath)('the docs site in a browser', () => {
  beforeAll(async () => {
    requireBuiltSite();
    mkdirSync(outputDir, { recursive: true });
    server = await serveStatic({ root: distDir });
    profileDir = mkdtempSync(join(tmpdir(), 'docs-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: browserPath,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === server.url) return route.continue();
      foreignRequests.push(url);
      return route.abort('blockedbyclient');
    });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  describe('the docs site in Chromium', () => {
    it('lists every operation of the spec in the navigation', async () => {
      const page = await openPage();
      for (const entry of operations) {
        const summary = entry.summary ?? entry.id;
        const link = await navigationLink(page, entry);
        expect(await link.textContent()).toContain(summary);
      }
      await page.screenshot({ path: join(outputDir, 'docs-full-page.png'), fullPage: true });
      await page.close();
    });

    it('shows the local logo, favicon and Redocly badge', async () => {
      const page = await openPage();
      const logo = page.locator('img[alt="partnero-kit"]');
      await logo.waitFor({ state: 'visible' });
      expect(await logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
      const badge = page.locator('img[alt="redocly logo"]');
      await badge.waitFor({ state: 'visible' });
      expect(await badge.getAttribute('src')).toBe('redocly-badge.svg');
      expect(await badge.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
      const favicon = await page.locator('link[rel="icon"]').getAttribute('href');
      expect(favicon).toBe('favicon.svg');
      expect((await fetch(`${server.url}/${favicon}`)).status).toBe(200);
      expect(await page.title()).toBe('Partnero Customers API');
      await page.close();
    });

    it('a deep link lands on the operation with its TypeScript sample visible', async () => {
      expect(createCustomer).toBeDefined();
      if (!createCustomer) return;
      expect(routeOf(createCustomer)).toBe('#/customers/createcustomer');
      const page = await openPage(routeOf(createCustomer));
      const heading = page.locator('h2', { hasText: createCustomer.summary ?? '' }).first();
      await heading.waitFor({ state: 'visible' });
      await page.waitForFunction(() => window.scrollY > 0);
      const box = await heading.boundingBox();
      expect(box?.y).toBeGreaterThanOrEqual(0);
      expect(box?.y).toBeLessThan(300);

      const sample = page
        .locator('pre, code')
        .filter({ hasText: 'partnero.customers.create(' })
        .first();
      await sample.waitFor({ state: 'visible' });
      expect(await sample.textContent()).toContain("from '@partnero-kit/client'");
      await page.screenshot({ path: join(outputDir, 'create-customer.png') });
      await page.close();
    });

    it('shows on each operation where it comes from, as a badge and a line', async () => {
      const page = await openPage();
      for (const entry of operations) {
        const label = EVIDENCE_LABELS[String(entry.extensions['x-evidence'])];
        expect(label, entry.id).toBeDefined();
        // Redoc shows one operation at a time: open it from the navigation.
        await (await navigationLink(page, entry)).click();
        const summary = entry.summary ?? entry.id;
        const heading = page
          .locator(`[data-testid="middle-panel"] a[aria-label="link to ${summary}"]`)
          .locator('xpath=ancestor::h2');
        const badge = heading.locator('[data-component-name="Tag/Tag"]');
        expect((await badge.textContent())?.toLowerCase(), entry.id).toBe(
          label?.badge.toLowerCase(),
        );
        // The operation's block: the ancestor of its heading that the three-panel layout holds.
        const block = heading.locator(
          'xpath=ancestor::div[parent::div[@data-component-name="Layout/ThreePanelLayout"]]',
        );
        expect(await block.textContent(), entry.id).toContain(`Source: ${label?.sentence}.`);
      }
      await (await navigationLink(page, searchCustomers)).click();
      await page.locator('a[aria-label="link to Search customers"]').waitFor({ state: 'visible' });
      await page.screenshot({ path: join(outputDir, 'search-customers-evidence.png') });
      await page.close();
    });

    it('renders the webhooks section: each event with its badge, source, payload and receivers', async () => {
      expect(webhookEvents.length).toBeGreaterThan(0);
      const page = await openPage();
      for (const { name, operation } of webhookEvents) {
        const label = EVIDENCE_LABELS[String(operation.extensions['x-evidence'])];
        expect(label, name).toBeDefined();
        // Redoc 3 lists a webhook event under its tag, routed like an operation.
        await (await navigationLink(page, operation)).click();
        const heading = page
          .locator(`[data-testid="middle-panel"] a[aria-label="link to ${operation.summary}"]`)
          .locator('xpath=ancestor::h2');
        await heading.waitFor({ state: 'visible' });
        expect((await heading.textContent())?.toLowerCase(), name).toContain(
          label?.badge.toLowerCase(),
        );
        const block = heading.locator(
          'xpath=ancestor::div[parent::div[@data-component-name="Layout/ThreePanelLayout"]]',
        );
        const text = (await block.textContent()) ?? '';
        expect(text, name).toContain(`Source: ${label?.sentence}.`);
        // The payload example, and the three receivers verifying the raw body.
        expect(text, name).toContain(`"event": "${name}"`);
        for (const marker of [
          "express.raw({ type: 'application/json' })",
          "request.headers.get('signature')",
          "c.req.header('signature')",
        ]) {
          expect(text, `${name}: ${marker}`).toContain(marker);
        }
      }
      const express = page.locator('pre, code').filter({ hasText: 'express.raw(' }).first();
      await express.scrollIntoViewIfNeeded();
      expect(await express.isVisible()).toBe(true);
      await page.screenshot({ path: join(outputDir, 'webhook-event.png') });
      await page.close();
    });

    it('searches and switches to dark mode without loading anything from elsewhere', async () => {
      const page = await openPage();
      await page.getByRole('button', { name: 'light' }).first().click();
      expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(
        true,
      );
      await page
        .locator('.menu-content')
        .getByText(/Search/)
        .first()
        .click();
      await page.keyboard.type('suspend');
      const hit = page.locator('[data-component-name="Search/SearchItem"]', {
        hasText: 'Suspends the customer',
      });
      await hit.first().waitFor({ state: 'visible' });
      await page.close();
    });

    it('logged no console errors', () => {
      expect(consoleErrors).toEqual([]);
    });

    it('requested nothing from any host but the local server', () => {
      expect(foreignRequests).toEqual([]);
    });
  });
});
