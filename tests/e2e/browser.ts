import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { ServerOptions, WhyboardServer } from '../../server/createServer';
import { startTestServer } from '../fixtures/server';

/** Debian's Chromium: a browser download does not work here, and CI installs this one with apt. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
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
export function serverAndBrowserForFile(options: ServerOptions = {}): { server: () => WhyboardServer; browser: () => Browser } {
  let server: WhyboardServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startTestServer({ staticDir: path.resolve('dist'), ...options });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return { server: () => server!, browser: () => browser! };
}

/**
 * Waits until no card on the canvas moves for 150 ms. The tree lays itself out again when a card is added or grows
 * (a colleague typing), so a click aimed at a button a moment earlier can land on the card that slid into its place.
 */
export async function layoutSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const read = () =>
          [...document.querySelectorAll('.react-flow__node')]
            .map((node) => node.getBoundingClientRect())
            .map((box) => `${box.x},${box.y},${box.width},${box.height}`)
            .join(';');
        const before = read();
        setTimeout(() => resolve(read() === before), 150);
      }),
  );
}

/** Drags the empty canvas by (dx, dy) from a point near its bottom-left corner, where no card is. */
export async function pan(page: Page, dx: number, dy: number): Promise<void> {
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  const x = box.x + 40;
  const y = box.y + box.height - 60;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 8 });
  await page.mouse.up();
}

/** The cards whose boxes lie wholly (`whole`) or partly inside the canvas on screen, by their ids. */
export function cardsOnScreen(page: Page, whole = false): Promise<string[]> {
  return page.evaluate((whole) => {
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
    return [...document.querySelectorAll<HTMLElement>('.react-flow__node')]
      .filter((node) => {
        const box = node.getBoundingClientRect();
        return whole
          ? box.left >= pane.left && box.right <= pane.right && box.top >= pane.top && box.bottom <= pane.bottom
          : box.right > pane.left && box.left < pane.right && box.bottom > pane.top && box.top < pane.bottom;
      })
      .map((node) => node.dataset.id!);
  }, whole);
}
