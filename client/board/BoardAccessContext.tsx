import { createContext, useContext } from 'react';
import type { BoardAccess } from '../lib/api';

/** The board this page is on and the token it opened it with: what its API calls go with (the History panel…). */
export const BoardAccessContext = createContext<BoardAccess | null>(null);

export function useBoardAccess(): BoardAccess {
  const access = useContext(BoardAccessContext);
  if (!access) throw new Error('useBoardAccess must be used inside <BoardAccessContext.Provider>.');
  return access;
}
