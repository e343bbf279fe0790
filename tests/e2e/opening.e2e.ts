/**
 * Opening a board by its link: the page asks for the board's code with the document, opens its socket and asks for
 * the link's role as soon as that code has run (before React draws the page), shows the role the link grants, and says
 * plainly why a link does not open a board.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MIN_BYTES } from '../../scripts/precompress';
import { createBoard } from '../fixtures/server';
import { personContext, screenshot, serverAndBrowserForFile } from './browser';

const setup = serverAndBrowserForFile();
const open = async (name: string): Promise<Page> => (await personContext(setup.browser(), name)).newPage();

describe('opening a board by its link', () => {
  it('is served a page that asks for the board’s chunks with the entry (the home page is not)', async () => {
    const board = await createBoard(setup.server().url);
    const html = async (pathname: string) => (await fetch(`${setup.server().url}${pathname}`)).text();
    const boardPage = await html(`/b/${board.id}`);
    const preloads = [...boardPage.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)">/g)].map((match) => match[1]!);
    expect(preloads.some((href) => /\/assets\/BoardPage-[\w-]+\.js$/.test(href))).toBe(true);
    for (const href of preloads) {
      const chunk = await fetch(`${setup.server().url}${href}`);
      expect(chunk.status).toBe(200);
      // Without zod (its objects carry `_zod`): the page draws without it; the history's decoder comes with the history.
      expect(await chunk.text(), href).not.toContain('_zod');
    }
    expect(await html('/')).not.toContain('modulepreload');

    // In the browser, the chunk is asked for beside the entry, not once the entry has arrived and run.
    const page = await open('Pia');
    const sockets: string[] = [];
    const linkReads: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    page.on('request', (request) => request.url().endsWith('/links') && linkReads.push(request.url()));
    await page.goto(board.links.editor);
    await page.locator('main.canvas[data-ready]').waitFor();
    // The socket opened before the page was drawn is the one the board uses (not one more), and the role is asked once.
    expect(sockets).toHaveLength(1);
    expect(linkReads).toHaveLength(1);
    const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((mark) => [mark.name, mark.startTime])));
    const at = (name: string) => marks[`whyboard:${name}`]!;
    expect(at('entry')).toBeLessThanOrEqual(at('board-code'));
    expect(at('board-code')).toBeLessThanOrEqual(at('connect'));
    expect(at('socket-open')).toBeLessThanOrEqual(at('synced'));
    expect(Math.max(at('synced'), at('role'))).toBeLessThanOrEqual(at('first-view'));
    const timing = (pattern: string) =>
      page.evaluate((source) => {
        const entry = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((resource) => new RegExp(source).test(resource.name));
        return entry && { start: entry.startTime, end: entry.responseEnd };
      }, pattern);
    const entry = await timing('/assets/index-[\\w-]+\\.js$');
    const chunk = await timing('/assets/BoardPage-[\\w-]+\\.js$');
    expect(chunk!.start).toBeLessThan(entry!.end);
    await page.context().close();
  });

  it('says it is opening the board from its first frame, before its code has run, and never goes blank on the way', async () => {
    const board = await createBoard(setup.server().url);
    // Before any script has run (here, none ever does): the page's own HTML already says it.
    const still = await setup.browser().newContext({ viewport: { width: 1280, height: 720 }, javaScriptEnabled: false });
    const before = await still.newPage();
    await before.goto(board.links.editor);
    expect(await before.getByRole('heading', { level: 1 }).textContent()).toBe('Opening the board…');
    expect(await before.getByRole('link', { name: 'Go to your boards' }).getAttribute('href')).toBe('/');
    // Without scripts it never will: it says why.
    expect(await before.locator('.noscript').textContent()).toBe('Whyboard needs JavaScript: turn it on for this site, then reload the page.');
    await screenshot(before, 'opening-before-code');
    await still.close();

    // With its code: what the root shows, each time it changes, until the board is drawn. React's first frames (its
    // page's code still loading) say the same, rather than nothing.
    const page = await open('Pia');
    await page.addInitScript(() => {
      const seen: string[] = ((window as unknown as { rootSeen: string[] }).rootSeen = []);
      // From the end of parsing (the page's HTML whole, its scripts not yet run: they are modules, run after it).
      document.addEventListener('readystatechange', () => {
        if (document.readyState !== 'interactive') return;
        const root = document.getElementById('root')!;
        const note = () => {
          const now = root.querySelector('h1')?.textContent ?? (root.textContent?.trim() ? 'other' : 'blank');
          if (seen.at(-1) !== now) seen.push(now);
        };
        note();
        new MutationObserver(note).observe(root, { childList: true, subtree: true, characterData: true });
      });
    });
    const files: Array<Promise<{ file: string; encoding: string | undefined; bytes: number }>> = [];
    page.on('response', (response) => {
      const file = /\/assets\/([\w-]+\.(?:js|css))$/.exec(response.url())?.[1];
      if (file) files.push(response.body().then((body) => ({ file, encoding: response.headers()['content-encoding'], bytes: body.byteLength })));
    });
    await page.goto(board.links.editor);
    await page.locator('main.canvas[data-ready]').waitFor();
    const seen = await page.evaluate(() => (window as unknown as { rootSeen: string[] }).rootSeen);
    expect(seen[0]).toBe('Opening the board…');
    expect(seen).not.toContain('blank');
    expect(seen.at(-1)).toBe('Overcharged'); // the board's title, in its top bar
    expect(await page.locator('.noscript').count()).toBe(0);
    // The board's files came compressed (the build's Brotli copies, scripts/precompress.ts), but those too small to gain.
    const fetched = await Promise.all(files);
    expect(fetched.map(({ file }) => file)).toEqual(expect.arrayContaining([expect.stringMatching(/^index-/), expect.stringMatching(/^BoardPage-/)]));
    for (const { file, encoding, bytes } of fetched) expect({ file, encoding }).toEqual({ file, encoding: bytes < MIN_BYTES ? undefined : 'br' });
    await page.context().close();
  });

  it('opens with the role its link grants, takes the token out of the address bar, and lists the board at home by its title', async () => {
    const board = await createBoard(setup.server().url, {
      title: 'Double charge on renewal',
      complaint: { text: 'You charged me twice!', customer: 'Łukasz Nowak' },
    });
    const page = await open('Vik');
    await page.goto(board.links.viewer);
    await page.locator('main.canvas[data-ready]').waitFor();
    await expect.poll(() => page.locator('.badge-viewer').textContent()).toBe('View only');
    expect(await page.getByTestId('complaint').getByRole('button', { name: 'Why?' }).count()).toBe(0);
    expect(page.url()).toBe(`${setup.server().url}/b/${board.id}`);

    await page.goto(setup.server().url);
    const listed = page.locator('.known-boards li a');
    await expect.poll(() => listed.first().textContent()).toContain('Double charge on renewal');
    expect(await listed.first().textContent()).toContain('Łukasz Nowak');
    // Opened again from there, without a token in the address: the one this browser keeps, with its role.
    await listed.first().click();
    await page.locator('main.canvas[data-ready]').waitFor();
    await expect.poll(() => page.locator('.badge-viewer').count()).toBe(1);
    await page.context().close();
  });

  it('keeps the meeting bar’s place while the meeting is on its way: the tree and the side panel do not jump', async () => {
    const board = await createBoard(setup.server().url);
    const page = await open('Ria');
    // Every position the tree's top takes, from its first frame on (an outside tester saw it jump 46 px on a slow link).
    await page.addInitScript(() => {
      const tops: number[] = ((window as unknown as { treeTops: number[] }).treeTops = []);
      const note = () => {
        const top = document.querySelector('main.canvas')?.getBoundingClientRect().top;
        if (top !== undefined && tops.at(-1) !== top) tops.push(top);
      };
      new MutationObserver(note).observe(document, { childList: true, subtree: true, attributes: true });
    });
    // A slow link: the meeting, which comes with the socket, arrives after the board is drawn.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 1.5e6 / 8, uploadThroughput: 0.75e6 / 8 });
    await page.goto(board.links.editor);
    await page.locator('main.canvas[data-ready]').waitFor({ timeout: 30_000 });
    await page.locator('.phase-steps').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('connection-status').textContent(), { timeout: 15_000 }).toBe('Saved');
    const tops = await page.evaluate(() => (window as unknown as { treeTops: number[] }).treeTops);
    expect(tops).toHaveLength(1);
    await screenshot(page, 'opening-meeting-bar-arrived');
    await page.context().close();
  });

  it('keeps the link’s token until this browser keeps it: a reload on the name prompt still opens the board', async () => {
    const board = await createBoard(setup.server().url);
    // Someone new on this device (no name yet), as an outside tester was: they reload while asked their name.
    const context = await setup.browser().newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    await page.goto(board.links.editor);
    const name = page.getByLabel('Your name');
    await name.waitFor();
    await page.reload();
    await name.waitFor();
    expect(await page.getByRole('heading', { name: 'This board cannot be opened' }).count()).toBe(0);
    await name.fill('Noa');
    await page.getByRole('button', { name: 'Join the board' }).click();
    await page.locator('main.canvas[data-ready]').waitFor();
    expect(await page.locator('.badge-viewer').count()).toBe(0); // the editor's link, as an editor
    // Kept, then out of the address bar; a reload opens the board from what this browser keeps.
    expect(page.url()).toBe(`${setup.server().url}/b/${board.id}`);
    await page.reload();
    await page.locator('main.canvas[data-ready]').waitFor();
    expect(await page.getByTestId('complaint').textContent()).toContain('You charged me twice!');
    await context.close();
  });

  it('drops a refused token from the address bar: a reload opens the board with the link this browser keeps', async () => {
    const board = await createBoard(setup.server().url);
    const page = await open('Ivo');
    await page.goto(board.links.editor);
    await page.locator('main.canvas[data-ready]').waitFor();
    await page.goto('about:blank'); // a new page load, not a jump within the board's page
    await page.goto(`${setup.server().url}/b/${board.id}#token=not-the-token`);
    await page.getByRole('heading', { name: 'This board cannot be opened' }).waitFor();
    expect(page.url()).toBe(`${setup.server().url}/b/${board.id}`);
    await page.reload();
    await page.locator('main.canvas[data-ready]').waitFor();
    expect(await page.getByTestId('complaint').textContent()).toContain('You charged me twice!');
    await page.context().close();
  });

  it('says why a link does not open a board: a wrong token, no such board, no token', async () => {
    const board = await createBoard(setup.server().url);
    const page = await open('Una');
    const cases = [
      {
        path: `/b/${board.id}#token=not-the-token`,
        says: 'This link does not give access to the board: it may have been replaced. Ask the facilitator for a new one.',
      },
      { path: `/b/NoSuchBoard1234#token=${board.tokens.editor}`, says: 'There is no such board. Check the link you were given.' },
      { path: `/b/${board.id}`, says: 'Open this board with the link you were given: it carries your access.' },
    ];
    for (const { path, says } of cases) {
      await page.goto(`${setup.server().url}${path}`);
      await expect.poll(() => page.getByRole('heading', { name: 'This board cannot be opened' }).count(), { timeout: 10_000 }).toBe(1);
      expect(await page.locator('.centered-box').textContent()).toContain(says);
      expect(await page.locator('.react-flow').count()).toBe(0);
    }
    await screenshot(page, 'opening-no-token');
    await page.context().close();
  });
});
