import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_ID, askWhy, readBoard } from '../../shared/board';
import { connectClient, createBoard, tempDir } from '../fixtures/server';
import { personContext, screenshot, serverAndBrowserForFile } from './browser';

const dataDir = tempDir();
const setup = serverAndBrowserForFile({ dataDir });
const card = (page: Page, text: string) => page.locator('article.cause-card').filter({ has: page.locator('.card-text', { hasText: text }) });
const status = (page: Page) => page.getByTestId('connection-status').textContent();

describe('offline', () => {
  it('says "Not saved" while the server cannot write to its storage, keeps the edit live, and "Saved" once it can', async () => {
    const board = await createBoard(setup.server().url);
    const [writer, reader] = await Promise.all(['Wren', 'Rey'].map(async (name) => (await personContext(setup.browser(), name)).newPage()));
    for (const page of [writer!, reader!]) {
      await page.goto(board.links.editor);
      await expect.poll(() => status(page)).toBe('Saved');
    }
    // Another process holds the database's write lock, as a stuck backup or a full disk would stop every write.
    const locker = new Database(path.join(dataDir, 'whyboard.db'));
    locker.exec('BEGIN IMMEDIATE');
    try {
      await writer!.getByTestId('complaint').getByRole('button', { name: 'Why?' }).click();
      await writer!.keyboard.type('Written while the disk was stuck');
      await writer!.keyboard.press('Escape');
      await expect.poll(() => card(reader!, 'Written while the disk was stuck').count()).toBe(1); // live for everyone
      await expect.poll(() => status(writer!), { timeout: 15_000 }).toMatch(/^Not saved · [12] unsynced changes?$/);
      await screenshot(writer!, 'offline-0-server-cannot-save');
    } finally {
      locker.exec('COMMIT');
      locker.close();
    }
    await expect.poll(() => status(writer!), { timeout: 20_000 }).toBe('Saved');
  });

  it('keeps edits made offline, shows them as unsynced, and merges them with everyone’s on reconnect', async () => {
    const board = await createBoard(setup.server().url);
    const seed = connectClient(setup.server().url, board.id, board.tokens.editor);
    await seed.synced;
    askWhy(seed.doc, COMPLAINT_ID, { id: 'shared', text: 'The form was wrong' }, 'seed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    seed.destroy();

    const contexts = await Promise.all(['Ana', 'Ben', 'Cy'].map((name) => personContext(setup.browser(), name)));
    const [ana, ben, cy] = await Promise.all(contexts.map((context) => context.newPage()));
    for (const page of [ana!, ben!, cy!]) {
      await page.goto(board.links.editor);
      await expect.poll(() => status(page)).toBe('Saved');
    }

    await contexts[1]!.setOffline(true);
    await expect.poll(() => status(ben!), { timeout: 15_000 }).toMatch(/^Offline/);

    // Both sides edit the same card, and each adds a card of their own.
    await card(ben!, 'The form was wrong').locator('.card-text').click();
    await ben!.keyboard.press('End');
    await ben!.keyboard.type(' at the till');
    await ben!.keyboard.press('Enter');
    await ben!.keyboard.press('Enter'); // another cause beside it
    await ben!.keyboard.type('Written offline by Ben');
    await ben!.keyboard.press('Escape');
    // Two changes as Ben sees them: his typing in one card, and the card he added (with its text).
    await expect.poll(() => status(ben!)).toMatch(/^Offline · [23] unsynced changes$/);
    await screenshot(ben!, 'offline-1-unsynced');

    await card(ana!, 'The form was wrong').locator('.card-text').click();
    await ana!.keyboard.press('Home');
    await ana!.keyboard.type('Yes: ');
    await ana!.keyboard.press('Enter');
    await ana!.keyboard.press('Enter');
    await ana!.keyboard.type('Written online by Ana');
    await ana!.keyboard.press('Escape');

    await contexts[1]!.setOffline(false);
    for (const page of [ana!, ben!, cy!]) {
      await expect.poll(() => status(page), { timeout: 20_000 }).toBe('Saved');
      await expect.poll(() => card(page, 'Yes: The form was wrong at the till').count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => card(page, 'Written offline by Ben').count()).toBe(1);
      await expect.poll(() => card(page, 'Written online by Ana').count()).toBe(1);
    }
    await screenshot(cy!, 'offline-2-converged');

    const check = connectClient(setup.server().url, board.id, board.tokens.viewer);
    await check.synced;
    const texts = readBoard(check.doc)
      .causeIds.map((id) => readBoard(check.doc).causes[id]!.text)
      .sort();
    check.destroy();
    expect(texts).toEqual(['Written offline by Ben', 'Written online by Ana', 'Yes: The form was wrong at the till']);
  });

  it('reloads a board page without the network, keeps what is written then, and sends it when back', async () => {
    const board = await createBoard(setup.server().url);
    const context = await personContext(setup.browser(), 'Dee');
    const page = await context.newPage();
    await page.goto(board.links.editor);
    await expect.poll(() => status(page)).toBe('Saved');
    // The service worker has taken the app shell and controls the page (it claims it on first install).
    await expect.poll(() => page.evaluate('navigator.serviceWorker.controller !== null'), { timeout: 10_000 }).toBe(true);
    await page.getByTestId('complaint').getByRole('button', { name: 'Why?' }).click();
    await page.keyboard.type('Written before going offline');
    await page.keyboard.press('Escape');
    await expect.poll(() => status(page)).toBe('Saved');

    // Saved on the server is not yet saved in this browser: IndexedDB writes lag behind. A read of the store waits
    // for every write queued before it (IndexedDB runs transactions on one store in order).
    await page.evaluate(`new Promise((resolve, reject) => {
      const open = indexedDB.open('whyboard:${board.id}');
      open.onerror = reject;
      open.onsuccess = () => {
        const read = open.result.transaction('updates').objectStore('updates').count();
        read.onsuccess = () => resolve(open.result.close());
      };
    })`);
    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => card(page, 'Written before going offline').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => status(page)).toBe('Offline');
    await page.getByTestId('complaint').getByRole('button', { name: 'Why?' }).click();
    await page.keyboard.type('Written after an offline reload');
    await page.keyboard.press('Escape');
    // Two changes as the person counts them: the card added, and what was typed in it.
    await expect.poll(() => status(page)).toBe('Offline · 2 unsynced changes');
    await screenshot(page, 'offline-3-reloaded-offline');

    await context.setOffline(false);
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe('Saved');
    const check = connectClient(setup.server().url, board.id, board.tokens.viewer);
    await check.synced;
    const texts = Object.values(readBoard(check.doc).causes)
      .map((cause) => cause.text)
      .sort();
    check.destroy();
    expect(texts).toEqual(['Written after an offline reload', 'Written before going offline']);
  });

  it('coming back after its link was replaced, a page says so instead of retrying for ever', async () => {
    const board = await createBoard(setup.server().url);
    const context = await personContext(setup.browser(), 'Eve');
    const page = await context.newPage();
    await page.goto(board.links.editor);
    await expect.poll(() => status(page)).toBe('Saved');
    await context.setOffline(true);
    await expect.poll(() => status(page)).toMatch(/^Offline/);
    const rotated = await fetch(`${setup.server().url}/api/boards/${board.id}/links/editor/rotate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${board.tokens.facilitator}` },
    });
    expect(rotated.status).toBe(200);
    await context.setOffline(false);
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 }).toContain('This link no longer opens the board.');
    expect(await status(page)).toBe('Disconnected');
    await screenshot(page, 'offline-4-link-replaced-while-away');
  });
});
