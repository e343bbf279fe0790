import { BoardPage } from './board/BoardPage';
import { HomePage } from './home/HomePage';

/** Two pages: home (`/`) and a board (`/b/:id`). Navigation between them is a full page load, on purpose: a board is a session. */
export function App() {
  const match = /^\/b\/([A-Za-z0-9_-]+)\/?$/.exec(window.location.pathname);
  return match ? <BoardPage boardId={match[1]!} /> : <HomePage />;
}
