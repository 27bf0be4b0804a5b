import type { WebSocket } from 'ws';

/**
 * Pings every watched socket once per interval; a socket that has not answered the previous ping is
 * terminated (its 'close' event follows, so owners clean up in one place).
 */
export function heartbeat(intervalMs: number): { watch(socket: WebSocket): void; stop(): void } {
  const alive = new Map<WebSocket, boolean>();
  const timer = setInterval(() => {
    for (const [socket, answered] of alive) {
      if (!answered) {
        alive.delete(socket);
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();
  return {
    watch(socket) {
      alive.set(socket, true);
      socket.on('pong', () => alive.has(socket) && alive.set(socket, true));
      socket.on('close', () => alive.delete(socket));
    },
    stop: () => clearInterval(timer),
  };
}
