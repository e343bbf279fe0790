import { useMemo, useState } from 'react';
import { BOARD_STATES, BOARD_STATE_LABELS, type BoardState, type SpaceBoard } from '../../shared/protocol';
import { formatDay, formatDayOf } from '../lib/formatDate';
import { SearchBox, matchesSearch } from '../lib/SearchBox';
import { StateBadge } from './StateBadge';

/** The day a complaint belongs to: received, else started. */
export const complaintDay = (board: SpaceBoard) => board.receivedAt || board.createdAt.slice(0, 10);

interface Filters {
  query: string;
  state: BoardState | '';
  channel: string;
  from: string;
  to: string;
}
const NO_FILTERS: Filters = { query: '', state: '', channel: '', from: '', to: '' };

/**
 * The space's analyses, newest complaint first, each with where it stands; searchable by title, customer or channel,
 * and filtered by state, channel and the complaint's date. Each opens with the space's link (as an editor).
 */
export function BoardsTab({ boards, open, remove }: { boards: SpaceBoard[]; open: (boardId: string) => string; remove?: (board: SpaceBoard) => void }) {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const set = (change: Partial<Filters>) => setFilters((current) => ({ ...current, ...change }));
  const channels = useMemo(() => [...new Set(boards.map((board) => board.channel.trim()).filter(Boolean))].sort(), [boards]);
  const shown = useMemo(() => {
    return boards
      .filter((board) => matchesSearch(filters.query, [board.title, board.customer, board.channel]))
      .filter((board) => !filters.state || board.state === filters.state)
      .filter((board) => !filters.channel || board.channel.trim() === filters.channel)
      .filter((board) => (!filters.from || complaintDay(board) >= filters.from) && (!filters.to || complaintDay(board) <= filters.to))
      .sort((a, b) => complaintDay(b).localeCompare(complaintDay(a)) || b.createdAt.localeCompare(a.createdAt));
  }, [boards, filters]);
  const filtered = filters.state || filters.channel || filters.from || filters.to || filters.query.trim();

  if (boards.length === 0) return <p className="muted">The analyses started here appear here, for everyone in the space.</p>;
  return (
    <>
      <SearchBox
        label="Search this space's analyses"
        placeholder="Search by title, customer or channel"
        value={filters.query}
        onChange={(query) => set({ query })}
      />
      <div className="space-filters">
        <label className="mini-field">
          State
          <select value={filters.state} onChange={(event) => set({ state: event.currentTarget.value as BoardState | '' })}>
            <option value="">Any state</option>
            {BOARD_STATES.map((state) => (
              <option key={state} value={state}>
                {BOARD_STATE_LABELS[state]} ({boards.filter((board) => board.state === state).length})
              </option>
            ))}
          </select>
        </label>
        <label className="mini-field">
          Channel
          <select value={filters.channel} onChange={(event) => set({ channel: event.currentTarget.value })}>
            <option value="">Any channel</option>
            {channels.map((channel) => (
              <option key={channel} value={channel}>
                {channel}
              </option>
            ))}
          </select>
        </label>
        <label className="mini-field">
          Received from
          <input type="date" value={filters.from} onChange={(event) => set({ from: event.currentTarget.value })} />
        </label>
        <label className="mini-field">
          to
          <input type="date" value={filters.to} onChange={(event) => set({ to: event.currentTarget.value })} />
        </label>
      </div>
      {filtered && (
        <p className="space-filter-count muted">
          {shown.length} of {boards.length} shown.{' '}
          <button type="button" className="link-button" onClick={() => setFilters(NO_FILTERS)}>
            Clear the filters
          </button>
        </p>
      )}
      <ul className="space-board-list">
        {shown.map((board) => (
          <li key={board.id}>
            <a href={open(board.id)}>
              <span className="space-board-head">
                <strong>{board.title || 'Untitled board'}</strong>
                <StateBadge state={board.state} reopened={board.reopened} />
              </span>
              <span className="muted">
                {[
                  board.customer,
                  board.channel,
                  board.receivedAt ? `received ${formatDay(board.receivedAt)}` : `started ${formatDayOf(Date.parse(board.createdAt))}`,
                  board.rootCauses.length > 0
                    ? `${board.rootCauses.length} root ${board.rootCauses.length === 1 ? 'cause' : 'causes'}`
                    : `${board.causeCount} ${board.causeCount === 1 ? 'cause' : 'causes'}, no root cause yet`,
                  board.actions.overdue > 0 ? `${board.actions.overdue} overdue` : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </a>
            {remove && (
              <button
                type="button"
                className="button button-small button-quiet"
                onClick={() => remove(board)}
                aria-label={`Take “${board.title || 'Untitled board'}” out of the space`}
              >
                Take out
              </button>
            )}
          </li>
        ))}
      </ul>
      {shown.length === 0 && <p className="muted">No analysis matches these filters.</p>}
    </>
  );
}
