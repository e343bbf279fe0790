import { lazy, Suspense } from 'react';

// Each page is its own chunk: the home page does without React Flow and Yjs, a board without the home page's forms.
const BoardPage = lazy(() => import('./board/BoardPage').then((module) => ({ default: module.BoardPage })));
const HomePage = lazy(() => import('./home/HomePage').then((module) => ({ default: module.HomePage })));

/** Two pages: home (`/`) and a board (`/b/:id`). Navigation between them is a full page load, on purpose: a board is a session. */
export function App() {
  const match = /^\/b\/([A-Za-z0-9_-]+)\/?$/.exec(window.location.pathname);
  return <Suspense fallback={null}>{match ? <BoardPage boardId={match[1]!} /> : <HomePage />}</Suspense>;
}
