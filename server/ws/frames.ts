import type { RawData, WebSocket } from 'ws';
import type { z } from 'zod';

/** A frame parsed by its schema, or the error frame to answer it with (the connection stays up). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reply: { type: 'error'; error: { code: 'invalid_message'; message: string; details: object } } };

/** Parses one incoming WebSocket frame: JSON text, then the schema. */
export function parseFrame<S extends z.ZodType>(schema: S, data: RawData, isBinary: boolean): Parsed<z.output<S>> {
  let json: unknown;
  try {
    json = isBinary ? undefined : JSON.parse(data.toString());
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const message = json === undefined ? 'Messages are JSON text.' : parsed.error.issues.map((i) => `${i.path.join('.') || 'message'} ${i.message}`).join('; ');
  return { ok: false, reply: { type: 'error', error: { code: 'invalid_message', message, details: {} } } };
}

/** Sends a JSON frame if the socket is still open (a closing socket drops it). */
export function sendFrame(socket: WebSocket, frame: object): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
}
