/**
 * How fast a big board opens and stays responsive in Chromium: time until cause cards are painted, and frame times
 * while typing into a card and while dragging the canvas. Two baselines, measured in the same run: the same page with
 * the complaint alone, and a page that does nothing (a heading), painted the same way: the least this browser on this
 * machine takes to show anything, which no page can beat.
 * Run with `npm run bench`. Not part of `npm test`: timings on a shared machine are noisy.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import * as Y from 'yjs';
import { readBoard } from '../shared/board';
import { layoutTree } from '../shared/tree/layoutTree';
import { measuredSize } from '../client/board/canvas/cardSizes';
import { launchBrowser, personContext } from '../tests/e2e/browser';
import { growTree } from '../tests/fixtures/growTree';
import { connectClient, createBoard, startTestServer } from '../tests/fixtures/server';

const SIZES = (process.env.BENCH_SIZES ?? '0,200,300,1000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? NaN;

/**
 * A page that does nothing but show a heading, marked `painted` as the board page marks it (the frame after the one
 * that drew it begins), from a server of its own: the floor under every figure here.
 */
const BLANK = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blank</title></head><body><h1>Blank</h1>
<script>requestAnimationFrame(() => setTimeout(() => performance.mark('whyboard:painted')));</script></body></html>`;

async function blankPagePaint(browser: import('playwright-core').Browser): Promise<number> {
  const server = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(BLANK));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  try {
    const paints: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await personContext(browser, 'Bench');
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      paints.push(
        await page
          .waitForFunction(MARKS)
          .then((handle) => handle.jsonValue() as Promise<Record<string, number>>)
          .then((marks) => marks.painted!),
      );
      await context.close();
    }
    return median(paints);
  } finally {
    server.close();
  }
}

async function main() {
  const server = await startTestServer({ staticDir: path.resolve('dist') });
  const browser = await launchBrowser();
  const rows: Array<Record<string, number>> = [];
  const ways: Array<Record<string, number>> = [];
  let blank = NaN;
  const overTheLink: Array<Record<string, number>> = [];
  try {
    blank = await blankPagePaint(browser);
    const empty = await createBoard(server.url);
    for (const compressed of [true, false])
      overTheLink.push({ compressed: Number(compressed), ...(await paintOverTheLink(browser, empty.links.editor, compressed)) });
    for (const size of SIZES) {
      const board = await createBoard(server.url);
      const writer = connectClient(server.url, board.id, board.tokens.editor);
      await writer.synced;
      growTree(writer.doc, size);
      while ((await server.rooms.snapshot(board.id)).causeIds.length < size) await new Promise((r) => setTimeout(r, 50));
      writer.destroy();

      // Pure cost of deriving and laying out the tree, in Node.
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(await docOf(server.url, board.id, board.tokens.viewer)));
      const t0 = performance.now();
      const snapshot = readBoard(doc);
      const t1 = performance.now();
      layoutTree(snapshot, measuredSize(new Map()));
      const t2 = performance.now();

      const paints: number[] = [];
      const milestones: Record<string, number[]> = {};
      let frames = { typing: [] as number[], dragging: [] as number[] };
      for (let run = 0; run < RUNS; run++) {
        const context = await personContext(browser, 'Bench');
        const page = await context.newPage();
        await page.goto(board.links.editor);
        // Painted: the cards on screen are measured, laid out and the first view placed (the canvas says so). Waited for
        // with a locator: Playwright's own polling (a loop of string evaluations here had hung, and with nothing else
        // left to wait for, Node ended the benchmark with exit code 13 and no figures).
        await page.locator('main.canvas[data-ready]').waitFor({ timeout: 60_000 });
        // The page's own marks (client/lib/milestones.ts), not the time this process hears of it: polling and a round
        // trip to the page had added 100-200 ms.
        const marks = await page.waitForFunction(MARKS).then((handle) => handle.jsonValue() as Promise<Record<string, number>>);
        paints.push(marks.painted!);
        for (const [name, at] of Object.entries(marks)) (milestones[name] ??= []).push(at);
        if (run === RUNS - 1 && size > 0) frames = await typingAndDragging(page);
        await context.close();
      }
      rows.push({
        causes: size,
        readBoardMs: t1 - t0,
        layoutMs: t2 - t1,
        paintMs: median(paints),
        typingP50: median(frames.typing),
        typingP95: percentile(frames.typing, 0.95),
        draggingP50: median(frames.dragging),
        draggingP95: percentile(frames.dragging, 0.95),
      });
      ways.push({ causes: size, ...Object.fromEntries(Object.entries(milestones).map(([name, ats]) => [name, median(ats)])) });
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const baseline = rows.find((row) => row.causes === 0)?.paintMs ?? NaN;
  console.info('\nBoard load in Chromium (1280×720), median of', RUNS, 'runs; baselines from the same run: the complaint alone, and');
  console.info(`a blank page (a heading, painted in ${blank.toFixed(0)} ms: the least this browser here takes to show anything)`);
  console.info(
    'causes | readBoard ms | layout ms | painted ms | × the complaint alone | over a blank page ms | typing frame p50 / p95 ms | dragging frame p50 / p95 ms',
  );
  for (const row of rows) {
    console.info(
      [
        row.causes,
        row.readBoardMs!.toFixed(1),
        row.layoutMs!.toFixed(1),
        row.paintMs!.toFixed(0),
        (row.paintMs! / baseline).toFixed(2),
        (row.paintMs! - blank).toFixed(0),
        `${fmt(row.typingP50)} / ${fmt(row.typingP95)}`,
        `${fmt(row.draggingP50)} / ${fmt(row.draggingP95)}`,
      ].join(' | '),
    );
  }
  console.info('\nThe way there (median ms since the link was opened, per milestone: client/lib/milestones.ts)');
  const names = [...new Set(ways.flatMap((way) => Object.keys(way).filter((name) => name !== 'causes')))].sort(
    (a, b) => (ways[0]![a] ?? 0) - (ways[0]![b] ?? 0),
  );
  console.info(['causes', ...names].join(' | '));
  for (const way of ways) console.info([way.causes, ...names.map((name) => fmt(way[name]))].join(' | '));
  console.info(`\nThe empty board over ${LINK.name}, median of ${RUNS} runs: the build's compressed copies against the same files uncompressed`);
  console.info('files | painted ms | transferred before the first view kB');
  for (const row of overTheLink) {
    console.info([row.compressed ? 'compressed' : 'uncompressed', row.paintMs!.toFixed(0), (row.bytes! / 1024).toFixed(0)].join(' | '));
  }
  fs.mkdirSync('test-results', { recursive: true });
  fs.writeFileSync(
    'test-results/bench-board-load.json',
    JSON.stringify({ when: new Date().toISOString(), blankPageMs: blank, rows, ways, overTheLink, link: LINK }, null, 2),
  );
}

