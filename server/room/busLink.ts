import { BusKind, type RoomBus } from '../RedisBus';
import type { Room } from './Room';

/**
 * Connects a room to the other instances holding its board (Redis pub/sub): the bus listens to the room's hooks (its
 * own updates, presence, meeting and durable state go out on the board's channel) and hands the room what the others
 * send. The room knows nothing of Redis.
 */
export function linkToBus(room: Room, bus: RoomBus): { subscribe(): Promise<void>; unsubscribe(): Promise<void> } {
  room.hooks = {
    update: (update) => bus.publish(room.id, BusKind.update, update),
    awareness: (update) => bus.publish(room.id, BusKind.awareness, update),
    meeting: (json) => bus.publish(room.id, BusKind.meeting, new TextEncoder().encode(json)),
    durable: (stateVector) => bus.publish(room.id, BusKind.durable, stateVector),
  };
  return {
    subscribe: () => bus.subscribe(room.id, (kind, payload) => room.receiveRemote(kind, payload)),
    unsubscribe: () => bus.unsubscribe(room.id).catch(() => undefined),
  };
}
