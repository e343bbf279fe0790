import { describe, expect, it } from 'vitest';
import { COMPLAINT_ID } from '../../shared/board';
import type { CreateBoardResponse } from '../../shared/protocol';
import { cardsOnScreen, pan, personContext, screenshot, serverAndBrowserForFile } from './browser';

const setup = serverAndBrowserForFile();

const example = async () => (await (await fetch(`${setup.server().url}/api/boards/example`, { method: 'POST' })).json()) as CreateBoardResponse;
const focused = (page: import('playwright-core').Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return {
      tag: element?.tagName,
      id: element?.closest<HTMLElement>('.react-flow__node')?.dataset.id ?? element?.id,
      text: element?.textContent?.trim().slice(0, 40),
    };
  });

describe('finding your way around a board', () => {
  for (const screen of [
    { width: 1024, height: 768 },
    { width: 1280, height: 800 },
  ]) {
    it(`opens the example at ${screen.width}×${screen.height} with the complaint and its root cause on screen`, async () => {
      const board = await example();
      const page = await (await personContext(setup.browser(), 'Dana Facilitator', screen)).newPage();
      await page.goto(board.links.facilitator);
      await page.locator('main.canvas[data-ready]').waitFor();
      const root = await page.locator('article.cause-card.is-root').evaluate((card) => card.closest<HTMLElement>('.react-flow__node')!.dataset.id!);
      const whole = await cardsOnScreen(page, true);
      expect(whole).toContain(COMPLAINT_ID);
      expect(whole).toContain(root);
      await screenshot(page, `navigation-first-view-${screen.width}`);
      await page.context().close();
    });
  }

  it('is one Tab from the tree (a skip link), and Escape leaves the keyboard in the tree', async () => {
    const board = await example();
    const page = await (await personContext(setup.browser(), 'Dana Facilitator', { width: 1280, height: 800 })).newPage();
    await page.goto(board.links.facilitator);
    await page.locator('main.canvas[data-ready]').waitFor();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'A', text: 'Skip to the tree' });
    await screenshot(page, 'navigation-skip-link');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatchObject({ id: COMPLAINT_ID });
    await expect.poll(() => page.getByTestId('complaint').getAttribute('class')).toContain('is-selected');
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await focused(page)).id).not.toBe(COMPLAINT_ID);
    await page.keyboard.press('Escape');
    expect(await focused(page)).toMatchObject({ tag: 'MAIN', id: 'tree' });
    expect(await page.locator('.card.is-selected').count()).toBe(0);
    // From the tree itself, Tab leaves it (on a card, Tab asks why): no keyboard trap.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ id: 'tab-details' });
    // Tab into a card and out of a new one left empty: nothing is added.
    const causes = await page.locator('article.cause-card').count();
    await page.getByTestId('complaint').click();
    await page.keyboard.press('Tab'); // asks why: a new card, typing
    await page.keyboard.press('Tab'); // still empty: taken back
    await expect.poll(() => page.locator('article.cause-card').count()).toBe(causes);
    await expect.poll(async () => (await focused(page)).id).toBe(COMPLAINT_ID);
    await page.context().close();
  });

  it('brings the tree back into view when “follow me” ends on an empty part of the canvas', async () => {
    const board = await example();
    const fran = await (await personContext(setup.browser(), 'Fran Facilitator', { width: 1280, height: 800 })).newPage();
    const ada = await (await personContext(setup.browser(), 'Ada Editor', { width: 1024, height: 768 })).newPage();
    await fran.goto(board.links.facilitator);
    await ada.goto(board.links.editor);
    await fran.locator('main.canvas[data-ready]').waitFor();
    await ada.locator('main.canvas[data-ready]').waitFor();
    await fran.getByRole('button', { name: 'Follow me' }).click();
    await expect.poll(() => ada.getByTestId('follow-banner').count()).toBe(1);
    // Fran drags the canvas far from every card.
    for (let i = 0; i < 4; i++) await pan(fran, 700, -500);
    await expect.poll(() => cardsOnScreen(fran)).toEqual([]);
    await expect.poll(() => cardsOnScreen(ada)).toEqual([]);
    await fran.getByRole('button', { name: 'Follow me' }).click(); // ends it
    await expect.poll(() => ada.getByTestId('follow-banner').count()).toBe(0);
    await expect.poll(async () => (await cardsOnScreen(ada)).length).toBeGreaterThan(3);
    await screenshot(ada, 'navigation-follow-ended');
    await fran.context().close();
    await ada.context().close();
  });
});
