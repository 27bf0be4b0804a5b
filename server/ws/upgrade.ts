import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorAnswer } from '../../contracts/common.ts';
import { crossOriginError, crossOriginProblem } from '../http/origin-check.ts';

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
export function refuseUpgrade(socket: Duplex, status: 401 | 403, code: string, message: string, details: Record<string, unknown> = {}): void {
  const body = JSON.stringify(errorAnswer(code, message, details));
  const reason = status === 401 ? 'Unauthorized' : 'Forbidden';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`);
}

/**
 * Refuses (403 `cross_origin`) an upgrade that a page of another site opens with the session cookie: a
 * WebSocket is not bound by the same-origin policy, so without this any site could read a trader's live
 * events. An upgrade with an `Authorization` header is a program with an API key, which no page can send.
 * True when it refused.
 */
export function refuseCrossOrigin(req: IncomingMessage, socket: Duplex, trusted: ReadonlySet<string>): boolean {
  if (req.headers.authorization !== undefined) return false;
  const problem = crossOriginProblem(req.headers, trusted);
  if (!problem) return false;
  const error = crossOriginError(problem, req.headers.origin);
  refuseUpgrade(socket, 403, error.code, error.message, error.details);
  return true;
}
