import type { Role } from '../../shared/protocol';

/** A board this browser has opened, remembered in localStorage so the home page can list it and reopen it. */
export interface KnownBoard {
  id: string;
  token: string;
  role: Role;
  title: string;
  customer: string;
  /** Milliseconds since the epoch. */
  openedAt: number;
}

const KEY = 'whyboard.boards';

export function listKnownBoards(storage: Storage = localStorage): KnownBoard[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return (parsed as KnownBoard[])
      .filter((board) => typeof board?.id === 'string' && typeof board.token === 'string')
      .sort((a, b) => b.openedAt - a.openedAt);
  } catch {
    return [];
  }
}

export function getKnownBoard(id: string, storage: Storage = localStorage): KnownBoard | undefined {
  return listKnownBoards(storage).find((board) => board.id === id);
}

/** Adds or refreshes a board; a stronger token is never replaced by a weaker one for the same board. */
export function rememberBoard(board: KnownBoard, storage: Storage = localStorage): void {
  const others = listKnownBoards(storage).filter((known) => known.id !== board.id);
  storage.setItem(KEY, JSON.stringify([board, ...others].slice(0, 200)));
}

export function forgetBoard(id: string, storage: Storage = localStorage): void {
  storage.setItem(KEY, JSON.stringify(listKnownBoards(storage).filter((board) => board.id !== id)));
}
