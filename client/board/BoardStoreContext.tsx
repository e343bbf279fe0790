import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { BoardState, BoardStore } from './createBoardStore';

export const BoardStoreContext = createContext<BoardStore | null>(null);

/** Reads the current board's store. Throws when used outside a board page: that is a bug, not a state. */
export function useBoardStore<T>(selector: (state: BoardState) => T): T {
  const store = useContext(BoardStoreContext);
  if (!store) throw new Error('useBoardStore must be used inside <BoardStoreContext.Provider>.');
  return useStore(store, selector);
}

export const useBoardActions = () => useBoardStore((state) => state.actions);
