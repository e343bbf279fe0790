import type { Server, Socket } from 'node:net';
import { AddressQuota } from './AddressQuota';
import type { Logger } from './log';

/**
 * Caps the TCP connections one address holds open at once, whatever they carry (requests, or sync sockets once
 * upgraded): each holds a file descriptor, and 20,000 slow requests from one address once used them all (issue 12,
 * finding 9). A connection over the cap is closed before a byte of it is read. The refusal is logged once a minute per
 * address, not once per connection: a flood of connections must not become a flood of log lines.
 */
export function limitConnectionsPerAddress(server: Server, limit: number, logger: Logger): void {
  const open = new Map<string, number>();
  const logged = AddressQuota.perMinute(1);
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    // No address: the peer is already gone.
    if (address === undefined) return void socket.destroy();
    const count = open.get(address) ?? 0;
    if (count >= limit) {
      socket.destroy();
      if (logged.take(address)) logger.warn('http.connections_refused', { address, limit });
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
