import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { authenticate } from '../auth/authenticate.ts';
import type { AppContext, AuthUser } from '../context.ts';
import type { HostEvent } from '../engine-host.ts';

export const WS_PATH = '/ws';
const HEARTBEAT_MS = 30_000;
const MAX_MESSAGE_BYTES = 16 * 1024;

/** What a client may subscribe to: an event family, or everything of one deployment. */
const TOPIC = /^(signals|runs|orders|positions|ticks|deployment:[A-Za-z0-9_-]{1,64})$/;
const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), topics: z.array(z.string().regex(TOPIC, 'unknown topic')).min(1).max(50) }),
  z.object({ type: z.literal('unsubscribe'), topics: z.array(z.string().regex(TOPIC, 'unknown topic')).min(1).max(50) }),
  z.object({ type: z.literal('ping') }),
]);

const FAMILY: Record<HostEvent['type'], string> = {
  'signal.received': 'signals',
  'signal.status': 'signals',
  'run.node': 'runs',
  'order.updated': 'orders',
  'position.updated': 'positions',
  tick: 'ticks',
};

interface Client {
  socket: WebSocket;
  user: AuthUser;
  topics: Set<string>;
  alive: boolean;
}

/**
 * `/ws`: authenticated on upgrade (session cookie or API key), heartbeat by ping/terminate, topic
 * subscriptions, and the engine's events for the signed-in user only. A malformed message gets an error
 * frame and the connection stays up.
 */
export function attachWebSocket(server: Server, ctx: AppContext, options: { heartbeatMs?: number } = {}): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const clients = new Set<Client>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== WS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    authenticate(ctx, req).then(
      (user) => {
        if (!user) {
          socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"error":{"code":"unauthenticated","message":"Sign in or send an API key.","details":{}}}');
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => connected(ws, user));
      },
      () => socket.destroy(),
    );
  };

  const connected = (socket: WebSocket, user: AuthUser): void => {
    const client: Client = { socket, user, topics: new Set(), alive: true };
    clients.add(client);
    socket.on('pong', () => (client.alive = true));
    socket.on('close', () => clients.delete(client));
    socket.on('error', () => clients.delete(client));
    socket.on('message', (data, isBinary) => onMessage(client, isBinary ? undefined : data.toString()));
    send(client, { type: 'welcome', user: user.username, topics: ['signals', 'runs', 'orders', 'positions', 'ticks', 'deployment:<id>'] });
  };

  const onMessage = (client: Client, text: string | undefined): void => {
    let json: unknown;
    try {
      json = text === undefined ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = clientMessage.safeParse(json);
    if (!parsed.success) {
      const message = json === undefined ? 'Messages are JSON text.' : parsed.error.issues.map((i) => `${i.path.join('.') || 'message'} ${i.message}`).join('; ');
      send(client, { type: 'error', error: { code: 'invalid_message', message, details: {} } });
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'ping') return send(client, { type: 'pong' });
    for (const t of msg.topics) {
      if (msg.type === 'subscribe') client.topics.add(t);
      else client.topics.delete(t);
    }
    send(client, { type: msg.type === 'subscribe' ? 'subscribed' : 'unsubscribed', topics: [...client.topics] });
  };

  const unsubscribe = ctx.engine.events.on((event) => {
    const family = FAMILY[event.type];
    const deploymentId = 'deploymentId' in event.data ? event.data.deploymentId : undefined;
    for (const client of clients) {
      if (event.userId !== '*' && event.userId !== client.user.id) continue;
      if (client.topics.has(family) || (deploymentId && client.topics.has(`deployment:${deploymentId}`))) {
        send(client, { type: event.type, data: event.data });
      }
    }
  });

  const heartbeat = setInterval(() => {
    for (const client of clients) {
      if (!client.alive) {
        client.socket.terminate();
        clients.delete(client);
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  server.on('upgrade', onUpgrade);
  return {
    close() {
      clearInterval(heartbeat);
      unsubscribe();
      server.off('upgrade', onUpgrade);
      for (const c of clients) c.socket.close(1001, 'server shutting down');
      wss.close();
    },
  };
}

function send(client: Client, message: object): void {
  if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message));
}
