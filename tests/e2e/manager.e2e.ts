/**
 * The manager's journey in Chromium (issue 16): a space, three complaints started by two team members (two share a
 * root cause in other words, one customer complains twice), actions, a check that finds an action did not work (the
 * board reopens), what recurs, the period report and the actions as files, and a letter sent by e-mail.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPLAINT_ID, askWhy, markRootCause, updateCause } from '../../shared/board';
import { localToday } from '../../client/lib/localToday';
import { hasPoppler, pdfText } from '../fixtures/pdf';
import { connectSavingClient } from '../fixtures/server';
import { readMail, startSmtp } from '../fixtures/smtp';
import { personContext, screenshot, serverAndBrowserForFile } from './browser';

const smtp = await startSmtp();
afterAll(() => smtp.close());
const setup = serverAndBrowserForFile({ smtpUrl: smtp.url });
const DOWNLOADS = path.resolve('test-results/downloads');
const daysFromToday = (days: number) => localToday(new Date(Date.now() + days * 86_400_000));
const card = (page: Page, text: string) => page.locator('article.cause-card').filter({ has: page.locator('.card-text', { hasText: text }) });

/** Starts an analysis from the space's page, as a member does; returns the board's id (the page opens it). */
async function startAnalysis(page: Page, memberLink: string, complaint: { text: string; title: string; customer: string; received: string }): Promise<string> {
  await page.goto(memberLink);
  await page.getByLabel('What did the customer say?').fill(complaint.text);
  await page.getByLabel('Short title').fill(complaint.title);
  await page.getByLabel('Customer', { exact: true }).fill(complaint.customer);
  await page.getByLabel('Received', { exact: true }).fill(complaint.received);
  await page.getByRole('button', { name: 'Start the analysis' }).click();
  await page.waitForURL(/\/b\/[\w-]+$/);
  await page.locator('main.canvas[data-ready]').waitFor();
  return new URL(page.url()).pathname.split('/').pop()!;
}

/** A why-chain down to a root cause (with its theme, if given), written over the sync protocol as a member's device writes it. */
async function analyse(boardId: string, token: string, chain: string[], theme?: string): Promise<void> {
  const client = connectSavingClient(setup.server().url, boardId, token);
  await client.synced;
  let parent = COMPLAINT_ID;
  for (const text of chain) parent = askWhy(client.doc, parent, { text }, 'team');
  markRootCause(client.doc, parent, true, 'team');
  if (theme) updateCause(client.doc, parent, { theme }, 'team');
  await expect.poll(() => client.acks.length).toBeGreaterThan(0);
  client.destroy();
}

/** Clicks a button that downloads a file, and keeps the file. */
async function download(page: Page, button: string): Promise<{ file: string; name: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  fs.mkdirSync(DOWNLOADS, { recursive: true });
  const target = path.join(DOWNLOADS, file.suggestedFilename());
  await file.saveAs(target);
  return { file: target, name: file.suggestedFilename() };
}

