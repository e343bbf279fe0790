import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_ID, askWhy, markRootCause, updateCause } from '../../shared/board';
import { localToday } from '../../client/lib/localToday';
import { longDate } from '../../shared/report/dates';
import { connectClient, createBoard } from '../fixtures/server';
import { SCREENSHOTS, personContext, screenshot, serverAndBrowserForFile } from './browser';

const setup = serverAndBrowserForFile();
const DOWNLOADS = path.resolve('test-results/downloads');
/** `YYYY-MM-DD`, `days` from today on this machine's calendar (the browser's). */
const daysFromToday = (days: number) => localToday(new Date(Date.now() + days * 86_400_000));
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
    // Dates from today, as a team would pick them: fixed ones become overdue (and the coach says so) as time passes.
    const [soon, later, nextContact] = [daysFromToday(7), daysFromToday(21), daysFromToday(3)];
    const board = await createBoard(setup.server().url, {
      title: 'Charged twice',
      complaint: { text: 'You charged my card twice for one order!', customer: 'Ada Lovelace' },
    });
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
    await containment.getByLabel('Due').fill(soon);
    await containment.getByLabel("In the customer's words").fill('We have refunded the second payment to your card');
    await page.getByRole('button', { name: '+ Preventive' }).click();
    const preventive = page.locator('.action-editor').nth(1);
    await preventive.getByLabel('What we will do').fill('Remind the team to be more careful');
    await expect.poll(() => preventive.locator('.action-issues').textContent()).toContain('relies on people');
    await preventive.getByLabel('What we will do').fill('Make payment retries idempotent, keyed by order number');
    await preventive.getByLabel('Owner').fill('Payments lead');
    await preventive.getByLabel('Due').fill(later);
    await preventive.getByLabel("In the customer's words").fill('We are changing our payment system so a retried payment can never be taken twice');
    await expect.poll(() => preventive.locator('.action-issues').count()).toBe(0);
    await screenshot(page, 'report-1-actions');

    await page.getByRole('tab', { name: /Actions/ }).click();
    await expect.poll(() => page.locator('.coverage-ok').textContent()).toBe('Every root cause has owned, dated actions.');
    // On screen, dates read as the reader's browser writes them (here its default locale), the same format everywhere.
    const onScreen = (isoDay: string) =>
      page.evaluate((day) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(`${day}T12:00`)), isoDay);
    expect(await page.locator('.action-row-due').allTextContents()).toEqual([await onScreen(soon), await onScreen(later)]);
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
    await expect
      .poll(() => checks.locator('li[data-check]').evaluateAll((items) => items.map((item) => item.getAttribute('data-check'))))
      .toEqual(['overPromise', 'negative', 'downplayed', 'placeholder']);
    await screenshot(page, 'report-4-letter-checks');
    await page.getByLabel('Contact name').fill('Jordan Reyes');
    await page.getByLabel('How to reach them').fill('jordan.reyes@example.com');
    await page.getByLabel('Next contact by').fill(nextContact);
    await page.getByLabel('Next contact by').blur();
    // The fields, once written, fill the draft's placeholders: the letter and its fields say the same.
    await expect.poll(() => letter.inputValue()).toContain(`We will contact you again by ${longDate(nextContact)}`);
    expect(await letter.inputValue()).toContain('please contact me directly: jordan.reyes@example.com.');
    expect(await letter.inputValue()).toMatch(/Yours sincerely,\nJordan Reyes/);
    await expect
      .poll(() => checks.locator('li[data-check]').evaluateAll((items) => items.map((item) => item.getAttribute('data-check'))))
      .toEqual(['overPromise', 'negative', 'downplayed']);
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

    // Every format, from the export menu; this team's documents write dates month first.
    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('radio', { name: longDate('2026-12-05', 'mdy') }).check();
    const files: Record<string, string> = {};
    for (const button of [
      'Report as PDF',
      'Report as HTML',
      'Report as Markdown',
      'Letter as PDF',
      'Letter as HTML',
      'Letter as Markdown',
      'Board file as JSON',
    ]) {
      files[button] = await download(page, button);
    }
    await screenshot(page, 'report-6-export-menu');
    files.png = await download(page, 'Tree picture as PNG');
    files.svg = await download(page, 'Tree picture as SVG');
    fs.copyFileSync(files.png, path.join(SCREENSHOTS, 'report-7-tree-picture.png'));

    expect(fs.readFileSync(files['Letter as Markdown']!, 'utf8')).toMatch(/^Dear Ada Lovelace,/); // signed off: no draft mark
    expect(fs.readFileSync(files['Report as Markdown']!, 'utf8')).toContain(
      `| ${longDate(soon, 'mdy')} | Containment | Refund the second charge to Ada | Payments lead | Open |`,
    );
    expect(fs.readFileSync(files['Report as HTML']!, 'utf8')).toContain('<h2>Actions</h2>');
    // The report draws the tree from the board: vector, its words real text, never a picture of the screen.
    expect(fs.readFileSync(files['Report as HTML']!, 'utf8')).toMatch(
      /<figure><svg [^>]*role="img"[\s\S]*A retry after a time-out[\s\S]*ROOT CAUSE[\s\S]*<\/svg><figcaption>Figure 1\. The whole tree<\/figcaption>/,
    );
    expect(execFileSync('pdfimages', ['-list', files['Report as PDF']!], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(2);
    expect(execFileSync('pdftotext', [files['Report as PDF']!, '-'], { encoding: 'utf8' })).toMatch(/WHY 1[\s\S]*Figure 1\. The whole tree/);
    expect(JSON.parse(fs.readFileSync(files['Board file as JSON']!, 'utf8'))).toMatchObject({ format: 'whyboard.board', board: { title: 'Charged twice' } });
    expect(fs.readFileSync(files.png!).subarray(1, 4).toString()).toBe('PNG');
    expect(fs.statSync(files.png!).size).toBeGreaterThan(10_000);
    const svg = fs.readFileSync(files.svg!, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('THE COMPLAINT');
    // A picture for a reader: none of the canvas's controls.
    for (const control of ['Ask why', 'Delete', 'Fold', 'Mark root', 'button', 'hint']) expect(svg).not.toContain(control);

    const letterText = execFileSync('pdftotext', [files['Letter as PDF']!, '-'], { encoding: 'utf8' });
    expect(letterText).toContain('We are sorry. This was our mistake');
    for (const secret of ['Sam', 'INTERNAL', 'Payments lead', 'Fran', 'Draft']) expect(letterText).not.toContain(secret);
    expect(execFileSync('pdftotext', [files['Report as PDF']!, '-'], { encoding: 'utf8' })).toContain('Gateway log 14:02: INTERNAL retry id 99');
    // As a customer and a manager would see them: pictures of the first pages, to look at.
    for (const [name, file] of [
      ['report-pdf', files['Report as PDF']!],
      ['letter-pdf', files['Letter as PDF']!],
    ] as const) {
      execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', file, path.join(SCREENSHOTS, name)]);
    }
    expect(fs.existsSync(path.join(SCREENSHOTS, 'letter-pdf-1.png'))).toBe(true);
  });
});
