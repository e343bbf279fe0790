import { describe, expect, it } from 'vitest';
import type { CreateBoardResponse } from '../../shared/protocol';
import { personContext, screenshot, serverAndBrowserForFile } from './browser';

const setup = serverAndBrowserForFile();

const example = async () => (await (await fetch(`${setup.server().url}/api/boards/example`, { method: 'POST' })).json()) as CreateBoardResponse;

describe('the history of an analysis', () => {
  it('replays the example as it grew, brings back a deleted cause from its step, and restores a moment everyone sees', async () => {
    const board = await example();
    const fran = await (await personContext(setup.browser(), 'Fran Facilitator', { width: 1280, height: 800 })).newPage();
    const ada = await (await personContext(setup.browser(), 'Ada Editor', { width: 1280, height: 800 })).newPage();
    await Promise.all([fran.goto(board.links.facilitator), ada.goto(board.links.editor)]);
    await Promise.all([fran.locator('main.canvas[data-ready]').waitFor(), ada.locator('main.canvas[data-ready]').waitFor()]);
    const cards = (page: typeof fran) => page.locator('article.cause-card').count();
    expect(await cards(fran)).toBe(6);

    // Ada deletes the ruled-out branch on her screen.
    await ada.locator('article.cause-card', { hasText: 'The till scanner misread the barcode' }).click();
    await ada.keyboard.press('Escape'); // out of its text, onto the card
    await ada.keyboard.press('Delete');
    await expect.poll(() => cards(fran)).toBe(5);

    await fran.getByRole('tab', { name: 'History' }).click();
    const steps = fran.getByRole('list', { name: 'Steps of the analysis' });
    await steps.getByRole('button', { name: /Deleted “The till scanner misread the barcode”/ }).waitFor();
    expect(await steps.getByRole('button', { name: /Started the analysis/ }).textContent()).toContain('Fran');
    await screenshot(fran, 'history-panel');

    // The slider at its start: the complaint alone; then step by step, as Play would.
    const slider = fran.getByRole('slider', { name: 'Moment of the analysis' });
    await slider.focus();
    await fran.keyboard.press('Home');
    await fran.getByTestId('moment-banner').waitFor();
    await expect.poll(() => cards(fran), { timeout: 5000 }).toBe(0);
    // The first why asked, confirmed, then the second asked.
    for (let i = 0; i < 3; i++) await fran.keyboard.press('ArrowRight');
    await expect.poll(() => cards(fran), { timeout: 5000 }).toBe(2);
    expect(await fran.locator('.history-moment').textContent()).toContain('step 4 of');
    await screenshot(fran, 'history-replay-two-whys');
    // A moment is read-only: no card can be typed into, no why asked.
    await fran.locator('article.cause-card').first().dblclick();
    expect(await fran.locator('.card textarea').count()).toBe(0);
    await fran.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => cards(fran), { timeout: 15_000 }).toBe(5);
    await expect.poll(() => fran.getByTestId('moment-banner').count(), { timeout: 15_000 }).toBe(0);

    // The deleted branch is brought back from its step: Ada sees it come back.
    await steps.getByRole('button', { name: 'Bring back' }).click();
    await expect.poll(() => cards(ada)).toBe(6);
    await screenshot(fran, 'history-brought-back');

    // The moment before the root cause was marked is restored, on the facilitator's word; everyone sees it; undo.
    await steps.getByRole('button', { name: /Confirmed “Ordering the yearly price forms/ }).click();
    await expect.poll(() => fran.locator('article.cause-card.is-root').count()).toBe(0);
    await fran.getByRole('button', { name: 'Restore…' }).click();
    await screenshot(fran, 'history-restore-confirm');
    await fran.getByRole('alertdialog', { name: 'Restore this moment' }).getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => ada.locator('article.cause-card.is-root').count()).toBe(0);
    await expect.poll(() => cards(ada)).toBe(6); // the scanner, not yet ruled out then
    // Ada is told who restored which moment; the history tells it as one step.
    await ada.getByRole('alert').filter({ hasText: 'Fran Facilitator restored the board as it was on' }).waitFor();
    await screenshot(ada, 'history-restored-editor-told');
    await steps.getByRole('button', { name: /Fran Facilitator \(facilitator\) Restored the board as it was on/ }).waitFor({ timeout: 10_000 });
    await fran.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => ada.locator('article.cause-card.is-root').count()).toBe(1);
    await expect.poll(() => cards(ada)).toBe(6);
    await screenshot(ada, 'history-after-undo-editor');

    // An editor replays too, but restores nothing.
    await ada.getByRole('tab', { name: 'History' }).click();
    await ada
      .getByRole('list', { name: 'Steps of the analysis' })
      .getByRole('button', { name: /Marked “Ordering/ })
      .first()
      .click();
    await ada.getByTestId('moment-banner').waitFor();
    expect(await ada.getByRole('button', { name: 'Restore…' }).count()).toBe(0);
    await screenshot(ada, 'history-editor-moment');
    await Promise.all([fran.context().close(), ada.context().close()]);
  });
});
