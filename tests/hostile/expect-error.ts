import { expect } from 'vitest';

/** Asserts the documented error answer `{error:{code,message,details}}` with this status; returns its error. */
export function expectError(res: { status: number; body: unknown }, status: number, code: string): { message: string; details: Record<string, unknown> } {
  expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(status);
  expect(res.body).toEqual({ error: { code, message: expect.any(String), details: expect.any(Object) } });
  return (res.body as { error: { message: string; details: Record<string, unknown> } }).error;
}
