import type { Role, SpaceRole } from '../../shared/protocol';

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

/** A team space this browser has opened, remembered so the home page can list it above the boards. */
export interface KnownSpace {
  id: string;
  token: string;
  role: SpaceRole;
  name: string;
  /** Milliseconds since the epoch. */
  openedAt: number;
}

/** A list of things this browser opened, kept in localStorage under `key`, most recently opened first. */
function knownList<T extends { id: string; token: string; openedAt: number }>(key: string) {
  const list = (storage: Storage = localStorage): T[] => {
    try {
      const parsed: unknown = JSON.parse(storage.getItem(key) ?? '[]');
      if (!Array.isArray(parsed)) return [];
      return (parsed as T[]).filter((item) => typeof item?.id === 'string' && typeof item.token === 'string').sort((a, b) => b.openedAt - a.openedAt);
    } catch {
      return [];
    }
  };
  return {
    list,
    get: (id: string, storage: Storage = localStorage) => list(storage).find((item) => item.id === id),
    /** Adds or refreshes one. */
    remember: (item: T, storage: Storage = localStorage) =>
      storage.setItem(key, JSON.stringify([item, ...list(storage).filter((known) => known.id !== item.id)].slice(0, 200))),
    forget: (id: string, storage: Storage = localStorage) => storage.setItem(key, JSON.stringify(list(storage).filter((item) => item.id !== id))),
  };
}

const boards = knownList<KnownBoard>('whyboard.boards');
export const { list: listKnownBoards, get: getKnownBoard, remember: rememberBoard, forget: forgetBoard } = boards;

const spaces = knownList<KnownSpace>('whyboard.spaces');
export const { list: listKnownSpaces, get: getKnownSpace, remember: rememberSpace, forget: forgetSpace } = spaces;
