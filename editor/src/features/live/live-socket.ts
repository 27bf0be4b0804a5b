/** The part of a browser WebSocket the live feed uses; tests pass a Node client with the session cookie. */
export interface SocketLike {
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type OpenSocket = (path: string) => SocketLike;

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

export interface LiveSocketOptions {
  open: OpenSocket;
  topics: string[];
  onFrame: (frame: unknown) => void;
  onState: (state: ConnectionState) => void;
  /** Delays before each reconnection attempt, ms; the last one repeats. */
  backoffMs?: readonly number[];
}

/** The browser's own WebSocket to `/ws` on the page's host (the session cookie goes with it). */
export const browserSocket: OpenSocket = (path) => {
  const { protocol, host } = window.location;
  return new WebSocket(`${protocol === 'https:' ? 'wss' : 'ws'}://${host}${path}`) as unknown as SocketLike;
};

const BACKOFF_MS = [500, 1_000, 2_000, 5_000, 10_000];

/**
 * `/ws` with the topics subscribed, reconnecting after a drop (with backoff) and subscribing again. Frames
 * are handed over as parsed JSON; what they mean is the caller's business. `close()` ends it for good.
 */
export function connectLive({ open, topics, onFrame, onState, backoffMs = BACKOFF_MS }: LiveSocketOptions): { close(): void } {
  let socket: SocketLike | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const connect = () => {
    onState(attempt === 0 ? 'connecting' : 'reconnecting');
    const s = open('/ws');
    socket = s;
    s.onopen = () => {
      attempt = 0;
      s.send(JSON.stringify({ type: 'subscribe', topics }));
    };
    s.onmessage = (event) => {
      let frame: unknown;
      try {
        frame = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (typeof frame === 'object' && frame !== null && (frame as { type?: unknown }).type === 'subscribed') onState('live');
      onFrame(frame);
    };
    s.onerror = () => undefined;
    s.onclose = () => {
      if (closed || socket !== s) return;
      const delay = backoffMs[Math.min(attempt, backoffMs.length - 1)] ?? 1_000;
      attempt += 1;
      onState('reconnecting');
      timer = setTimeout(connect, delay);
    };
  };
  connect();

  return {
    close() {
      closed = true;
      clearTimeout(timer);
      socket?.close();
    },
  };
}
