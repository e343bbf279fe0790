import { nanoid } from 'nanoid';
import { AwarenessLimits, PRESENCE_COLORS } from '../../shared/protocol';

/** The name and colour a person chose on this device, remembered across boards. */
export interface Identity {
  name: string;
  color: string;
  /** A random id for this device: the server keeps a person's votes and candidates under it across reconnects. */
  person: string;
}

const NAME_KEY = 'whyboard.name';
const COLOR_KEY = 'whyboard.color';
const PERSON_KEY = 'whyboard.person';

function personId(storage: Storage): string {
  const existing = storage.getItem(PERSON_KEY);
  if (existing && /^[A-Za-z0-9_-]{8,64}$/.test(existing)) return existing;
  const id = nanoid();
  storage.setItem(PERSON_KEY, id);
  return id;
}

export function loadIdentity(storage: Storage = localStorage): Identity | undefined {
  const name = storage.getItem(NAME_KEY)?.trim();
  if (!name) return undefined;
  const color = storage.getItem(COLOR_KEY) ?? '';
  return { name, color: (PRESENCE_COLORS as readonly string[]).includes(color) ? color : PRESENCE_COLORS[0], person: personId(storage) };
}

/** Saves a name; the colour is picked once, at random, and kept. */
export function saveIdentity(name: string, storage: Storage = localStorage): Identity {
  const existing = storage.getItem(COLOR_KEY);
  const color =
    existing && (PRESENCE_COLORS as readonly string[]).includes(existing) ? existing : PRESENCE_COLORS[Math.floor(Math.random() * PRESENCE_COLORS.length)]!;
  const trimmed = name.trim().slice(0, AwarenessLimits.nameLength);
  storage.setItem(NAME_KEY, trimmed);
  storage.setItem(COLOR_KEY, color);
  return { name: trimmed, color, person: personId(storage) };
}
