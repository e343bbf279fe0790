/**
 * A board of 400 causes in Chromium: it draws only the cards near the screen (never all of them, not even once to
 * measure them), every line on screen leads to a drawn card, and the keyboard and "fit the whole tree" still reach
 * every card.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_ID } from '../../shared/board';
import { growTree } from '../fixtures/growTree';
import { connectClient, createBoard } from '../fixtures/server';
import { cardsOnScreen, pan, personContext, screenshot, serverAndBrowserForFile } from './browser';

const setup = serverAndBrowserForFile();
const CAUSES = 400;

/** In the page: the most cards ever in the DOM at once, counted from the first one on. */
const countMostDrawn = `(() => {
  window.mostDrawn_ = 0;
  new MutationObserver(() => {
    window.mostDrawn_ = Math.max(window.mostDrawn_, document.querySelectorAll('.react-flow__node').length);
  }).observe(document, { childList: true, subtree: true });
})()`;

/** Lines drawn whose card at either end is not drawn. */
const loseEnds = (page: Page) =>
  page.evaluate(() => {
    const drawn = new Set([...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((node) => node.dataset.id));
    return [...document.querySelectorAll<SVGElement>('.react-flow__edge')]
      .map((edge) => edge.dataset.id ?? '')
      .filter((id) => id.split('->').some((end) => !drawn.has(end)));
  });

const focusedCard = (page: Page) => page.evaluate(() => document.activeElement?.closest<HTMLElement>('.react-flow__node')?.dataset.id);
const zoomNow = (page: Page) => page.evaluate(() => document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform);
const drawnCount = (page: Page) => page.locator('.react-flow__node').count();

describe('a board of 400 causes', () => {
  it('draws the cards near the screen only, and the keyboard and “fit” reach every card', async () => {
    const board = await createBoard(setup.server().url);
    const writer = connectClient(setup.server().url, board.id, board.tokens.editor);
    await writer.synced;
    const ids = growTree(writer.doc, CAUSES);
    await expect.poll(async () => (await setup.server().rooms.snapshot(board.id)).causeIds.length, { timeout: 20_000 }).toBe(CAUSES);
    writer.destroy();

    const context = await personContext(setup.browser(), 'Bo', { width: 1280, height: 800 });
    await context.addInitScript(countMostDrawn);
    const page = await context.newPage();
    await page.goto(board.links.editor);
    await page.locator('main.canvas[data-ready]').waitFor({ timeout: 30_000 });
    expect(await cardsOnScreen(page)).toContain(COMPLAINT_ID);
    // Never every card, not even for a frame: React Flow's own culling draws each once to measure it.
    expect(await page.evaluate('window.mostDrawn_')).toBeLessThan(CAUSES / 4);
    expect(await loseEnds(page)).toEqual([]);

    // Panning draws what comes into view, and still no line leads nowhere.
    const before = new Set(await cardsOnScreen(page));
    await pan(page, 0, -500);
    await expect.poll(async () => (await cardsOnScreen(page)).filter((id) => !before.has(id)).length).toBeGreaterThan(0);
    expect(await loseEnds(page)).toEqual([]);
    expect(await drawnCount(page)).toBeLessThan(CAUSES / 4);

    // The keyboard walks along the first level, off screen and back: each card is drawn and takes the focus.
    await pan(page, 0, 500);
    await page.getByTestId('complaint').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedCard(page)).toBe(ids[0]);
    for (let step = 1; step < 3; step++) {
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => focusedCard(page)).toBe(ids[step]);
    }
    // Down the first branch to its deepest cause, far below.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    let deepest = ids[0]!;
    for (let level = 0; level < 5; level++) {
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => focusedCard(page)).not.toBe(deepest);
      deepest = (await focusedCard(page))!;
    }
    await expect.poll(() => cardsOnScreen(page)).toContain(deepest);
    // Walking never changed the zoom (a smooth flight between far cards zooms out on the way).
    expect(await zoomNow(page)).toMatch(/scale\(1\)$/);
    await screenshot(page, 'big-board-deep');

    // Shift+1: the whole tree, measured from the layout (most cards are not drawn, so React Flow cannot see them). This
    // one is too wide to read whole: the least zoom, centred on the tree (under its complaint), not on the cards drawn.
    await page.keyboard.press('Shift+Digit1');
    await expect.poll(() => zoomNow(page)).toMatch(/scale\(0\.1\)$/);
    await expect.poll(() => cardsOnScreen(page)).toContain(COMPLAINT_ID);
    expect(await loseEnds(page)).toEqual([]);
    await screenshot(page, 'big-board-fit');
    await context.close();
  });
});
