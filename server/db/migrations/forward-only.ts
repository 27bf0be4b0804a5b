/** Every migration's `down`: Legflow migrations go forward only (restore a backup to go back). */
export function forwardOnly(): Promise<void> {
  return Promise.reject(new Error('Legflow migrations are forward-only'));
}
