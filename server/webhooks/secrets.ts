import { timingSafeEqual } from 'node:crypto';

/**
 * Constant-time comparison of a given secret with the expected one. Only a difference in length returns
 * early, and that tells nothing: every secret Legflow issues has the same length.
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
