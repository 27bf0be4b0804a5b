import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { authenticate, hasScope, insufficientScope } from '../auth/authenticate.ts';
import type { AppContext, AuthUser } from '../context.ts';
import { TOPICS } from '../../contracts/events.ts';
import type { HostEvent } from '../engine-host.ts';
import { trustedOrigins } from '../http/origin-check.ts';
import { parseFrame, sendFrame } from './frames.ts';
import { heartbeat } from './heartbeat.ts';
import { wireEvent } from './wire-events.ts';
import { CLOSE_REVOKED, closeWhenRevoked, revokedSinceUpgrade } from './revocation.ts';
import { refuseCrossOrigin, refuseUpgrade, routeUpgrade } from './upgrade.ts';

export const WS_PATH = '/ws';
const HEARTBEAT_MS = 30_000;
const MAX_MESSAGE_BYTES = 16 * 1024;

/** What a client may subscribe to: an event family, or everything of one deployment. */
const TOPIC = /^(signals|runs|orders|positions|deployments|ticks|backtests|deployment:[A-Za-z0-9_-]{1,64})$/;
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
  'deployment.stopped': 'deployments',
  tick: 'ticks',
  'backtest.progress': 'backtests',
  'backtest.finished': 'backtests',
};

interface Client {
  socket: WebSocket;
  user: AuthUser;
  topics: Set<string>;
}

/**
 * `/ws`: authenticated on upgrade (session cookie, or an API key with the `read` scope), heartbeat by
 * ping/terminate, topic subscriptions, and the engine's events for the signed-in user only. A malformed
 * message gets an error frame and the connection stays up. A revoked credential (ctx.revocations) closes
 * the connection at once; a client that stops reading is closed rather than buffered for without limit.
 */
export function attachWebSocket(server: Server, ctx: AppContext, options: { heartbeatMs?: number } = {}): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const clients = new Set<Client>();
  const pings = heartbeat(options.heartbeatMs ?? HEARTBEAT_MS);
  const trusted = trustedOrigins(ctx.env);
  // A client no longer open, or just closed for reading too slowly (sendFrame), is sent nothing more.
  const send = (client: Client, message: object): void => {
    if (!sendFrame(client.socket, message)) clients.delete(client);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (refuseCrossOrigin(req, socket, trusted)) return;
    authenticate(ctx, req).then(
      (user) => {
        if (!user) {
          refuseUpgrade(socket, 401, 'unauthenticated', 'Sign in or send an API key.');
          return;
        }
        if (!hasScope(user, 'read')) {
          const refused = insufficientScope('read', user.apiKey?.scopes ?? []);
          refuseUpgrade(socket, 403, refused.code, refused.message);
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => connected(ws, user, req));
      },
      () => socket.destroy(),
    );
  };

  const connected = (socket: WebSocket, user: AuthUser, req: IncomingMessage): void => {
    const client: Client = { socket, user, topics: new Set() };
    clients.add(client);
    pings.watch(socket);
    socket.on('close', () => clients.delete(client));
    socket.on('error', () => clients.delete(client));
    socket.on('message', (data, isBinary) => onMessage(client, parseFrame(clientMessage, data, isBinary)));
    // Held from here on, so a revocation announced from now reaches it; one announced since the upgrade was
    // authenticated found nothing to close, so the credential is looked at again before the welcome.
    revokedSinceUpgrade(ctx, req, user).then(
      (revoked) => {
        if (!clients.has(client)) return;
        if (revoked === undefined) return send(client, { type: 'welcome', user: user.username, topics: [...TOPICS] });
        clients.delete(client);
        socket.close(CLOSE_REVOKED, revoked);
      },
      (err: unknown) => {
        ctx.log.error({ err }, 'a WebSocket credential could not be checked');
        clients.delete(client);
        socket.close(1011, 'server error');
      },
    );
  };

  const onMessage = (client: Client, parsed: ReturnType<typeof parseFrame<typeof clientMessage>>): void => {
    if (!parsed.ok) return send(client, parsed.reply);
    const msg = parsed.value;
    if (msg.type === 'ping') return send(client, { type: 'pong' });
    for (const t of msg.topics) {
      if (msg.type === 'subscribe') client.topics.add(t);
      else client.topics.delete(t);
    }
    send(client, { type: msg.type === 'subscribe' ? 'subscribed' : 'unsubscribed', topics: [...client.topics] });
  };

  const unsubscribe = ctx.engine.events.on((event) => {
    const family = FAMILY[event.type];
    const deploymentIds =
      'deploymentIds' in event.data ? event.data.deploymentIds : 'deploymentId' in event.data && event.data.deploymentId ? [event.data.deploymentId] : [];
    let frame: object | undefined;
    for (const client of clients) {
      if (event.userId !== '*' && event.userId !== client.user.id) continue;
      if (client.topics.has(family) || deploymentIds.some((id) => client.topics.has(`deployment:${id}`))) {
        frame ??= wireEvent(event, (snapshot) => ctx.trading.viewOf(snapshot));
        send(client, frame);
      }
    }
  });

  // A disabled user, one whose password was reset, a deleted key: the sockets opened with it close too.
  const unrevoked = closeWhenRevoked(
    ctx,
    () => clients,
    (client) => clients.delete(client),
  );

  const unroute = routeUpgrade(server, WS_PATH, onUpgrade);
  return {
    close() {
      pings.stop();
      unsubscribe();
      unrevoked();
      unroute();
      for (const c of clients) c.socket.close(1001, 'server shutting down');
      wss.close();
    },
  };
}