/** A link as a home or hotel connection gives: what the page's size costs there (on loopback it costs nothing). */
const LINK = { name: 'a 10 Mbit/s link with 40 ms round trips', downloadBitsPerSecond: 10e6, uploadBitsPerSecond: 5e6, latencyMs: 40 };

/**
 * The board at `link` painted over `LINK` (Chromium's network emulation), with the build's compressed files or, as
 * before they existed, without (the browser says it accepts no encoding): when it painted, and the bytes it fetched.
 */
async function paintOverTheLink(browser: import('playwright-core').Browser, link: string, compressed: boolean): Promise<{ paintMs: number; bytes: number }> {
  const paints: number[] = [];
  const bytes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await personContext(browser, 'Bench');
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: LINK.latencyMs,
      downloadThroughput: LINK.downloadBitsPerSecond / 8,
      uploadThroughput: LINK.uploadBitsPerSecond / 8,
    });
    if (!compressed) await context.setExtraHTTPHeaders({ 'Accept-Encoding': 'identity' });
    await page.goto(link);
    await page.locator('main.canvas[data-ready]').waitFor({ timeout: 60_000 }); // as in main(): the page's CSP forbids polling a string
    const marks = await page.waitForFunction(MARKS).then((handle) => handle.jsonValue() as Promise<Record<string, number>>);
    paints.push(marks.painted!);
    bytes.push(await page.evaluate<number>(TRANSFERRED_BEFORE_FIRST_VIEW));
    await context.close();
  }
  return { paintMs: median(paints), bytes: median(bytes) };
}

