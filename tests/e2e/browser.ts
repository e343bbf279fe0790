import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { WhyboardServer } from '../../server/createServer';
import { startTestServer } from '../fixtures/server';

/** Debian's Chromium: a browser download does not work here, and CI installs this one with apt. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const SCREENSHOTS = path.resolve('test-results/screenshots');

/** Saves a screenshot to test-results/screenshots/<name>.png, to be looked at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** A new browser context (a separate person) whose display name is already chosen, so the name prompt is skipped. */
export async function personContext(browser: Browser, name: string, viewport = { width: 1280, height: 720 }) {
  const context = await browser.newContext({ viewport });
  await context.addInitScript((chosen) => {
    if (!localStorage.getItem('whyboard.name')) localStorage.setItem('whyboard.name', chosen);
  }, name);
  return context;
}

/**
 * A real server (serving the built client from dist/) and Chromium for one test file, started before its tests and
 * closed after them. Each test still creates its own board.
 */
export function serverAndBrowserForFile(): { server: () => WhyboardServer; browser: () => Browser } {
  let server: WhyboardServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startTestServer({ staticDir: path.resolve('dist') });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return { server: () => server!, browser: () => browser! };
}
