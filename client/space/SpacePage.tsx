import { Suspense, lazy, useEffect, useState, type ReactNode } from 'react';
import { boardPath, type SpaceAction, type SpaceRecurring, type SpaceRole, type SpaceView } from '../../shared/protocol';
import { ApiRequestError, api } from '../lib/api';
import { PageFrame } from '../lib/Brand';
import { CenteredMessage } from '../lib/CenteredMessage';
import { hideTokenInLink, tokenInLink } from '../lib/linkToken';
import { getKnownBoard, getKnownSpace, rememberBoard, rememberSpace } from '../lib/knownBoards';
import { NewAnalysisForm } from '../home/NewAnalysisForm';
import { localToday } from '../lib/localToday';
import { ActionsTab } from './ActionsTab';
import { BoardsTab } from './BoardsTab';
import { RecurringTab } from './RecurringTab';
import { SpaceExports } from './SpaceExports';
import { TabList } from '../lib/TabList';

/** The charts and their library load only when the Trends tab opens: their own chunk. */
const Trends = lazy(() => import('./Trends'));

type State = { state: 'loading' } | { state: 'ready'; space: SpaceView; links: Partial<Record<SpaceRole, string>> } | { state: 'denied'; message: string };

const TABS = [
  ['boards', 'Analyses'],
  ['actions', 'Actions'],
  ['recurring', 'Recurring'],
  ['trends', 'Trends'],
] as const;
type Tab = (typeof TABS)[number][0];

/** The actions and what recurs: read when a tab first needs them. */
type Extra<T> = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; message: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A team space: every analysis the team started from it (or added to it), each with where it stands; every action of
 * every analysis; the causes and customers that recur; trends; the period report. A new analysis started here belongs
 * to the space; the links to pass on to the team.
 */
