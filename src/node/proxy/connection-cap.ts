// A cap on the connections one client address may hold open: past it, each new connection gets
// one 503 (with retry-after) and is closed; far past it, it is dropped unanswered. Without it two
// local processes could hold every file descriptor the app has (seen: 19,835 of 20,000).
import type http from 'node:http';
import type { Socket } from 'node:net';

/** a connection past the cap that never sends a request is dropped after this */
const OVER_CAP_IDLE_MS = 2_000;

export interface ConnectionCap {
  /** true for a connection opened while its address was over the cap */
  isOverCap(socket: Socket): boolean;
  readonly limit: number;
}

export function capConnectionsPerClient(server: http.Server, limit: number): ConnectionCap {
  const open = new Map<string, number>();
  const over = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const n = (open.get(address) ?? 0) + 1;
    open.set(address, n);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
    if (n <= limit) return;
    if (n > 2 * limit) {
      socket.destroy();
      return;
    }
    over.add(socket);
    socket.setTimeout(OVER_CAP_IDLE_MS, () => socket.destroy());
  });
  return { isOverCap: (socket) => over.has(socket), limit };
}
