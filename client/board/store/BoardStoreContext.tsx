import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { BoardState, BoardStore } from './createBoardStore';

export const BoardStoreContext = createContext<BoardStore | null>(null);

/** The current board's store itself, for event handlers that read it when they run. */
export function useBoardStoreApi(): BoardStore {
  const store = useContext(BoardStoreContext);
  if (!store) throw new Error('useBoardStore must be used inside <BoardStoreContext.Provider>.');
  return store;
}

/** Reads the current board's store. Throws when used outside a board page: that is a bug, not a state. */
export function useBoardStore<T>(selector: (state: BoardState) => T): T {
  return useStore(useBoardStoreApi(), selector);
}

export const useBoardOps = () => useBoardStore((state) => state.ops);
