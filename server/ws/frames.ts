import type { RawData, WebSocket } from 'ws';
import type { z } from 'zod';
import { errorAnswer, type ErrorBody } from '../../contracts/common.ts';
import { checkJson, jsonError, withoutBom } from '../http/read-json.ts';

/** The error frame answering a frame the server could not use; the connection stays up. */
export type ErrorFrame = { type: 'error' } & ErrorBody;

/** An error frame: the error answer the HTTP API writes (contracts/common.ts), typed `error`. */
export const errorFrame = (code: string, message: string, details: Record<string, unknown> = {}): ErrorFrame => ({
  type: 'error',
  ...errorAnswer(code, message, details),
});

/** A frame parsed by its schema, or the error frame to answer it with. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reply: ErrorFrame };

const invalid = (message: string, details: Record<string, unknown> = {}): { ok: false; reply: ErrorFrame } => ({
  ok: false,
  reply: errorFrame('invalid_message', message, details),
});

/**
 * Parses one incoming WebSocket frame: JSON text (through the API's reader, so nesting past its depth limit
 * is refused before anything recursive reads it), then the schema. A JSON problem keeps the code
 * `invalid_message` clients know, and says which (`details.problem`: `invalid_json` or `too_deep`) and where.
 */
export function parseFrame<S extends z.ZodType>(schema: S, data: RawData, isBinary: boolean): Parsed<z.output<S>> {
  if (isBinary) return invalid('Messages are JSON text, not binary frames.');
  const text = withoutBom(data.toString());
  const problem = checkJson(text);
  if (problem) {
    const error = jsonError(problem, 'message');
    return invalid(error.message, { problem: error.code, ...error.details });
  }
  const parsed = schema.safeParse(JSON.parse(text));
  if (parsed.success) return { ok: true, value: parsed.data };
  return invalid(parsed.error.issues.map((i) => `${i.path.join('.') || 'message'} ${i.message}`).join('; '));
}

/**
 * How far (bytes queued in this process) a client may fall behind reading what it is sent. Past it the
 * client is closed with CLOSE_TOO_SLOW rather than its frames kept without limit; it may connect again.
 */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Try Again Later: a temporary condition, unlike 1008 (the credential is gone). */
export const CLOSE_TOO_SLOW = { code: 1013, reason: 'too slow: frames piled up unread' } as const;

/**
 * Sends a JSON frame while the socket is open; false when it is not: closing already, or closed now because
 * its reader fell more than MAX_BUFFERED_BYTES behind (the frame is dropped, and so is every later one).
 */
export function sendFrame(socket: WebSocket, frame: object): boolean {
  if (socket.readyState !== socket.OPEN) return false;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    socket.close(CLOSE_TOO_SLOW.code, CLOSE_TOO_SLOW.reason);
    return false;
  }
  socket.send(JSON.stringify(frame));
  return true;
}
