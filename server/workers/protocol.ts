/**
 * The `/ws/workers` protocol: JSON text frames between the server and a worker process (the `legflow`
 * Python package's `client.worker()`).
 *
 * Worker → server: `register` function names; answer a call with `result` (the function's return value,
 * `null` to stop the path) or `error` (what the function raised); `ping` (answered `pong`).
 * Server → worker: `welcome` on connect, `registered` (every name the worker serves), `call` (id, function,
 * timeoutMs, message), and `error` frames for anything it could not use (with the call id when there was one).
 */
import { z } from 'zod';
import { FUNCTION_NAME_PATTERN } from '../../runtime/functions.ts';

export const MAX_FUNCTIONS_PER_WORKER = 200;

const functionName = z.string().regex(FUNCTION_NAME_PATTERN, 'is not a function name (a letter or "_", then letters, digits, "_", ".", ":" or "-")');
const callId = z.string().min(1).max(64);

export const workerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('register'), functions: z.array(functionName).min(1).max(MAX_FUNCTIONS_PER_WORKER) }),
  z.object({ type: z.literal('result'), id: callId, result: z.unknown() }),
  z.object({
    type: z.literal('error'),
    id: callId,
    error: z.object({ type: z.string().max(200).optional(), message: z.string().max(10_000) }),
  }),
  z.object({ type: z.literal('ping') }),
]);
export type WorkerMessage = z.output<typeof workerMessage>;

/** A call as the worker receives it. */
export interface CallFrame {
  type: 'call';
  id: string;
  function: string;
  timeoutMs: number;
  message: unknown;
}
