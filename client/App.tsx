import { lazy, Suspense } from 'react';
import { boardIdInPath, spaceIdInPath } from '../shared/protocol';
import { CenteredMessage, OPENING_BOARD } from './lib/CenteredMessage';

// Each page is its own chunk: the home page does without React Flow and Yjs, a board without the home page's forms.
const BoardPage = lazy(() => import('./board/BoardPage').then((module) => ({ default: module.BoardPage })));
const HomePage = lazy(() => import('./home/HomePage').then((module) => ({ default: module.HomePage })));
const SpacePage = lazy(() => import('./space/SpacePage').then((module) => ({ default: module.SpacePage })));

/**
 * Three pages: home (`/`), a board (`/b/:id`) and a team space (`/s/:id`). Navigation between them is a full page load,
 * on purpose: a board is a session.
 */
export function App() {
  const board = boardIdInPath(window.location.pathname);
  const space = spaceIdInPath(window.location.pathname);
  // While a page's code loads, the board's says what its HTML said (board.html): nothing flashes away and back.
  return (
    <Suspense fallback={board ? <CenteredMessage title={OPENING_BOARD} /> : null}>
      {board ? <BoardPage boardId={board} /> : space ? <SpacePage spaceId={space} /> : <HomePage />}
    </Suspense>
  );
}
