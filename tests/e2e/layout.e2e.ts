import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CreateBoardResponse } from '../../shared/protocol';
import { personContext, screenshot, serverAndBrowserForFile } from './browser';

const setup = serverAndBrowserForFile();

/** The widths Whyboard supports, from a small laptop to a big screen. */
const SCREENS = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/** How far the page scrolls sideways: it must not. */
const sidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Controls cut off by their container, or narrower than their own content: each is named, for the failure message. */
const clipped = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((elements) =>
    elements
      .filter((element) => {
        const box = element.getBoundingClientRect();
        const parent = element.parentElement!.getBoundingClientRect();
        return element.scrollWidth > element.clientWidth + 1 || box.right > parent.right + 1 || box.left < parent.left - 1;
      })
      .map((element) => element.textContent?.trim() ?? element.tagName),
  );

describe('every screen, from 1024 to 1920 pixels wide', () => {
  for (const screen of SCREENS) {
    it(`fits at ${screen.width}×${screen.height}: the board with each side tab, and the letter`, async () => {
      const res = await fetch(`${setup.server().url}/api/boards/example`, { method: 'POST' });
      const board = (await res.json()) as CreateBoardResponse;
      const page = await (await personContext(setup.browser(), 'Dana Facilitator', screen)).newPage();
      await page.goto(board.links.facilitator);
      await page.locator('main.canvas[data-ready]').waitFor();

      for (const tab of ['Details', 'Chains', 'Actions', 'Coach', 'History']) {
        await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
        expect(await sidewaysScroll(page), `${tab} at ${screen.width}`).toBe(0);
        expect(await clipped(page, '[role="tablist"] [role="tab"]'), `tabs cut off at ${screen.width}`).toEqual([]);
      }
      // The customer's name in the top bar, whole (it was cut to "f…" at 1024).
      expect(await page.locator('.topbar-customer').textContent()).toBe('for Bookshop customers');
      expect(await clipped(page, '.topbar-customer, .topbar-title h1'), `top bar at ${screen.width}`).toEqual([]);
      await screenshot(page, `layout-${screen.width}-board`);

      // The menus of the top bar: inside the page, no label cut or wrapped inside itself.
      for (const [menu, panel] of [
        ['Export', '.export-panel'],
        ['Share', '.share-panel'],
      ] as const) {
        await page.getByRole('button', { name: menu, exact: true }).click();
        await page.locator(panel).waitFor();
        expect(await sidewaysScroll(page), `${menu} menu at ${screen.width}`).toBe(0);
        const box = (await page.locator(panel).boundingBox())!;
        expect(box.x >= 0 && box.x + box.width <= screen.width && box.y + box.height <= screen.height, `${menu} menu inside the page at ${screen.width}`).toBe(
          true,
        );
        expect(await clipped(page, `${panel} button, ${panel} label`), `${menu} menu at ${screen.width}`).toEqual([]);
        const wrapped = await page
          .locator(`${panel} label`)
          .evaluateAll((labels) =>
            labels.filter((label) => label.getClientRects().length > 1 || label.getBoundingClientRect().height > 40).map((label) => label.textContent),
          );
        expect(wrapped, `${menu} menu labels at ${screen.width}`).toEqual([]);
        await screenshot(page, `layout-${screen.width}-${menu.toLowerCase()}-menu`);
        await page.keyboard.press('Escape');
      }

      await page.getByRole('button', { name: 'Letter', exact: true }).click();
      await page.getByRole('button', { name: 'Draft from the board' }).first().click();
      await page.getByRole('textbox', { name: 'The letter', exact: true }).waitFor();
      expect(await sidewaysScroll(page)).toBe(0);
      // Each contact field is wide enough for an e-mail address on one line, and no taller than one.
      const fields = [];
      for (const label of ['Contact name', 'How to reach them', 'Next contact by']) {
        const box = (await page.getByLabel(label).boundingBox())!;
        expect(box.width, `${label} at ${screen.width}`).toBeGreaterThanOrEqual(150);
        expect(box.height, `${label} at ${screen.width}`).toBeLessThan(60);
        fields.push(box);
      }
      // …and they line up: one height, and one top for the fields that share a row.
      expect(
        new Set(fields.map((box) => Math.round(box.height))).size,
        `contact fields at ${screen.width}: ${fields.map((box) => box.height).join(', ')}`,
      ).toBe(1);
      for (const a of fields) for (const b of fields) if (Math.abs(a.y - b.y) < 20) expect(Math.abs(a.y - b.y)).toBeLessThanOrEqual(1);
      // The letter starts above the fold.
      const letterTop = (await page.getByRole('textbox', { name: 'The letter', exact: true }).boundingBox())!.y;
      expect(letterTop).toBeLessThan(screen.height * 0.6);
      await screenshot(page, `layout-${screen.width}-letter`);
      await page.context().close();
    });
  }
});

describe('every role', () => {
  it('lays the tree out alike, so a pointer or “follow me” lands on the same card on every screen', async () => {
    const board = (await (await fetch(`${setup.server().url}/api/boards/example`, { method: 'POST' })).json()) as CreateBoardResponse;
    /** Where each card sits on the canvas, by its node id (React Flow places nodes with a transform). */
    const positions = async (link: string, name: string) => {
      const page = await (await personContext(setup.browser(), name, { width: 1280, height: 800 })).newPage();
      await page.goto(link);
      await page.locator('main.canvas[data-ready]').waitFor();
      await page.waitForTimeout(300); // measured and laid out
      const placed = await page
        .locator('.react-flow__node')
        .evaluateAll((nodes) => Object.fromEntries(nodes.map((node) => [node.getAttribute('data-id'), (node as HTMLElement).style.transform])));
      await page.context().close();
      return placed;
    };
    const facilitator = await positions(board.links.facilitator, 'Dana Facilitator');
    const viewer = await positions(board.links.viewer, 'Vic Viewer');
    expect(Object.keys(facilitator).length).toBeGreaterThan(5);
    expect(viewer).toEqual(facilitator);
  });
});
