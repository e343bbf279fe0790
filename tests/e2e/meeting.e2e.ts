import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CreateBoardResponse } from '../../shared/protocol';
import { pan, personContext, screenshot, serverAndBrowserForFile } from './browser';

const setup = serverAndBrowserForFile();

/** The cause card whose answer contains `text`. */
const card = (page: Page, text: string) => page.locator('article.cause-card').filter({ has: page.locator('.card-text', { hasText: text }) });

/** The canvas transform, as "x,y,zoom". */
const viewportOf = (page: Page) =>
  page.evaluate(`(() => {
    const m = new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport')).transform);
    return [m.e, m.f, m.a].map((n) => n.toFixed(1)).join(',');
  })()`) as Promise<string>;

/** Whether the element lies over any part of the canvas (where it would hide cards). */
const overlapsCanvas = (page: Page, selector: string) =>
  page.evaluate((selector) => {
    const element = document.querySelector(selector)!.getBoundingClientRect();
    const canvas = document.querySelector('.react-flow')!.getBoundingClientRect();
    return element.right > canvas.left && element.left < canvas.right && element.bottom > canvas.top && element.top < canvas.bottom;
  }, selector);

/** Seconds left on the phase timer, as shown. */
const secondsShown = async (page: Page) => {
  const [minutes, seconds] = (await page.getByTestId('phase-timer').textContent())!.split(':').map(Number);
  return minutes! * 60 + seconds!;
};

