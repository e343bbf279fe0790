/**
 * A team space in Chromium: a manager makes one from the home page, starts an analysis in it, and passes the member
 * link on; a member opens the space and each of its analyses as an editor.
 */
import { describe, expect, it } from 'vitest';
import { personContext, screenshot, serverAndBrowserForFile } from './browser';

const setup = serverAndBrowserForFile();

describe('a team space', () => {
  it('is made from the home page, gathers the analyses started in it, and opens them for its members as editors', async () => {
    const manager = await (await personContext(setup.browser(), 'Maya Manager')).newPage();
    await manager.goto(setup.server().url);
    await manager.getByLabel('New space name').fill('Customer Care — Leeds');
    await manager.getByRole('button', { name: 'New space' }).click();
    await manager.waitForURL(/\/s\/[\w-]+$/);
    await expect.poll(() => manager.getByRole('heading', { level: 1 }).textContent()).toBe('Customer Care — Leeds');
    expect(await manager.locator('.space-kicker').textContent()).toBe('Team space · admin');
    const memberLink = await manager.getByLabel('Member link').inputValue();
    expect(memberLink).toMatch(/\/s\/[\w-]+#token=/);
    expect(await manager.getByLabel('Admin link').count()).toBe(1);
    await screenshot(manager, 'space-0-new');

    // An analysis started here belongs to the space; its starter opens it as the facilitator.
    await manager.getByLabel('What did the customer say?').fill('You charged my card twice for the same renewal and nobody answered my emails.');
    await manager.getByLabel('Short title').fill('Double charge on renewal');
    await manager.getByLabel('Customer', { exact: true }).fill('Łukasz Nowak');
    await manager.getByRole('button', { name: 'Start the analysis' }).click();
    await manager.locator('main.canvas[data-ready]').waitFor();
    await expect.poll(() => manager.locator('.topbar-title h1').textContent()).toBe('Double charge on renewal');

    // A member, on another device, has only the member link.
    const member = await (await personContext(setup.browser(), 'Tom Member')).newPage();
    await member.goto(memberLink);
    await expect.poll(() => member.locator('.space-kicker').textContent()).toBe('Team space · member');
    expect(member.url()).not.toContain('token'); // taken out of the address bar
    expect(await member.getByLabel('Admin link').count()).toBe(0);
    const listed = member.locator('.space-board-list li a');
    await expect.poll(() => listed.count()).toBe(1);
    expect(await listed.first().textContent()).toContain('Double charge on renewal');
    expect(await listed.first().textContent()).toContain('Łukasz Nowak');
    await screenshot(member, 'space-1-member');
    await listed.first().click();
    await member.locator('main.canvas[data-ready]').waitFor();
    await expect.poll(() => member.getByTestId('complaint').getByRole('button', { name: 'Why?' }).count()).toBe(1); // an editor
    expect(await member.locator('.badge-viewer').count()).toBe(0);

    // The admin renames the space, replaces the member link (the page says what to do next), and takes the board out.
    await manager.goto(`${setup.server().url}/s/${new URL(memberLink).pathname.split('/').pop()}`);
    await manager.getByRole('button', { name: 'Rename' }).click();
    await manager.getByLabel('Space name').fill('Customer Care — Leeds & Bradford');
    await manager.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => manager.getByRole('heading', { level: 1 }).textContent()).toBe('Customer Care — Leeds & Bradford');
    manager.once('dialog', (dialog) => void dialog.accept());
    await manager.locator('.share-row').filter({ hasText: 'Member' }).getByRole('button', { name: 'Replace' }).click();
    await expect.poll(() => manager.locator('.space-notice').textContent()).toMatch(/^The new member link is below/);
    await expect.poll(() => manager.getByLabel('Member link').inputValue()).not.toBe(memberLink);
    await screenshot(manager, 'space-3-admin');
    manager.once('dialog', (dialog) => void dialog.accept());
    await manager.getByRole('button', { name: 'Take “Double charge on renewal” out of the space' }).click();
    await expect.poll(() => manager.locator('.space-board-list li').count()).toBe(0);
    // The old member link opens nothing now.
    const late = await (await personContext(setup.browser(), 'Late Member')).newPage();
    await late.goto(memberLink);
    await expect.poll(() => late.locator('.centered-box p').textContent()).toBe('This link no longer gives access to the space. Ask its admin for a new one.');
    await late.context().close();

    // Both find the space again from their home page.
    await member.goto(setup.server().url);
    await expect.poll(() => member.locator('.known-spaces li a').first().textContent()).toContain('Customer Care — Leeds');
    await screenshot(member, 'space-2-home');
    await manager.context().close();
    await member.context().close();
  });
});
