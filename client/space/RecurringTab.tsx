import { boardPath, type SpaceRecurring } from '../../shared/protocol';
import { formatDay } from '../lib/formatDate';

/**
 * What recurs across the space: root causes that say the same thing in different complaints (one cause, many
 * wounds: fix it once), and customers who complained more than once (a relationship at risk).
 */
export function RecurringTab({ recurring, token }: { recurring: SpaceRecurring; token: string }) {
  const open = (boardId: string) => `${boardPath(boardId)}#token=${encodeURIComponent(token)}`;
  return (
    <div className="space-recurring">
      <section aria-labelledby="recurring-causes-title">
        <h2 id="recurring-causes-title">Root causes that come back</h2>
        {recurring.causes.length === 0 ? (
          <p className="muted">No root cause recurs yet: each confirmed root cause is found in one complaint only.</p>
        ) : (
          recurring.causes.map((group) => (
            <article key={group.causes.map((cause) => `${cause.boardId}/${cause.causeId}`).join()} className="recurring-group">
              <h3>
                {group.label} <span className="recurring-count">{group.causes.length} complaints</span>
              </h3>
              <ul>
                {group.causes.map((cause) => (
                  <li key={`${cause.boardId}/${cause.causeId}`}>
                    <a href={open(cause.boardId)}>{cause.boardTitle || 'Untitled board'}</a>
                    {cause.customer && <span className="muted"> · {cause.customer}</span>}
                    <q>{cause.text}</q>
                  </li>
                ))}
              </ul>
            </article>
          ))
        )}
      </section>
      <section aria-labelledby="recurring-customers-title">
        <h2 id="recurring-customers-title">Customers who complained more than once</h2>
        {recurring.customers.length === 0 ? (
          <p className="muted">Nobody has complained twice.</p>
        ) : (
          <ul className="recurring-customers">
            {recurring.customers.map((customer) => (
              <li key={customer.customer}>
                <strong>{customer.customer}</strong> <span className="recurring-count">{customer.boards.length} complaints</span>
                <ul>
                  {customer.boards.map((board) => (
                    <li key={board.boardId}>
                      <a href={open(board.boardId)}>{board.boardTitle || 'Untitled board'}</a>
                      <span className="muted"> · {formatDay(board.receivedAt || board.createdAt.slice(0, 10))}</span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