describe('a manager’s view across complaints', () => {
  it('sees where each complaint stands, what recurs and every action, exports the period, and the letter goes out', async () => {
    const manager = await (await personContext(setup.browser(), 'Maya Manager', { width: 1280, height: 900 })).newPage();
    await manager.goto(setup.server().url);
    await manager.getByLabel('New space name').fill('Customer Care — Leeds');
    await manager.getByRole('button', { name: 'New space' }).click();
    await manager.waitForURL(/\/s\/[\w-]+$/);
    const memberLink = await manager.getByLabel('Member link').inputValue();
    const memberToken = decodeURIComponent(memberLink.split('#token=')[1]!);

    // Two team members start three analyses from the space.
    const tom = await (await personContext(setup.browser(), 'Tom Member')).newPage();
    const priya = await (await personContext(setup.browser(), 'Priya Member')).newPage();
    const renewal = await startAnalysis(tom, memberLink, {
      text: 'You took the money for my renewal twice and nobody answered my emails.',
      title: 'Charged twice for the renewal',
      customer: 'Łukasz Nowak',
      received: daysFromToday(-20),
    });
    await startAnalysis(priya, memberLink, {
      text: 'My parcel was left outside in the rain.',
      title: 'Parcel left in the rain',
      customer: 'Ada Obi',
      received: daysFromToday(-12),
    });
    const again = await startAnalysis(priya, memberLink, {
      text: 'Again! Two payments for one order.',
      title: 'Charged again in December',
      customer: 'lukasz nowak',
      received: daysFromToday(-2),
    });
    // Their analyses reach a root cause each: the same cause, worded by two people.
    await analyse(renewal, memberToken, ['The card was charged twice', 'The retry job charges the card again when the bank answers late']);
    await analyse(
      again,
      memberToken,
      ['Two payments went through', 'When the bank is slow to answer, the retry job charges the card a second time'],
      'payment retries',
    );

    // Tom agrees an action, overdue by now; its check finds it did not work: the board says the analysis is open again.
    await tom.goto(`${setup.server().url}/b/${renewal}`);
    await tom.locator('main.canvas[data-ready]').waitFor();
    // The board leads back to its space.
    await expect.poll(() => tom.locator('.topbar-space').textContent()).toBe('Customer Care — Leeds');
    await card(tom, 'The retry job charges the card again').click();
    await tom.getByLabel('Theme').fill('Payment retries');
    await tom.getByRole('button', { name: '+ Corrective' }).click();
    const action = tom.locator('.action-editor').first();
    await action.getByLabel('What we will do').fill('Make the retry job check for an earlier payment first');
    await action.getByLabel('Owner').fill('Payments lead');
    await action.getByLabel('Due').fill(daysFromToday(-3));
    await action.getByLabel('Check by').fill(daysFromToday(-1));
    await action.getByLabel('Result').selectOption({ label: 'Did not work' });
    await action.getByLabel('How it was checked').fill('Charged twice again on Monday');
    await expect.poll(() => tom.getByTestId('reopened-banner').textContent()).toContain('did not work (Charged twice again on Monday)');
    await screenshot(tom, 'manager-0-reopened');

    // The manager's space: each complaint with where it stands.
    await manager.reload();
    const rows = manager.locator('.space-board-list li');
    await expect.poll(() => rows.count()).toBe(3);
    const stateOf = async (title: string) => rows.filter({ hasText: title }).locator('.state-badge').textContent();
    expect(await stateOf('Charged twice for the renewal')).toBe('Reopened');
    expect(await stateOf('Charged again in December')).toBe('Root cause confirmed');
    expect(await stateOf('Parcel left in the rain')).toBe('Analysing');
    await screenshot(manager, 'manager-1-analyses');
    await manager.getByLabel('State').selectOption({ label: 'Analysing (2)' });
    await expect.poll(() => rows.count()).toBe(2);
    await manager.getByRole('button', { name: 'Clear the filters' }).click();

    // Every action, overdue first.
    await manager.getByRole('tab', { name: /^Actions/ }).click();
    const actionRows = manager.locator('.space-actions tbody tr');
    await expect.poll(() => actionRows.count()).toBe(1);
    expect(await actionRows.first().textContent()).toContain('Make the retry job check for an earlier payment first');
    expect(await actionRows.first().textContent()).toContain('overdue');
    expect(await actionRows.first().textContent()).toContain('Did not work');
    await screenshot(manager, 'manager-2-actions');

    // What recurs: the cause two teams worded differently, the customer who came back.
    await manager.getByRole('tab', { name: 'Recurring' }).click();
    const group = manager.locator('.recurring-group');
    await expect.poll(() => group.count()).toBe(1);
    expect(await group.locator('h3').textContent()).toBe('Payment retries 2 complaints');
    expect(await group.locator('li').allTextContents()).toEqual([
      expect.stringContaining('Charged twice for the renewal'),
      expect.stringContaining('Charged again in December'),
    ]);
    const customers = manager.locator('.recurring-customers > li');
    await expect.poll(() => customers.count()).toBe(1);
    expect(await customers.first().textContent()).toMatch(/^Łukasz Nowak 2 complaints/);
    await screenshot(manager, 'manager-3-recurring');

    await manager.getByRole('tab', { name: 'Trends' }).click();
    await expect.poll(() => manager.locator('.space-tab-panel figure').count()).toBe(3);
    await screenshot(manager, 'manager-4-trends');

    // The period report as a PDF, and the actions as CSV.
    await manager.getByLabel('From', { exact: true }).fill(daysFromToday(-30));
    await manager.getByLabel('To', { exact: true }).fill(daysFromToday(0));
    const report = await download(manager, 'Report (PDF)');
    expect(report.name).toMatch(/^Customer-Care-Leeds-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.pdf$/);
    if (hasPoppler || process.env.WHYBOARD_FORBID_SKIP === '1') {
      const text = pdfText(fs.readFileSync(report.file));
      for (const expected of [
        'Period report: Customer Care — Leeds',
        '3 complaints',
        'Recurring root causes',
        'Łukasz Nowak',
        'Parcel left in the rain',
        'Make the retry job check',
      ]) {
        expect(text).toContain(expected);
      }
    }
    const csv = fs.readFileSync((await download(manager, 'Actions (CSV)')).file, 'utf8');
    expect(csv.split('\r\n')[1]).toContain('Make the retry job check for an earlier payment first');

    // Priya, who started it, writes the letter, signs it off and sends it to the customer.
    await priya.goto(`${setup.server().url}/b/${again}`);
    await priya.locator('main.canvas[data-ready]').waitFor();
    await priya.getByRole('button', { name: 'Letter', exact: true }).click();
    await priya.getByRole('button', { name: 'Draft from the board' }).first().click();
    await priya.getByLabel('Contact name').fill('Priya Shah');
    await priya.getByLabel('How to reach them').fill('priya.shah@example.com');
    await priya.getByLabel('How to reach them').blur();
    // The draft leaves what the team is doing to fill in (a letter with a gap is refused), so she writes it out, once
    // the draft has taken her contact details.
    const letter = priya.getByRole('textbox', { name: 'The letter', exact: true });
    await expect.poll(() => letter.inputValue()).toContain('priya.shah@example.com');
    await letter.fill(
      [
        'Dear Mr Nowak,',
        'You were charged twice for one order, for the second time this winter. I am sorry: that was our mistake, and we should have caught it after the first time.',
        'Our payment system took your card again while it waited for your bank to answer. We refunded the second payment to your card today, and by 18 December we will change the system so that it checks for an earlier payment before it tries again.',
        'I will call you by 19 December to make sure the refund has reached you. You can reach me directly at priya.shah@example.com.',
        'Priya Shah',
      ].join('\n\n'),
    );
    await expect.poll(() => letter.inputValue()).toMatch(/^Dear Mr Nowak,/);
    await priya.getByRole('button', { name: 'Mark ready to send' }).click();
    await priya.getByLabel('Send to the customer').fill('lukasz.nowak@example.com');
    await priya.getByRole('button', { name: 'Send by e-mail' }).click();
    await expect.poll(() => priya.getByTestId('letter-sent').textContent()).toMatch(/^Sent to lukasz\.nowak@example\.com on /);
    await screenshot(priya, 'manager-5-letter-sent');
    expect(smtp.messages.map((message) => message.rcptTo)).toEqual([['lukasz.nowak@example.com']]);
    const mail = await readMail(smtp.messages[0]!);
    expect(mail.from?.value).toEqual([{ name: 'Priya Shah', address: 'priya.shah@example.com' }]);
    expect(mail.subject).toBe('Your complaint: Charged again in December');
    expect(mail.text).toContain('Priya Shah');

    await manager.reload();
    await expect
      .poll(() => manager.locator('.space-board-list li').filter({ hasText: 'Charged again in December' }).locator('.state-badge').textContent())
      .toBe('Letter sent');
    await screenshot(manager, 'manager-6-sent');
    for (const page of [manager, tom, priya]) await page.context().close();
  });
});
