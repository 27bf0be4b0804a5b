import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { errorAnswer } from '../../contracts/common.ts';
import { fromWorkerFrame, type FromWorkerFrame, type ToWorkerFrame } from '../../contracts/workers.ts';
import { authenticate, hasScope, insufficientScope } from '../auth/authenticate.ts';
import type { AppContext, AuthUser } from '../context.ts';
import { newId } from '../ids.ts';
import { parseFrame, sendFrame } from '../ws/frames.ts';
import { heartbeat } from '../ws/heartbeat.ts';
import { CLOSE_REVOKED, closeWhenRevoked, revokedSinceUpgrade } from '../ws/revocation.ts';
import { refuseUpgrade, routeUpgrade } from '../ws/upgrade.ts';
import type { CallAnswer, CallFrame } from './function-router.ts';

export const WORKERS_PATH = '/ws/workers';
const HEARTBEAT_MS = 30_000;
/** A call's message or a function's answer (vars, legs) fits easily; a runaway one is refused. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** A frame for a worker, typed by the contract. */
const reply = (socket: WebSocket, frame: ToWorkerFrame): boolean => sendFrame(socket, frame);

/**
 * `/ws/workers`: Python worker processes connect with an API key (scope `signals`), register function names
 * and answer the calls the engine routes to them (the frames: contracts/workers.ts). Heartbeat by
 * ping/terminate; a malformed frame gets an error frame and the connection stays; a worker that goes away,
 * or whose key or user is revoked, fails its open calls at once, and one that stops reading its calls is
 * closed (sendFrame).
 */
export function attachWorkers(server: Server, ctx: AppContext, options: { heartbeatMs?: number } = {}): { close(): void } {
  const router = ctx.engine.functions;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const sockets = new Map<WebSocket, { socket: WebSocket; user: AuthUser; workerId: string }>();
  const pings = heartbeat(options.heartbeatMs ?? HEARTBEAT_MS);

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // A worker is a program: it signs in with an API key, never with a browser's session cookie.
    if (req.headers.authorization === undefined) {
      refuseUpgrade(socket, 401, 'unauthenticated', 'Workers sign in with an API key: send Authorization: Bearer <key>.');
      return;
    }
    authenticate(ctx, req).then(
      (user) => {
        if (!user) return refuseUpgrade(socket, 401, 'unauthenticated', 'The API key is not valid (unknown, deleted or malformed).');
        // A worker takes part in runs, as signals do: the key needs the `signals` scope.
        if (!hasScope(user, 'signals')) {
          const refused = insufficientScope('signals', user.apiKey?.scopes ?? []);
          return refuseUpgrade(socket, 403, refused.code, refused.message);
        }
        wss.handleUpgrade(req, socket, head, (ws) => connected(ws, user, req));
      },
      () => socket.destroy(),
    );
  };

  const connected = (socket: WebSocket, user: AuthUser, req: IncomingMessage): void => {
    const workerId = newId('w', 12);
    sockets.set(socket, { socket, user, workerId });
    const send = (frame: CallFrame): void => {
      // The router fails the call at once ("could not reach its worker") instead of at its timeout.
      if (!sendFrame(socket, frame)) throw new Error('its connection is closing');
    };
    router.connect({ id: workerId, userId: user.id, send });
    pings.watch(socket);
    const gone = () => {
      if (sockets.delete(socket)) {
        router.disconnect(workerId);
        ctx.log.info({ workerId, userId: user.id }, 'worker disconnected');
      }
    };
    socket.on('close', gone);
    socket.on('error', gone);
    socket.on('message', (data, isBinary) => {
      const parsed = parseFrame(fromWorkerFrame, data, isBinary);
      if (parsed.ok) onMessage(socket, workerId, user, parsed.value);
      else reply(socket, parsed.reply);
    });
    // Held from here on (see server/ws/hub.ts): the credential is looked at again before the welcome.
    revokedSinceUpgrade(ctx, req, user).then(
      (revoked) => {
        if (!sockets.has(socket)) return;
        if (revoked === undefined) {
          reply(socket, { type: 'welcome', user: user.username, worker: workerId });
          return void ctx.log.info({ workerId, userId: user.id }, 'worker connected');
        }
        gone();
        socket.close(CLOSE_REVOKED, revoked);
      },
      (err: unknown) => {
        ctx.log.error({ err }, 'a worker credential could not be checked');
        gone();
        socket.close(1011, 'server error');
      },
    );
  };

  const onMessage = (socket: WebSocket, workerId: string, user: AuthUser, msg: FromWorkerFrame): void => {
    switch (msg.type) {
      case 'ping':
        return void reply(socket, { type: 'pong' });
      case 'register': {
        const functions = router.register(workerId, msg.functions);
        ctx.log.info({ workerId, userId: user.id, functions }, 'worker registered functions');
        return void reply(socket, { type: 'registered', functions });
      }
      case 'result':
      case 'error': {
        const answer: CallAnswer =
          msg.type === 'result'
            ? { ok: true, value: msg.result }
            : { ok: false, message: msg.error.message, ...(msg.error.type !== undefined && { type: msg.error.type }) };
        if (router.answer(workerId, msg.id, answer)) return;
        const message = `Call ${msg.id} is not waiting for an answer from this worker: it timed out, or was answered already.`;
        return void reply(socket, { type: 'error', id: msg.id, ...errorAnswer('unknown_call', message, { id: msg.id }) });
      }
    }
  };

  // A revoked key's (or user's) workers stop at once: their open calls fail now, not at their timeouts.
  const unrevoked = closeWhenRevoked(
    ctx,
    () => sockets.values(),
    ({ socket, workerId }) => {
      sockets.delete(socket);
      router.disconnect(workerId);
      ctx.log.info({ workerId }, 'worker disconnected: its credential was revoked');
    },
  );

  const unroute = routeUpgrade(server, WORKERS_PATH, onUpgrade);
  return {
    close() {
      pings.stop();
      unroute();
      // Fail open calls now, so that shutdown's drain does not wait for their timeouts.
      unrevoked();
      for (const [socket, { workerId }] of sockets) {
        sockets.delete(socket);
        router.disconnect(workerId);
        socket.close(1001, 'server shutting down');
      }
      wss.close();
    },
  };
}
