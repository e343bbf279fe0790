import { COMPLAINT_ID } from '../../../shared/board';
import type { Size } from '../../../shared/tree/layoutTree';

/** What a card measures before the browser has measured it: close enough that the first paint barely moves. */
export const ESTIMATED_SIZE: Record<'complaint' | 'cause', Size> = {
  complaint: { width: 440, height: 190 },
  cause: { width: 300, height: 150 },
};

/** A card's size on the canvas: as measured, or as estimated until it is. */
export const measuredSize = (sizes: ReadonlyMap<string, Size>) => (id: string) =>
  sizes.get(id) ?? (id === COMPLAINT_ID ? ESTIMATED_SIZE.complaint : ESTIMATED_SIZE.cause);