describe('a facilitator runs the meeting for two colleagues', () => {
  it('phases, a timer equal on every screen, follow me, spotlight, silent round, hidden votes and the lock', async () => {
    const response = await fetch(`${setup.server().url}/api/boards/example`, { method: 'POST' });
    const board = (await response.json()) as CreateBoardResponse;
    const open = async (name: string, link: string, skewMs = 0) => {
      const context = await personContext(setup.browser(), name);
      // A device whose clock is wrong: the timer must still agree with the others.
      if (skewMs) await context.addInitScript(`{ const now = Date.now.bind(Date); Date.now = () => now() + ${skewMs}; }`);
      const page = await context.newPage();
      await page.goto(link);
      await page.locator('main.canvas[data-ready]').waitFor();
      return page;
    };
    const fran = await open('Fran Facilitator', board.links.facilitator);
    const ada = await open('Ada Editor', board.links.editor);
    const bo = await open('Bo Editor', board.links.editor, 3_607_000);
    const everyone = [fran, ada, bo];
    for (const page of everyone) await expect.poll(() => page.getByRole('list', { name: '3 people on this board' }).count()).toBe(1);
    await ada.mouse.move(300, 600);
    await ada.mouse.move(320, 620, { steps: 4 });
    await expect.poll(() => fran.getByTestId('remote-cursor').textContent()).toBe('Ada Editor');
    await expect.poll(() => bo.getByTestId('remote-cursor').textContent()).toBe('Ada Editor');

    // Phases: only the facilitator has the buttons; everyone sees the current step.
    expect(await ada.getByRole('group', { name: 'Facilitator controls' }).count()).toBe(0);
    await fran.getByRole('button', { name: '2. Ask why' }).click();
    for (const page of everyone) await expect.poll(() => page.locator('[aria-current="step"]').textContent()).toBe('2 Ask why');
    expect((await fran.getByRole('region', { name: 'Meeting' }).boundingBox())!.height).toBeLessThan(50); // one row, controls and all
    // The facilitator reads the phases by name, as everyone does (not by number beside the controls).
    expect(await fran.locator('.phase-steps').innerText()).toBe(await ada.locator('.phase-steps').innerText());
    expect(await fran.locator('.phase-label').evaluateAll((labels) => labels.filter((label) => label.getBoundingClientRect().width === 0).length)).toBe(0);

    // The timer, on the server's clock: the same on all three screens, though Bo's clock is an hour ahead.
    await fran.getByRole('button', { name: 'Start the timer' }).click();
    await expect.poll(() => bo.locator('.timer-readout.is-running').count()).toBe(1);
    await fran.getByRole('button', { name: 'Add a minute' }).click();
    // Every screen has heard of the added minute (each in its own time), and then they all agree.
    for (const page of everyone) await expect.poll(() => secondsShown(page)).toBeGreaterThan(25 * 60);
    await expect
      .poll(async () => {
        const shown = await Promise.all(everyone.map(secondsShown));
        return Math.max(...shown) - Math.min(...shown);
      })
      .toBeLessThanOrEqual(1);
    await screenshot(fran, 'meeting-1-facilitator-timer');
    await screenshot(bo, 'meeting-1b-participant-timer');

    // Follow me: Ada's and Bo's views follow Fran's pan, until Ada pans by hand.
    await fran.getByRole('button', { name: 'Follow me' }).click();
    await expect.poll(() => ada.getByTestId('follow-banner').textContent()).toContain('Following Fran Facilitator');
    const adaBefore = await viewportOf(ada);
    await pan(fran, 160, -220);
    await expect.poll(() => viewportOf(ada)).not.toBe(adaBefore);
    const adaFollowing = await viewportOf(ada);
    await screenshot(ada, 'meeting-2-following');
    // The banner is a strip above the canvas: it covers no card.
    expect(await overlapsCanvas(ada, '[data-testid="follow-banner"]')).toBe(false);
    await pan(ada, 60, 40);
    await expect.poll(() => ada.getByTestId('follow-banner').count()).toBe(0);
    const adaOwn = await viewportOf(ada);
    expect(adaOwn).not.toBe(adaFollowing);
    const boBefore = await viewportOf(bo);
    await pan(fran, -100, 120);
    await expect.poll(() => viewportOf(bo)).not.toBe(boBefore); // Bo still follows
    expect(await viewportOf(ada)).toBe(adaOwn); // Ada stays where she went
    await bo.keyboard.press('Escape');
    await expect.poll(() => bo.getByTestId('follow-banner').count()).toBe(0);
    await fran.getByRole('button', { name: 'Follow me' }).click();
    await fran.keyboard.press('Shift+!');

    // Spotlight on a branch: the rest is dimmed for everyone.
    await card(fran, 'The price form at the till was wrong').click();
    await fran.getByRole('button', { name: 'Spotlight', exact: true }).click();
    await expect.poll(() => bo.locator('.react-flow__node.is-dimmed').count()).toBeGreaterThan(0);
    expect(await bo.locator('.react-flow__node:not(.is-dimmed)').count()).toBeGreaterThan(3);
    await expect.poll(() => ada.locator('.flag-spotlight').textContent()).toContain('Spotlight on “The price form at the till');
    await screenshot(bo, 'meeting-3-spotlight');
    await fran.getByRole('button', { name: 'Clear spotlight' }).click();
    await expect.poll(() => bo.locator('.react-flow__node.is-dimmed').count()).toBe(0);

    // Silent round on a card: each writes privately; the reveal puts them all on the board at once.
    await card(fran, 'It was last year’s form').click();
    await fran.getByRole('button', { name: 'Silent round' }).click();
    await ada.getByLabel('A candidate cause').fill('The forms come from a new supplier this year');
    await ada.getByLabel('A candidate cause').press('Enter');
    await bo.getByLabel('A candidate cause').fill('Nobody checks the date on the form');
    await bo.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => fran.locator('.silent-round .silent-round-header').textContent()).toContain('2 candidates from 2 people');
    expect(await bo.getByText('new supplier').count()).toBe(0);
    expect(await fran.getByText('new supplier').count()).toBe(0);
    await screenshot(ada, 'meeting-4-silent-round');
    expect(await overlapsCanvas(ada, '.silent-round')).toBe(false); // beside the tree, in the side panel
    expect(await overlapsCanvas(fran, '.silent-round')).toBe(false);
    await fran.getByRole('button', { name: 'Reveal 2 on the board' }).click();
    for (const page of everyone) {
      await expect.poll(() => card(page, 'new supplier').count()).toBe(1);
      await expect.poll(() => card(page, 'Nobody checks the date').count()).toBe(1);
    }
    expect(await card(bo, 'new supplier').locator('.card-meta').textContent()).toContain('Added by Ada Editor');

    // Dot voting: Ada's dot is hers alone until the facilitator reveals the count.
    await fran.getByRole('button', { name: 'Start vote' }).click();
    await card(ada, 'Nobody checks the date').getByRole('button', { name: '+ Vote' }).click();
    await expect.poll(() => card(ada, 'Nobody checks the date').locator('.vote-dot').count()).toBe(1);
    await card(ada, 'Nobody checks the date').getByRole('button', { name: '+ Vote' }).click();
    await expect.poll(() => card(ada, 'Nobody checks the date').locator('.vote-dot').count()).toBe(2);
    await expect.poll(() => ada.getByTestId('voting-flag').textContent()).toContain('1 of 3 votes left');
    await expect.poll(() => bo.getByTestId('voting-flag').textContent()).toContain('1 voted');
    expect(await card(bo, 'Nobody checks the date').locator('.vote-dot').count()).toBe(0);
    expect(await card(fran, 'Nobody checks the date').locator('.vote-dot').count()).toBe(0);
    await screenshot(ada, 'meeting-5-voting');
    await fran.getByRole('button', { name: 'Reveal votes' }).click();
    for (const page of everyone) await expect.poll(() => card(page, 'Nobody checks the date').locator('.vote-strip').textContent()).toBe('2 votes');
    await expect.poll(() => bo.locator('.flag-voting').textContent()).toBe('Most votes: “Nobody checks the date on the form” (2)');
    expect(await card(bo, 'new supplier').locator('.vote-strip').count()).toBe(0);
    await screenshot(bo, 'meeting-6-votes-revealed');
    await fran.getByRole('button', { name: 'End vote' }).click();

    // The lock: editors' screens turn read-only; the facilitator still writes.
    await fran.getByRole('button', { name: 'Lock', exact: true }).click();
    await expect.poll(() => ada.locator('.flag-locked').textContent()).toBe('Locked · read-only');
    expect(await card(ada, 'new supplier').getByRole('button', { name: 'Why?' }).count()).toBe(0);
    await screenshot(ada, 'meeting-7-locked');
    await card(fran, 'new supplier').getByRole('button', { name: 'Why?' }).click();
    await fran.locator('textarea.card-editor').pressSequentially('Written during the lock');
    await fran.locator('textarea.card-editor').press('Escape');
    await expect.poll(() => card(ada, 'Written during the lock').count()).toBe(1);
    await fran.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => card(ada, 'new supplier').getByRole('button', { name: 'Why?' }).count()).toBe(1);

    // A link that leaked is replaced: whoever joined with it is let go at once, and told why.
    await fran.getByRole('button', { name: 'Share' }).click();
    const oldEditorLink = await fran.getByLabel('editor link').inputValue();
    fran.once('dialog', (dialog) => void dialog.accept());
    await fran.locator('.share-row').filter({ hasText: 'Editor' }).getByRole('button', { name: 'New link' }).click();
    await expect.poll(() => fran.getByLabel('editor link').inputValue()).not.toBe(oldEditorLink);
    for (const page of [ada, bo]) {
      await expect.poll(() => page.getByTestId('connection-status').textContent()).toBe('Disconnected');
      expect(await page.getByRole('alert').textContent()).toContain('This link was replaced. Ask the facilitator for the new one.');
      expect(await card(page, 'new supplier').getByRole('button', { name: 'Why?' }).count()).toBe(0); // read-only now
    }
    await screenshot(ada, 'meeting-8-link-replaced');
    expect(await fran.getByTestId('connection-status').textContent()).toBe('Saved');
  });
});
