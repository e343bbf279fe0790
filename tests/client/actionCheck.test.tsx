// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addAction, markRootCause, readBoard } from '../../shared/board';
import type { BoardStore } from '../../client/board/store/createBoardStore';
import { makeBoard } from '../fixtures/makeBoard';
import { installReactFlowShims } from './jsdomShims';
import { mountBoard } from './mountBoard';

beforeAll(installReactFlowShims);
afterEach(cleanup);

/** A board whose root cause `b` has a corrective action, open in the details panel. */
function boardWithAction(role: 'editor' | 'viewer' = 'editor') {
  const doc = makeBoard('complaint > a > b');
  markRootCause(doc, 'b', true, 'test');
  const actionId = addAction(doc, 'b', { text: 'Check the price list every Monday', owner: 'Sam', status: 'done' }, 'test');
  const store: BoardStore = mountBoard(doc, role);
  act(() => store.getState().ops.select('b'));
  act(() => store.getState().ops.showPanel('details'));
  return { doc, store, actionId };
}

describe('an action’s effectiveness check', () => {
  it('reopens the analysis when the action did not work, until a new action is agreed', async () => {
    const user = userEvent.setup();
    const { doc, store, actionId } = boardWithAction();
    const check = screen.getByRole('group', { name: 'Effectiveness check' });
    expect(screen.queryByTestId('reopened-banner')).toBeNull();

    await user.type(within(check).getByLabelText('Check by'), '2026-12-20');
    await user.selectOptions(within(check).getByLabelText('Result'), 'Did not work');
    expect(readBoard(doc).actions[actionId]).toMatchObject({ checkResult: 'notEffective', status: 'done', checkBy: '2026-12-20' });
    expect(within(check).getByText(/Found not to work on .*: the analysis is open again\./)).toBeTruthy();
    await user.type(within(check).getByLabelText('How it was checked'), 'Two more complaints in December');
    expect(readBoard(doc).actions[actionId]!.checkNote).toBe('Two more complaints in December');

    const banner = screen.getByTestId('reopened-banner');
    expect(banner.textContent).toContain('Analysis reopened.');
    expect(banner.textContent).toContain('“Check the price list every Monday” did not work (Two more complaints in December)');
    await user.click(within(banner).getByRole('button', { name: 'Show the actions' }));
    expect(store.getState().panel).toBe('actions');

    act(() => store.getState().ops.addAction('b', 'corrective'));
    expect(screen.queryByTestId('reopened-banner')).toBeNull();
  });

  it('verifies an action that worked', async () => {
    const user = userEvent.setup();
    const { doc, actionId } = boardWithAction();
    await user.selectOptions(screen.getByLabelText('Result'), 'Worked');
    expect(readBoard(doc).actions[actionId]).toMatchObject({ checkResult: 'effective', status: 'verified' });
    expect(screen.getByText(/^Verified on /)).toBeTruthy();
    expect(screen.queryByTestId('reopened-banner')).toBeNull();
  });

  it('takes a root cause’s theme as it is typed, spaces and all (a new user lost every space)', async () => {
    const user = userEvent.setup();
    const { doc } = boardWithAction();
    await user.type(screen.getByLabelText('Theme'), 'Booking tool timeout');
    expect(readBoard(doc).causes['b']!.theme).toBe('Booking tool timeout');
    expect(screen.getByLabelText('Theme')).toHaveValue('Booking tool timeout');
  });

  it('asks what the check found when an action is marked verified without one (a new user could)', async () => {
    const user = userEvent.setup();
    const { actionId } = boardWithAction();
    expect(screen.queryByText(/^Marked verified effective/)).toBeNull();
    await user.selectOptions(within(screen.getByTestId(`action-${actionId}`)).getByLabelText('Status'), 'Verified effective');
    expect(screen.getByText('Marked verified effective: say what the check found, and how.')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Result'), 'Worked');
    expect(screen.queryByText(/^Marked verified effective/)).toBeNull();
  });

  it('is read-only for a viewer', () => {
    boardWithAction('viewer');
    expect((screen.getByLabelText('Result') as HTMLSelectElement).disabled).toBe(true);
    expect((screen.getByLabelText('Check by') as HTMLInputElement).readOnly).toBe(true);
  });
});
