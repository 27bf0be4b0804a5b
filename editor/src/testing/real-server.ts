import { request as httpRequest } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach } from 'vitest';
import { WebSocket } from 'ws';
import { createTestApp, PASSWORDS, type TestApp } from '../../../server/testing/app.ts';
import { attachWebSocket } from '../../../server/ws/hub.ts';
import type { Fetch } from '../api/client.ts';
import type { OpenSocket, SocketLike } from '../features/live/live-socket.ts';

export interface RealServer {
  /** The whole Legflow server (in-memory database, virtual-clock SIM market), with `admin` and `bob`. */
  test: TestApp;
  /** A browser's fetch towards it: same-origin paths, one cookie jar. */
  fetch: Fetch;
  /** A browser's WebSocket towards it, with the same cookie. */
  openSocket: OpenSocket;
  /** Cuts every WebSocket opened so far, as a network drop would. */
  dropSockets(): void;
  /** Signs the browser in through the real login route. */
  signIn(username?: keyof typeof PASSWORDS): Promise<void>;
  /** A JSON call with the browser's cookie, for arranging what a test needs on the server. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** The real server on a loopback port, so editor tests meet the real API, templates and validation. */
/**
 * A fresh server for each test of the file, with the browser signed in as `admin`, closed after the test.
 * The handle stands for the current test's server, so a file declares it once at the top.
 */
export function signedInServerPerTest(): RealServer {
  let current: RealServer | undefined;
  beforeEach(async () => {
    current = await startServer();
    await current.signIn();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return new Proxy({} as RealServer, {
    get(_target, key) {
      if (!current) throw new Error('the test server exists only while a test runs');
      const value = current[key as keyof RealServer] as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
  });
}

/** `options` are createTestApp's: the server's environment and its SIM world. */
export async function startServer(...options: Parameters<typeof createTestApp>): Promise<RealServer> {
  const test = await createTestApp(...options);
  const server = createServer(test.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const ws = attachWebSocket(server, test.ctx);
  let cookie = '';
  const sockets = new Set<WebSocket>();
  const openSocket: OpenSocket = (path) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers: cookie ? { cookie } : {} });
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    return socket as unknown as SocketLike;
  };

  const fetchImpl: Fetch = (path, init = {}) =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined), ...(cookie ? { cookie } : {}) };
      const req = httpRequest({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const set = res.headers['set-cookie']?.[0];
          if (set) cookie = set.split(';')[0]!;
          const status = res.statusCode ?? 500;
          resolve(new Response(status === 204 ? null : Buffer.concat(chunks).toString('utf8'), { status }));
        });
      });
      req.on('error', reject);
      if (typeof init.body === 'string') req.write(init.body);
      req.end();
    });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetchImpl(path, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };

  return {
    test,
    fetch: fetchImpl,
    openSocket,
    dropSockets: () => {
      for (const socket of sockets) socket.terminate();
    },
    call,
    async signIn(username = 'admin') {
      const res = await call('POST', '/api/auth/login', { username, password: PASSWORDS[username] });
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      ws.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await test.close();
    },
  };
}
