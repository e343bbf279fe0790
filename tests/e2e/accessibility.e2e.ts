import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CreateBoardResponse, CreateSpaceResponse } from '../../shared/protocol';
import { personContext, serverAndBrowserForFile } from './browser';

const setup = serverAndBrowserForFile();

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** The serious and critical accessibility violations axe-core finds on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP (scripts from its own origin only) rightly refuses a tag.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
    return result.violations as Violation[];
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

describe('accessibility, as axe-core checks it', () => {
  it('has no serious or critical violation on the home page, the board, the letter and a team space', async () => {
    const page = await (await personContext(setup.browser(), 'Dana Facilitator', { width: 1280, height: 800 })).newPage();
    await page.goto(setup.server().url);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await seriousViolations(page), 'home page').toEqual([]);

    const board = (await (await fetch(`${setup.server().url}/api/boards/example`, { method: 'POST' })).json()) as CreateBoardResponse;
    await page.goto(board.links.facilitator);
    await page.locator('main.canvas[data-ready]').waitFor();
    expect(await seriousViolations(page), 'board').toEqual([]);

    await page.getByRole('button', { name: 'Letter', exact: true }).click();
    await page.getByRole('button', { name: 'Draft from the board' }).first().click();
    await page.getByRole('textbox', { name: 'The letter', exact: true }).waitFor();
    expect(await seriousViolations(page), 'letter').toEqual([]);

    const space = (await (
      await fetch(`${setup.server().url}/api/spaces`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Customer Care' }),
      })
    ).json()) as CreateSpaceResponse;
    await page.goto(space.links.admin);
    await page.getByRole('heading', { name: 'Customer Care', level: 1 }).waitFor();
    expect(await seriousViolations(page), 'space').toEqual([]);
    await page.context().close();
  });
});
