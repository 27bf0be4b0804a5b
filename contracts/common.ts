/**
 * Building blocks of the API's contract: what every answer and event is made of. Browser-safe (zod only), so
 * the editor parses the server's answers with the very schemas the server is checked against.
 */
import { z } from 'zod';

/** A moment as the API writes it in resources it describes by time: ISO 8601 UTC (`2026-11-25T04:30:00.000Z`). */
export const isoTime = z.iso.datetime().describe('ISO 8601, UTC');
/** Epoch milliseconds: row bookkeeping (created, updated) and chart samples. */
export const epochMs = z.number().int().describe('Epoch milliseconds');
/** Money on the wire is always rupees (paise stay inside the engine and the database). */
export const rupees = z.number().describe('Rupees');
export const side = z.enum(['BUY', 'SELL']);
export const mode = z.enum(['sim', 'live']);

/** Every error answer, over HTTP and in a WebSocket error frame. */
export const errorBody = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) }),
});
export type ErrorBody = z.output<typeof errorBody>;

/** Builds an error answer: every place the server writes one goes through here. */
export const errorAnswer = (code: string, message: string, details: Record<string, unknown> = {}): ErrorBody => ({ error: { code, message, details } });
