/**
 * The `/ws/workers` protocol: JSON text frames between the server and a worker process (the `legflow`
 * Python package's `client.worker()`).
 *
 * Worker → server: `register` function names; answer a call with `result` (the function's return value,
 * `null` to stop the path) or `error` (what the function raised); `ping` (answered `pong`). Unknown fields
 * are dropped.
 * Server → worker: `welcome` on connect, `registered` (every name the worker serves), `call` (id, function,
 * timeoutMs, message), `pong`, and `error` frames for anything it could not use (with the call id when
 * there was one). Exactly these fields.
 */
import { z } from 'zod';
import { FUNCTION_NAME_PATTERN } from '../runtime/functions.ts';
import { legSchema } from '../runtime/message.ts';
import { errorBody } from './common.ts';

export const MAX_FUNCTIONS_PER_WORKER = 200;

const functionName = z.string().regex(FUNCTION_NAME_PATTERN, 'is not a function name (a letter or "_", then letters, digits, "_", ".", ":" or "-")');
const callId = z.string().min(1).max(64);

/** What a worker may send. */
export const workerRegisterFrame = z.object({ type: z.literal('register'), functions: z.array(functionName).min(1).max(MAX_FUNCTIONS_PER_WORKER) });
export const workerResultFrame = z.object({ type: z.literal('result'), id: callId, result: z.unknown() });
export const workerRaisedFrame = z.object({
  type: z.literal('error'),
  id: callId,
  error: z.object({ type: z.string().max(200).optional(), message: z.string().max(10_000) }),
});
export const workerPingFrame = z.object({ type: z.literal('ping') });
export const fromWorkerFrame = z.discriminatedUnion('type', [workerRegisterFrame, workerResultFrame, workerRaisedFrame, workerPingFrame]);
export type FromWorkerFrame = z.output<typeof fromWorkerFrame>;

/** The message a function is called with: the node's input, and where it runs. */
export const callMessage = z.strictObject({
  signal: z.record(z.string(), z.unknown()).describe('The signal, as nodes read it'),
  vars: z.record(z.string(), z.unknown()),
  legs: z.array(legSchema),
  deployment: z.strictObject({ id: z.string(), mode: z.enum(['sim', 'live']) }),
  nodeId: z.string(),
});

/** What the server sends a worker. */
export const workerWelcomeFrame = z.strictObject({ type: z.literal('welcome'), user: z.string(), worker: z.string() });
export const workerRegisteredFrame = z.strictObject({ type: z.literal('registered'), functions: z.array(functionName) });
export const workerCallFrame = z.strictObject({
  type: z.literal('call'),
  id: callId,
  function: functionName,
  timeoutMs: z.number().int().positive(),
  message: callMessage,
});
export const workerPongFrame = z.strictObject({ type: z.literal('pong') });
export const workerErrorFrame = z.strictObject({
  type: z.literal('error'),
  id: callId.optional().describe('The call the refused frame answered'),
  ...errorBody.shape,
});
export const toWorkerFrame = z.discriminatedUnion('type', [workerWelcomeFrame, workerRegisteredFrame, workerCallFrame, workerPongFrame, workerErrorFrame]);
export type ToWorkerFrame = z.output<typeof toWorkerFrame>;
export type WorkerCallFrame = z.output<typeof workerCallFrame>;
