import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { layoutSettled, personContext, screenshot, serverAndBrowserForFile } from './browser';

const setup = serverAndBrowserForFile();

const viewport = { width: 1280, height: 720 };

/** Types the answer into the card editor that just opened, and leaves editing with Enter. */
async function answer(page: Page, text: string) {
  const editor = page.locator('textarea.card-editor');
  await editor.waitFor();
  await editor.pressSequentially(text, { delay: 5 });
  await editor.press('Escape'); // stop typing (Enter would add a cause beside it)
  await editor.waitFor({ state: 'detached' });
  await layoutSettled(page);
}

/** The cause card whose answer (not its question, which quotes the parent) contains `text`. */
const card = (page: Page, text: string) => page.locator('article.cause-card').filter({ has: page.locator('.card-text', { hasText: text }) });

describe('a team lead and a colleague co-edit a board', () => {
  it('creates the analysis, grows a why-chain with a branch and a root cause, and both see each other type', async () => {
    const lead = await (await setup.browser().newContext({ viewport })).newPage();
    await lead.goto(setup.server().url);
    await lead.getByLabel('What did the customer say?').fill('I was charged twice the shelf price for a book, and nobody at the till could tell me why.');
    await lead.getByLabel('Short title').fill('Overcharged for a book');
    await lead.getByLabel('Customer', { exact: true }).fill('Ada Lovelace');
    await lead.getByLabel('Channel').selectOption('In person');
    await lead.getByLabel('Received').fill('2026-11-20');
    await screenshot(lead, 'coedit-1-home-form');
    await lead.getByRole('button', { name: 'Start the analysis' }).click();

    await lead.waitForURL(/\/b\/[A-Za-z0-9_-]{22}$/);
    expect(lead.url()).not.toContain('token'); // the token left the address bar
    // First visit on this device: the lead picks the name the others will see.
    await lead.getByLabel('Your name').fill('Lea Lead');
    await screenshot(lead, 'coedit-1b-name-prompt');
    await lead.getByRole('button', { name: 'Join the board' }).click();
    const complaint = lead.getByTestId('complaint');
    await expect.poll(() => complaint.textContent()).toContain('charged twice the shelf price');
    await expect.poll(() => lead.getByTestId('connection-status').textContent()).toBe('Saved');
    await screenshot(lead, 'coedit-2-new-board');

    await complaint.getByRole('button', { name: 'Why?' }).click();
    await answer(lead, 'The price form at the till was wrong');
    await card(lead, 'The price form').getByRole('button', { name: 'Why?' }).click();
    await answer(lead, 'It was last year’s form, with last year’s prices');
    await card(lead, 'The price form').getByRole('button', { name: 'Other cause' }).click();
    await answer(lead, 'The till does not check shelf prices');
    await card(lead, 'last year’s form').getByRole('button', { name: 'Root cause' }).click();
    await expect.poll(() => card(lead, 'last year’s form').locator('.badge-root').textContent()).toBe('Root cause');
    expect(await card(lead, 'last year’s form').getByRole('button', { name: 'Root cause' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => lead.locator('article.cause-card').count()).toBe(3);

    // The colleague opens the editor link, from the share panel, in another browser context.
    await lead.getByRole('button', { name: 'Share' }).click();
    const editorLink = await lead.getByLabel('editor link').inputValue();
    expect(editorLink).toMatch(/#token=/);
    await screenshot(lead, 'coedit-3-share-panel');
    await lead.keyboard.press('Escape');

    const colleague = await (await personContext(setup.browser(), 'Cole Colleague')).newPage();
    await colleague.goto(editorLink);
    await expect.poll(() => colleague.locator('article.cause-card').count()).toBe(3);
    await expect.poll(() => card(colleague, 'last year’s form').getAttribute('aria-label')).toContain('root cause');

    // Each sees the other: avatars, and the colleague's cursor on the lead's canvas with their name.
    await expect.poll(() => lead.getByRole('list', { name: '2 people on this board' }).count()).toBe(1);
    await colleague.mouse.move(640, 500);
    await colleague.mouse.move(660, 520, { steps: 5 });
    await expect.poll(() => lead.getByTestId('remote-cursor').textContent()).toBe('Cole Colleague');

    // The colleague edits; the lead sees the words arrive while they are still typing, and who is typing.
    await card(colleague, 'The till does not check').locator('.card-text').click();
    const colleagueEditor = colleague.locator('textarea.card-editor');
    await colleagueEditor.press('End');
    await colleagueEditor.pressSequentially(' against the price list', { delay: 40 });
    await expect.poll(() => card(lead, 'The till does not check').locator('.editing-by').textContent()).toBe('Cole Colleague typing…');
    await screenshot(lead, 'coedit-3b-colleague-typing');
    await expect.poll(() => card(lead, 'The till does not check shelf prices against').count(), { timeout: 5000 }).toBe(1);
    await expect.poll(() => card(lead, 'against the price list').count()).toBe(1);
    await colleagueEditor.press('Escape');
    await layoutSettled(lead);

    // And the other way round: the lead asks why again; the colleague sees the new card and its text.
    await card(lead, 'last year’s form').getByRole('button', { name: 'Why?' }).click();
    await answer(lead, 'New forms had not been ordered');
    await expect.poll(() => card(colleague, 'New forms had not been ordered').count()).toBe(1);
    await expect.poll(() => colleague.locator('article.cause-card').count()).toBe(4);

    await expect.poll(() => lead.getByTestId('connection-status').textContent()).toBe('Saved');
    await screenshot(lead, 'coedit-4-lead');
    await screenshot(colleague, 'coedit-5-colleague');
  });
});
