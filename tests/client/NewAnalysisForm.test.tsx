// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CreateBoardBody, CreateBoardResponse } from '../../shared/protocol';
import { NewAnalysisForm } from '../../client/home/NewAnalysisForm';
import { ApiRequestError } from '../../client/lib/api';
import type { KnownSpace } from '../../client/lib/knownBoards';

afterEach(cleanup);

const created: CreateBoardResponse = {
  id: 'b'.repeat(22),
  tokens: { facilitator: 'f', editor: 'e', viewer: 'v' },
  links: { facilitator: 'lf', editor: 'le', viewer: 'lv' },
};

describe('NewAnalysisForm', () => {
  it('names every missing required field and sends nothing', async () => {
    const create = vi.fn<(body: CreateBoardBody) => Promise<CreateBoardResponse>>();
    render(<NewAnalysisForm onCreated={vi.fn()} create={create} />);
    await userEvent.click(screen.getByRole('button', { name: 'Start the analysis' }));
    expect(screen.getByText('The customer’s words are required.'.replace('’', "'"))).toBeInTheDocument();
    expect(screen.getByText('The title is required.')).toBeInTheDocument();
    expect(screen.getByLabelText('What did the customer say?')).toHaveAttribute('aria-invalid', 'true');
    expect(create).not.toHaveBeenCalled();
  });

  it('sends the complaint, trimmed, and hands the new board on', async () => {
    const create = vi.fn(async (_body: CreateBoardBody) => created);
    const onCreated = vi.fn();
    render(<NewAnalysisForm onCreated={onCreated} create={create} />);
    await userEvent.type(screen.getByLabelText('What did the customer say?'), '  You charged me twice!  ');
    await userEvent.type(screen.getByLabelText('Short title'), 'Overcharged');
    await userEvent.type(screen.getByLabelText('Customer', { exact: true }), 'Ada');
    await userEvent.selectOptions(screen.getByLabelText('Channel'), 'Phone');
    await userEvent.clear(screen.getByLabelText('Received'));
    await userEvent.type(screen.getByLabelText('Received'), '2026-11-20');
    await userEvent.click(screen.getByRole('button', { name: 'Start the analysis' }));
    expect(create).toHaveBeenCalledWith(
      {
        title: 'Overcharged',
        complaint: { text: 'You charged me twice!', customer: 'Ada', channel: 'Phone', receivedAt: '2026-11-20' },
      },
      undefined, // no team space: this browser knows none
    );
    expect(onCreated).toHaveBeenCalledWith(created, 'Overcharged', 'Ada');
  });

  it('starts the analysis in the team space last opened, or in none if chosen', async () => {
    const create = vi.fn(async (_body: CreateBoardBody, _space?: KnownSpace) => created);
    const spaces: KnownSpace[] = [
      { id: 'leeds', token: 'tl', role: 'member', name: 'Customer Care — Leeds', openedAt: 2 },
      { id: 'billing', token: 'tb', role: 'admin', name: 'Billing', openedAt: 1 },
    ];
    const start = async (choose?: string) => {
      render(<NewAnalysisForm onCreated={vi.fn()} create={create} spaces={spaces} />);
      if (choose) await userEvent.selectOptions(screen.getByLabelText('Team space'), choose);
      await userEvent.type(screen.getByLabelText('What did the customer say?'), 'You charged me twice!');
      await userEvent.type(screen.getByLabelText('Short title'), 'Overcharged');
      await userEvent.click(screen.getByRole('button', { name: 'Start the analysis' }));
    };
    await start();
    expect(screen.getByLabelText('Team space')).toHaveValue('leeds');
    expect(screen.getByText(/^Everyone in Customer Care — Leeds can open it/)).toBeInTheDocument();
    expect(create).toHaveBeenLastCalledWith(expect.objectContaining({ title: 'Overcharged' }), spaces[0]);
    cleanup();
    await start('None: only whoever you give its links to');
    expect(screen.getByText('It belongs to no team space.')).toBeInTheDocument();
    expect(create).toHaveBeenLastCalledWith(expect.objectContaining({ title: 'Overcharged' }), undefined);
  });

  it('offers no space where this browser knows none', () => {
    render(<NewAnalysisForm onCreated={vi.fn()} create={vi.fn()} />);
    expect(screen.queryByLabelText('Team space')).toBeNull();
  });

  it('shows a server error next to the field it names, and lets the user try again', async () => {
    const create = vi.fn(async (): Promise<CreateBoardResponse> => {
      throw new ApiRequestError(400, 'The title must be at most 200 characters.', 'title');
    });
    render(<NewAnalysisForm onCreated={vi.fn()} create={create} />);
    await userEvent.type(screen.getByLabelText('What did the customer say?'), 'Too slow');
    await userEvent.type(screen.getByLabelText('Short title'), 'Slow');
    await userEvent.click(screen.getByRole('button', { name: 'Start the analysis' }));
    expect(await screen.findByText('The title must be at most 200 characters.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start the analysis' })).toBeEnabled();
  });

  it('says plainly when the server cannot be reached', async () => {
    const create = vi.fn(async (): Promise<CreateBoardResponse> => {
      throw new ApiRequestError(0, 'The server cannot be reached. Check your connection and try again.');
    });
    render(<NewAnalysisForm onCreated={vi.fn()} create={create} />);
    await userEvent.type(screen.getByLabelText('What did the customer say?'), 'x');
    await userEvent.type(screen.getByLabelText('Short title'), 'y');
    await userEvent.click(screen.getByRole('button', { name: 'Start the analysis' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('cannot be reached');
  });
});
