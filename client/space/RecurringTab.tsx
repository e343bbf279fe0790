import type { SpaceRecurring } from '../../shared/protocol';
import { formatDay } from '../lib/formatDate';

/**
 * What recurs across the space: root causes that say the same thing in different complaints (one cause, many
 * wounds: fix it once), and customers who complained more than once (a relationship at risk).
 */
export function RecurringTab({ recurring, open }: { recurring: SpaceRecurring; open: (boardId: string) => string }) {
  const themed = recurring.causes.filter((group) => group.themed);
  const suggested = recurring.causes.filter((group) => !group.themed);
  return (
    <div className="space-recurring">
      <section aria-labelledby="recurring-causes-title">
        <h2 id="recurring-causes-title">Root causes that come back</h2>
        {themed.length === 0 ? (
          <p className="muted">
            No theme comes back yet. Give each root cause a theme on its board (in its details): the same few words for the same cause, and every complaint it
            caused is counted here.
          </p>
        ) : (
          themed.map((group) => <CauseGroup key={keyOf(group)} group={group} open={open} />)
        )}
      </section>
      {suggested.length > 0 && (
        <section aria-labelledby="recurring-suggested-title">
          <h2 id="recurring-suggested-title">Possibly the same cause</h2>
          <p className="muted small">Worded alike on different complaints. If they are one cause, give them one theme on their boards.</p>
          {suggested.map((group) => (
            <CauseGroup key={keyOf(group)} group={group} open={open} />
          ))}
        </section>
      )}
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

type Group = SpaceRecurring['causes'][number];
const keyOf = (group: Group) => `${group.themed}:${group.causes.map((cause) => `${cause.boardId}/${cause.causeId}`).join()}`;

/** A theme (or a suggestion) and the complaints whose root cause it is, each in its team's words. */
function CauseGroup({ group, open }: { group: Group; open: (boardId: string) => string }) {
  return (
    <article className={`recurring-group${group.themed ? '' : ' is-suggestion'}`}>
      <h3>
        {group.label} <span className="recurring-count">{group.causes.length} complaints</span>
      </h3>
      <ul>
        {group.causes.map((cause) => (
          <li key={`${cause.boardId}/${cause.causeId}`}>
            <a href={open(cause.boardId)}>{cause.boardTitle || 'Untitled board'}</a>
            {cause.customer && <span className="muted"> · {cause.customer}</span>}
            {!group.themed && cause.theme && <span className="muted"> · theme “{cause.theme}”</span>}
            <q>{cause.text}</q>
          </li>
        ))}
      </ul>
    </article>
  );
}