export function SpacePage({ spaceId }: { spaceId: string }) {
  const [token] = useState(() => tokenInLink() ?? getKnownSpace(spaceId)?.token);
  const [state, setState] = useState<State>(() =>
    token ? { state: 'loading' } : { state: 'denied', message: 'Open this space with the link you were given: it carries your access.' },
  );
  const [tab, setTab] = useState<Tab>('boards');
  const [actions, setActions] = useState<Extra<SpaceAction[]>>({ state: 'idle' });
  const [recurring, setRecurring] = useState<Extra<SpaceRecurring>>({ state: 'idle' });
  /** Bumped to read the space again (after the admin changed it). */
  const [version, setVersion] = useState(0);
  const [adminError, setAdminError] = useState<string>();
  /** What the admin's last change did, when the page alone would not show it (a link replaced). */
  const [adminNotice, setAdminNotice] = useState<string>();

  useEffect(() => {
    hideTokenInLink();
    if (!token) return;
    let cancelled = false;
    Promise.all([api.getSpace(spaceId, token), api.getSpaceLinks(spaceId, token)]).then(
      ([space, { links }]) => {
        if (cancelled) return;
        rememberSpace({ id: space.id, token, role: space.role, name: space.name, openedAt: Date.now() });
        document.title = `${space.name} · Whyboard`;
        setState({ state: 'ready', space, links });
      },
      (error: unknown) => {
        if (cancelled) return;
        const message =
          error instanceof ApiRequestError && error.status === 401
            ? 'This link no longer gives access to the space. Ask its admin for a new one.'
            : error instanceof ApiRequestError && error.status === 404
              ? 'There is no such space. Check the link you were given.'
              : messageOf(error);
        setState({ state: 'denied', message });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [spaceId, token, version]);

  // The actions feed the Actions and Trends tabs; what recurs, its own tab.
  useEffect(() => {
    if (!token || state.state !== 'ready') return;
    if ((tab === 'actions' || tab === 'trends') && actions.state === 'idle') {
      setActions({ state: 'loading' });
      api.getSpaceActions(spaceId, token).then(
        (value) => setActions({ state: 'ready', value }),
        (error: unknown) => setActions({ state: 'failed', message: messageOf(error) }),
      );
    }
    if (tab === 'recurring' && recurring.state === 'idle') {
      setRecurring({ state: 'loading' });
      api.getSpaceRecurring(spaceId, token).then(
        (value) => setRecurring({ state: 'ready', value }),
        (error: unknown) => setRecurring({ state: 'failed', message: messageOf(error) }),
      );
    }
  }, [tab, token, spaceId, state.state, actions.state, recurring.state]);

  if (state.state === 'denied') return <CenteredMessage title="This space cannot be opened" body={state.message} />;
  if (state.state === 'loading' || !token) return <CenteredMessage title="Opening the space…" />;
  const { space, links } = state;
  const isAdmin = space.role === 'admin';
  /**
   * A board's address from the space: with the board's own facilitator link when this browser holds it (whoever
   * started the board stays its facilitator), else with the space's link, which opens it as an editor.
   */
  const open = (boardId: string) => {
    const own = getKnownBoard(boardId);
    return `${boardPath(boardId)}#token=${encodeURIComponent(own?.role === 'facilitator' ? own.token : token)}`;
  };
  /** An admin's change, then the space read again (its list, its links, the tabs' data); whether it was made. */
  const manage = async (change: () => Promise<unknown>): Promise<boolean> => {
    setAdminError(undefined);
    setAdminNotice(undefined);
    try {
      await change();
      setActions({ state: 'idle' });
      setRecurring({ state: 'idle' });
      setVersion((current) => current + 1);
      return true;
    } catch (failure) {
      setAdminError(messageOf(failure));
      return false;
    }
  };
  const rotate = (role: SpaceRole) => {
    const warning =
      role === 'admin'
        ? 'Replace your admin link? The old one stops working: this page reopens with the new one.'
        : 'Replace the member link? Everyone who joined with it is disconnected and needs the new link.';
    if (!window.confirm(warning)) return;
    void manage(async () => {
      const rotated = await api.rotateSpaceLink(space.id, token, role);
      // Shown at once, with the notice, not when the space has been read again.
      setState((current) => (current.state === 'ready' ? { ...current, links: { ...current.links, [role]: rotated.link } } : current));
      if (role === 'admin') {
        rememberSpace({ id: space.id, token: rotated.token, role: 'admin', name: space.name, openedAt: Date.now() });
        window.location.assign(rotated.link);
        window.location.reload();
      }
    }).then(
      (made) =>
        made &&
        role === 'member' &&
        setAdminNotice('The new member link is below: copy it and pass it on. The old one no longer opens the space or its analyses.'),
    );
  };
  const overdue = space.boards.reduce((sum, board) => sum + board.actions.overdue, 0);
  const label = (id: Tab, text: string) => (id === 'actions' && overdue > 0 ? `${text} (${overdue} overdue)` : text);

  return (
    <PageFrame className="space">
      <section className="home-intro">
        <p className="space-kicker">Team space · {space.role === 'admin' ? 'admin' : 'member'}</p>
        {isAdmin ? <SpaceName name={space.name} rename={(name) => manage(() => api.renameSpace(space.id, token, name))} /> : <h1>{space.name}</h1>}
        {adminError && (
          <p className="form-error" role="alert">
            {adminError}
          </p>
        )}
        <p>
          {space.boards.length === 0
            ? 'No analysis yet. Start one from a customer’s complaint: it belongs to this space, and everyone with the space’s link can open it.'
            : `${space.boards.length} ${space.boards.length === 1 ? 'analysis' : 'analyses'}, every one open to the team.`}
        </p>
      </section>
      <div className="home-grid">
        <section className="known-boards space-main" aria-label="The space">
          <TabList<Tab>
            tabs={TABS.map(([id, text]) => ({ id, label: label(id, text) }))}
            selected={tab}
            onSelect={setTab}
            label="Views of the space"
            idPrefix="space-tab"
            panelId="space-tab-panel"
            className="space-tabs"
            tabClassName="space-tab"
          />
          <div id="space-tab-panel" role="tabpanel" aria-labelledby={`space-tab-${tab}`} className="space-tab-panel">
            {tab === 'boards' && (
              <BoardsTab
                boards={space.boards}
                open={open}
                remove={
                  isAdmin
                    ? (board) => {
                        if (
                          window.confirm(
                            `Take “${board.title || 'Untitled board'}” out of the space? Its own links keep working; the space’s no longer open it.`,
                          )
                        ) {
                          void manage(() => api.removeFromSpace(space.id, token, board.id));
                        }
                      }
                    : undefined
                }
              />
            )}
            {tab === 'actions' && <Loaded extra={actions}>{(value) => <ActionsTab actions={value} open={open} />}</Loaded>}
            {tab === 'recurring' && <Loaded extra={recurring}>{(value) => <RecurringTab recurring={value} open={open} />}</Loaded>}
            {tab === 'trends' && (
              <Loaded extra={actions}>
                {(value) => (
                  <Suspense fallback={<p className="muted">Drawing the charts…</p>}>
                    <Trends boards={space.boards} actions={value} today={localToday()} />
                  </Suspense>
                )}
              </Loaded>
            )}
          </div>
        </section>
        <div className="home-side">
          <NewAnalysisForm
            create={(body) => api.createBoardInSpace(space.id, token, body)}
            onCreated={(created, title, customer) => {
              rememberBoard({ id: created.id, token: created.tokens.facilitator, role: 'facilitator', title, customer, openedAt: Date.now() });
              window.location.assign(boardPath(created.id));
            }}
          />
          <SpaceExports spaceId={space.id} token={token} />
          <section className="example-card space-links" aria-labelledby="space-links-title">
            <h2 id="space-links-title">Your team</h2>
            {adminNotice && (
              <p className="space-notice" role="status">
                {adminNotice}
              </p>
            )}
            {links.member && (
              <CopyLink
                label="Member"
                description="Starts analyses here and opens every one of them as an editor."
                link={links.member}
                replace={isAdmin ? () => rotate('member') : undefined}
              />
            )}
            {links.admin && <CopyLink label="Admin" description="Manages the space. Keep it to yourself." link={links.admin} replace={() => rotate('admin')} />}
          </section>
        </div>
      </div>
    </PageFrame>
  );
}

/** A tab's data: a line while it loads, the reason if it failed. */
function Loaded<T>({ extra, children }: { extra: Extra<T>; children: (value: T) => ReactNode }) {
  if (extra.state === 'ready') return <>{children(extra.value)}</>;
  if (extra.state === 'failed') {
    return (
      <p className="form-error" role="alert">
        {extra.message}
      </p>
    );
  }
  return <p className="muted">Loading…</p>;
}

/** The space's name; its admin can rename it in place. */
function SpaceName({ name, rename }: { name: string; rename: (name: string) => Promise<boolean> }) {
  const [editing, setEditing] = useState<string>();
  if (editing === undefined) {
    return (
      <div className="space-name">
        <h1>{name}</h1>
        <button type="button" className="button button-small button-quiet" onClick={() => setEditing(name)}>
          Rename
        </button>
      </div>
    );
  }
  return (
    <form
      className="space-name new-space"
      onSubmit={(event) => {
        event.preventDefault();
        // Kept open when the name is refused: the reason shows above, and the name can be mended.
        void rename(editing).then((made) => made && setEditing(undefined));
      }}
    >
      <input aria-label="Space name" value={editing} maxLength={120} autoFocus onChange={(event) => setEditing(event.currentTarget.value)} />
      <button type="submit" className="button button-small button-primary">
        Save
      </button>
      <button type="button" className="button button-small" onClick={() => setEditing(undefined)}>
        Cancel
      </button>
    </form>
  );
}

/** A link to pass on, with what it grants, a button that copies it, and (for the admin) one that replaces it. */
function CopyLink({ label, description, link, replace }: { label: string; description: string; link: string; replace?: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="share-row">
      <div>
        <strong className="share-role">{label}</strong>
        <span className="muted">{description}</span>
        <input className="share-link" readOnly value={link} aria-label={`${label} link`} onFocus={(event) => event.currentTarget.select()} />
      </div>
      <span className="share-buttons">
        <button
          type="button"
          className="button button-small"
          onClick={() =>
            void navigator.clipboard?.writeText(link).then(
              () => setCopied(true),
              () => undefined,
            )
          }
        >
          {copied ? 'Copied' : 'Copy link'}
        </button>
        {replace && (
          <button type="button" className="button button-small button-quiet" onClick={replace} title="The old link stops working">
            Replace
          </button>
        )}
      </span>
    </div>
  );
}
