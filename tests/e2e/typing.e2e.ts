import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createBoard } from '../fixtures/server';
import { personContext, screenshot, serverAndBrowserForFile } from './browser';

const setup = serverAndBrowserForFile();

/** The answers of the cause cards, in reading order. */
const answers = (page: Page) => page.locator('article.cause-card .card-text').allTextContents();
const editor = (page: Page) => page.locator('textarea.card-editor');
/** The test id of the card whose node has keyboard focus, if one has. */
const focusedTestId = (page: Page) =>
  page.evaluate(
    () => (document.activeElement?.matches('.react-flow__node') ? document.activeElement.querySelector('article')?.getAttribute('data-testid') : null) ?? null,
  );

async function openBoard() {
  const board = await createBoard(setup.server().url, {
    title: 'Missed connection',
    complaint: { text: 'My bag never arrived in Oslo.', customer: 'Łukasz Wójcik' },
  });
  const page = await (await personContext(setup.browser(), 'Kim', { width: 1280, height: 800 })).newPage();
  await page.goto(board.links.facilitator);
  await page.getByTestId('complaint').waitFor();
  return page;
}

describe('typing on the board, as people type', () => {
  // Issue 13, finding 1: typing on a selected card (not editing) at 120 ms a key read "…LisbonyzX" and took two undos.
  it('types into a selected card in order, and one typing session is one undo step', async () => {
    const page = await openBoard();
    await page.getByTestId('complaint').getByRole('button', { name: 'Why?' }).click();
    await editor(page).fill('The bag stayed in Lisbon');
    await page.keyboard.press('Escape');
    await expect.poll(() => answers(page)).toEqual(['The bag stayed in Lisbon']);

    // Select Why 1 without editing it (a click on its header), then type on it at 120 ms a key.
    await page.locator('article.cause-card .card-kicker').click();
    await expect.poll(() => editor(page).count()).toBe(0);
    await page.keyboard.type('Xyz', { delay: 120 });
    await expect.poll(() => editor(page).inputValue()).toBe('The bag stayed in LisbonXyz');
    await screenshot(page, 'typing-1-typed-on-selected-card');
    await page.keyboard.press('Escape');
    await expect.poll(() => answers(page)).toEqual(['The bag stayed in LisbonXyz']);

    await page.keyboard.press('Control+KeyZ');
    await expect.poll(() => answers(page)).toEqual(['The bag stayed in Lisbon']);
  });

  // Issue 13, finding 2: while typing, Enter only stopped editing and the next words went into the same card.
  it('while typing: Enter adds a cause beside, Tab asks why, Shift+Enter is a new line, Escape goes back to the card', async () => {
    const page = await openBoard();
    for (let i = 0; i < 20 && (await focusedTestId(page)) !== 'complaint'; i++) await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('complaint');

    await page.keyboard.press('Enter'); // on the complaint: why?
    await page.keyboard.type('Missed the transfer', { delay: 30 });
    await page.keyboard.press('Enter'); // commit, and another cause beside it
    await page.keyboard.type('Tag misprinted', { delay: 30 });
    await page.keyboard.press('Tab'); // commit, and why under it
    await page.keyboard.type('Printer low on ink', { delay: 30 });
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('nobody checked', { delay: 30 });
    await page.keyboard.press('Escape');

    await expect.poll(() => answers(page)).toEqual(['Missed the transfer', 'Tag misprinted', 'Printer low on ink\nnobody checked']);
    const depths = await page.locator('article.cause-card .card-kicker').allTextContents();
    expect(depths).toEqual(['Why 1', 'Why 1', 'Why 2']);
    // Escape leaves the card selected and focused, so the keyboard carries on from it.
    expect(await focusedTestId(page)).toMatch(/^cause-/);
    expect(await page.evaluate(() => document.activeElement?.querySelector('article')?.getAttribute('aria-label'))).toMatch(/^Why 2/);
    await page.keyboard.press('Alt+KeyR');
    await expect.poll(() => page.getByRole('article', { name: /^Why 2, root cause/ }).count()).toBe(1);
    await page.keyboard.press('Shift+Digit1');
    await page.waitForTimeout(400);
    await screenshot(page, 'typing-2-enter-tab-shift-enter');
  });
});