/** In the page: the bytes of the document and of every file it had fetched by its first view. */
const TRANSFERRED_BEFORE_FIRST_VIEW = `(() => {
  const firstView = performance.getEntriesByName('whyboard:first-view', 'mark')[0].startTime;
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return entries.filter((entry) => entry.responseEnd <= firstView).reduce((sum, entry) => sum + entry.transferSize, 0);
})()`;

/**
 * In the page: its milestones by name (ms since navigation), with the browser's first contentful paint ("first-text":
 * the first frame with any text), once the painted one is there; else null (asked again).
 */
const MARKS = `(() => {
  const marks = performance.getEntriesByType('mark').filter((mark) => mark.name.startsWith('whyboard:'));
  if (!marks.some((mark) => mark.name === 'whyboard:painted')) return null;
  const contentful = performance.getEntriesByName('first-contentful-paint', 'paint').map((paint) => ['first-text', paint.startTime]);
  return Object.fromEntries([...marks.map((mark) => [mark.name.slice('whyboard:'.length), mark.startTime]), ...contentful]);
})()`;

const fmt = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '-' : value.toFixed(1));

async function docOf(url: string, id: string, token: string): Promise<Y.Doc> {
  const client = connectClient(url, id, token);
  await client.synced;
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(client.doc));
  client.destroy();
  return copy;
}

/** Every animation frame's duration while `act` runs (the first two dropped: they began before it). */
async function framesDuring(page: import('playwright-core').Page, act: () => Promise<void>): Promise<number[]> {
  // A string, not a function: tsx's name-keeping helper does not exist in the page.
  await page.evaluate(`(() => {
    window.frames_ = [];
    window.stop_ = false;
    let last = performance.now();
    const tick = (now) => {
      window.frames_.push(now - last);
      last = now;
      if (!window.stop_) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await act();
  return page.evaluate<number[]>('(window.stop_ = true, window.frames_.slice(2))');
}

/**
 * Frames while typing into the first card and while dragging the canvas, once the coach reads answers (its language
 * chunk loads after the first view, and its first use is a long task of its own, not typing's). Typing is timed from
 * the first key: selecting the card and opening its editor come before.
 */
async function typingAndDragging(page: import('playwright-core').Page): Promise<{ typing: number[]; dragging: number[] }> {
  await page.locator('main.canvas[data-coach-reads]').waitFor({ timeout: 60_000 });
  // As a person would: select the complaint, go down to its first cause (the canvas pans to it), edit it.
  await page.locator('.complaint-quote').click();
  await page.keyboard.press('ArrowDown');
  await page.waitForTimeout(400);
  await page.keyboard.press('F2');
  const editor = page.locator('textarea.card-editor');
  await editor.waitFor();
  await page.waitForTimeout(200);
  const typing = await framesDuring(page, () => editor.pressSequentially(' and the form had no review step', { delay: 30 }));
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  const dragging = await framesDuring(page, async () => {
    const x = box.x + 40;
    const y = box.y + box.height - 60;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let step = 1; step <= 40; step++) {
      await page.mouse.move(x + step * 12, y - step * 6);
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
  });
  return { typing, dragging };
}

await main();
