import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** One table of WebSocket paths per HTTP server, so each endpoint attaches itself and unknown paths get 404. */
const tables = new WeakMap<Server, Map<string, UpgradeHandler>>();

/** Serves WebSocket upgrades to `path` on this server; the returned function stops serving them. */
export function routeUpgrade(server: Server, path: string, handler: UpgradeHandler): () => void {
  let table = tables.get(server);
  if (!table) {
    const routes = new Map<string, UpgradeHandler>();
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const route = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
      if (route) route(req, socket, head);
      else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    });
    tables.set(server, (table = routes));
  }
  if (table.has(path)) throw new Error(`WebSocket path ${path} is served twice`);
  table.set(path, handler);
  const routes = table;
  return () => routes.delete(path);
}

/** Answers an upgrade with an HTTP error in the API's error shape, and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: 401 | 403, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message, details: {} } });
  const reason = status === 401 ? 'Unauthorized' : 'Forbidden';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`);
}
