/**
 * What `run` returns, as a promise; what it throws, as a rejected one. For synchronous code behind an
 * interface that answers with promises (a SIM broker), so a caller's `.catch` sees every error, as it
 * would from an `async` function.
 */
export function promiseOf<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (err: unknown) {
    return Promise.reject(err);
  }
}
