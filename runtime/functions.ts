import { LegflowError } from './errors.ts';

/** A function name as a worker registers it and a node calls it: a Python-like identifier, dots allowed. */
export const FUNCTION_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.:-]{0,99}$/;

/** Bounds of one call's timeout: a call holds its deployment's queue while it waits. */
export const FUNCTION_TIMEOUT_MS = { min: 50, max: 30_000 } as const;

/**
 * Why a call failed: no function service here (`legflow run`, a test run), no worker serves the name, the
 * worker did not answer in time, the function raised, or its worker went away before answering.
 */
export type FunctionFailure = 'unavailable' | 'no_worker' | 'timeout' | 'raised' | 'disconnected';

/** A failed call. The message says the cause, and what to do, without the function's name (callers add it). */
export class FunctionCallError extends LegflowError<FunctionFailure> {}

/**
 * Functions served by processes connected to the server (Python workers), called by name. Each
 * deployment gets the functions its owner's workers serve.
 */
export interface FunctionsPort {
  /** The function's answer as the worker sent it; rejects with a FunctionCallError. */
  call(name: string, payload: unknown, options: { timeoutMs: number }): Promise<unknown>;
}

/** Where no worker can ever connect: every call fails at once, saying why. */
export function noFunctions(reason: string): FunctionsPort {
  return { call: () => Promise.reject(new FunctionCallError('unavailable', reason)) };
}
