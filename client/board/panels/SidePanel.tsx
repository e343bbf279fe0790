import { TabList } from '../../lib/TabList';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';
import { ActionsPanel } from '../actions/ActionsPanel';
import { ChainsPanel } from './ChainsPanel';
import { CoachPanel } from './CoachPanel';
import type { PanelTab } from '../store/createBoardStore';
import { DetailsPanel } from './DetailsPanel';
import { SilentRoundPanel } from '../meeting/SilentRoundPanel';
import { HistoryPanel } from '../history/HistoryPanel';

/**
 * The panel beside the canvas: the selected card's details, the chains to each root cause, the actions, the coach, the
 * history; and,
 * while a silent round runs, what this person writes for it, at its head.
 */
export function SidePanel() {
  const panel = useBoardStore((state) => state.panel);
  const hintCount = useBoardStore((state) => state.hints.length);
  const chainCount = useBoardStore((state) => state.board?.rootCauseIds.length ?? 0);
  const actionCount = useBoardStore((state) => state.board?.actionIds.length ?? 0);
  const { showPanel } = useBoardOps();
  const tabs: Array<[PanelTab, string, number | undefined]> = [
    ['details', 'Details', undefined],
    ['chains', 'Chains', chainCount],
    ['actions', 'Actions', actionCount],
    ['coach', 'Coach', hintCount],
    ['history', 'History', undefined],
  ];
  const labelled = tabs.map(([id, label, count]) => ({
    id,
    label: (
      <>
        {label}
        {/* A count says how many there are; none is said by its absence (five tabs share the panel's width). */}
        {count !== undefined && count > 0 && <span className={`tab-count${id === 'coach' ? ' is-warning' : ''}`}>{count}</span>}
      </>
    ),
  }));
  return (
    <aside className="side-panel" aria-label="Board panel">
      <SilentRoundPanel />
      <TabList
        tabs={labelled}
        selected={panel}
        onSelect={showPanel}
        label="Panels"
        idPrefix="tab"
        panelId="side-panel-body"
        className="tabs"
        tabClassName="tab"
      />
      <div className="panel-body" role="tabpanel" id="side-panel-body" aria-labelledby={`tab-${panel}`}>
        {panel === 'details' && <DetailsPanel />}
        {panel === 'chains' && <ChainsPanel />}
        {panel === 'actions' && <ActionsPanel />}
        {panel === 'coach' && <CoachPanel />}
        {panel === 'history' && <HistoryPanel />}
      </div>
    </aside>
  );
}
