import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_ID, askWhy, markRootCause, updateCause } from '../../shared/board';
import { connectClient, createBoard } from '../fixtures/server';
import { SCREENSHOTS, personContext, screenshot, serverAndBrowserForFile } from './browser';

const setup = serverAndBrowserForFile();
const DOWNLOADS = path.resolve('test-results/downloads');
const card = (page: Page, text: string) => page.locator('article.cause-card').filter({ has: page.locator('.card-text', { hasText: text }) });

/** Clicks an export button and keeps the file it downloads. */
async function download(page: Page, button: string): Promise<string> {
  if ((await page.getByRole('dialog', { name: 'Export' }).count()) === 0) await page.getByRole('button', { name: 'Export' }).click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  fs.mkdirSync(DOWNLOADS, { recursive: true });
  const target = path.join(DOWNLOADS, file.suggestedFilename());
  await file.saveAs(target);
  return target;
}

describe('acting on the root cause and telling the customer', () => {
  it('adds actions, writes the letter until every check passes, signs it off and downloads every format', async () => {
    const board = await createBoard(setup.server().url, { title: 'Charged twice', complaint: { text: 'You charged my card twice for one order!', customer: 'Ada Lovelace' } });
    const seed = connectClient(setup.server().url, board.id, board.tokens.editor, { name: 'Sam Staffer' });
    await seed.synced;
    const first = askWhy(seed.doc, COMPLAINT_ID, { text: 'The payment was taken twice', createdBy: 'Sam Staffer' }, 'seed');
    const root = askWhy(seed.doc, first, { text: 'A retry after a time-out charged the card again', createdBy: 'Sam Staffer' }, 'seed');
    updateCause(seed.doc, root, { status: 'confirmed', evidence: 'Gateway log 14:02: INTERNAL retry id 99' }, 'seed');
    markRootCause(seed.doc, root, true, 'seed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    seed.destroy();

    const page = await (await personContext(setup.browser(), 'Fran Facilitator', { width: 1440, height: 900 })).newPage();
    await page.goto(board.links.facilitator);
    await page.locator('main.canvas[data-ready]').waitFor();

    // Actions on the root cause, from its details.
    await card(page, 'A retry after a time-out').click();
    await page.getByRole('button', { name: '+ Containment' }).click();
    const containment = page.locator('.action-editor').nth(0);
    await containment.getByLabel('What we will do').fill('Refund the second charge to Ada');
    await containment.getByLabel('Owner').fill('Payments lead');
    await containment.getByLabel('Due').fill('2026-11-25');
    await containment.getByLabel("In the customer's words").fill('We have refunded the second payment to your card');
    await page.getByRole('button', { name: '+ Preventive' }).click();
    const preventive = page.locator('.action-editor').nth(1);
    await preventive.getByLabel('What we will do').fill('Remind the team to be more careful');
    await expect.poll(() => preventive.locator('.action-issues').textContent()).toContain('relies on people');
    await preventive.getByLabel('What we will do').fill('Make payment retries idempotent, keyed by order number');
    await preventive.getByLabel('Owner').fill('Payments lead');
    await preventive.getByLabel('Due').fill('2026-12-15');
    await preventive.getByLabel("In the customer's words").fill('We are changing our payment system so a retried payment can never be taken twice');
    await expect.poll(() => preventive.locator('.action-issues').count()).toBe(0);
    await screenshot(page, 'report-1-actions');

    await page.getByRole('tab', { name: /Actions/ }).click();
    await expect.poll(() => page.locator('.coverage-ok').textContent()).toBe('Every root cause has owned, dated actions.');
    expect(await page.locator('.action-row-due').allTextContents()).toEqual(['2026-11-25', '2026-12-15']);
    await screenshot(page, 'report-2-actions-panel');

    // The letter: drafted from the board, checked, fixed, signed off.
    await page.getByRole('button', { name: 'Letter', exact: true }).click();
    await page.getByRole('button', { name: 'Draft from the board' }).first().click();
    const letter = page.getByRole('textbox', { name: 'The letter', exact: true });
    await expect.poll(() => letter.inputValue()).toContain('Dear Ada Lovelace,');
    const checks = page.getByRole('complementary', { name: 'Letter checks' });
    await expect.poll(() => checks.locator('li').allTextContents()).toEqual(['[date], [name] and [phone or email] are still to be filled in.']);
    await screenshot(page, 'report-3-letter-draft');
    // A careless line, caught, then taken out again.
    await letter.press('ControlOrMeta+End');
    await letter.pressSequentially('\n\nUnfortunately it was only a small issue, and it will never happen again.');
    await expect.poll(() => checks.locator('li[data-check]').evaluateAll((items) => items.map((item) => item.getAttribute('data-check')))).toEqual(['overPromise', 'negative', 'downplayed', 'placeholder']);
    await screenshot(page, 'report-4-letter-checks');
    await page.getByLabel('Contact (the one name the customer sees)').fill('Jordan Reyes');
    await page.getByLabel('How to reach them').fill('jordan.reyes@example.com');
    await page.getByLabel('Next contact by').fill('2026-12-01');
    await page.getByLabel('Next contact by').blur();
    // The fields, once written, fill the draft's placeholders: the letter and its fields say the same.
    await expect.poll(() => letter.inputValue()).toContain('We will contact you again by 1 December 2026');
    expect(await letter.inputValue()).toContain('please contact me directly: jordan.reyes@example.com.');
    expect(await letter.inputValue()).toMatch(/Yours sincerely,\nJordan Reyes/);
    await expect.poll(() => checks.locator('li[data-check]').evaluateAll((items) => items.map((item) => item.getAttribute('data-check')))).toEqual(['overPromise', 'negative', 'downplayed']);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Redraft from the board' }).click();
    await expect.poll(() => page.locator('.letter-checks .coverage-ok').count()).toBe(1);
    const text = await letter.inputValue();
    for (const secret of ['Sam', 'Staffer', 'INTERNAL', 'Payments lead', 'Fran']) expect(text).not.toContain(secret);
    expect(await page.getByTestId('letter-status').textContent()).toBe('Draft');
    await page.getByRole('button', { name: 'Mark ready to send' }).click();
    await expect.poll(() => page.getByTestId('letter-status').textContent()).toBe('Ready to send');
    expect(await page.locator('.letter-signed').textContent()).toMatch(/^Signed off by Fran Facilitator, /);
    await screenshot(page, 'report-5-letter-ready');

    // Every format, from the export menu.
    const files: Record<string, string> = {};
    for (const button of ['Report as PDF', 'Report as HTML', 'Report as Markdown', 'Letter as PDF', 'Letter as HTML', 'Letter as Markdown', 'Board file as JSON']) {
      files[button] = await download(page, button);
    }
    await screenshot(page, 'report-6-export-menu');
    await page.getByRole('button', { name: 'The tree' }).click();
    files.png = await download(page, 'Canvas as PNG');
    files.svg = await download(page, 'Canvas as SVG');

    expect(fs.readFileSync(files['Letter as Markdown']!, 'utf8')).toMatch(/^Dear Ada Lovelace,/); // signed off: no draft mark
    expect(fs.readFileSync(files['Report as Markdown']!, 'utf8')).toContain('| 2026-11-25 | Containment | Refund the second charge to Ada | Payments lead | Open |');
    expect(fs.readFileSync(files['Report as HTML']!, 'utf8')).toContain('<h2>Actions</h2>');
    // The report carries the canvas where the format can show it.
    expect(fs.readFileSync(files['Report as HTML']!, 'utf8')).toMatch(/<figure><img src="data:image\/png;base64,[A-Za-z0-9+/=]{1000,}" width="\d+" height="\d+"/);
    expect(execFileSync('pdfimages', ['-list', files['Report as PDF']!], { encoding: 'utf8' })).toMatch(/^\s+\d+\s+0\s+image\s+\d{3,}\s+\d{3,}\s/m);
    expect(JSON.parse(fs.readFileSync(files['Board file as JSON']!, 'utf8'))).toMatchObject({ format: 'whyboard.board', board: { title: 'Charged twice' } });
    expect(fs.readFileSync(files.png!).subarray(1, 4).toString()).toBe('PNG');
    expect(fs.statSync(files.png!).size).toBeGreaterThan(10_000);
    expect(fs.readFileSync(files.svg!, 'utf8')).toMatch(/^<svg/);

    const letterText = execFileSync('pdftotext', [files['Letter as PDF']!, '-'], { encoding: 'utf8' });
    expect(letterText).toContain('We are sorry. This was our mistake');
    for (const secret of ['Sam', 'INTERNAL', 'Payments lead', 'Fran', 'Draft']) expect(letterText).not.toContain(secret);
    expect(execFileSync('pdftotext', [files['Report as PDF']!, '-'], { encoding: 'utf8' })).toContain('Gateway log 14:02: INTERNAL retry id 99');
    // As a customer and a manager would see them: pictures of the first pages, to look at.
    for (const [name, file] of [['report-pdf', files['Report as PDF']!], ['letter-pdf', files['Letter as PDF']!]] as const) {
      execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', file, path.join(SCREENSHOTS, name)]);
    }
    expect(fs.existsSync(path.join(SCREENSHOTS, 'letter-pdf-1.png'))).toBe(true);
  });
});
