/**
 * A synchronous event fan-out. Listeners run in subscription order right after the state they describe is
 * consistent. A listener that throws does not stop the others nor undo the change that caused the event;
 * by default its error is rethrown on a fresh microtask, so it is loud (an unhandled error) rather than lost.
 */
export class Emitter<T> {
  private readonly listeners = new Set<(event: T) => void>();

  constructor(private readonly onListenerError: (err: unknown) => void = rethrowLater) {}

  on(listener: (event: T) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Whether anyone listens: lets a caller skip building an event that costs something to build. */
  get listened(): boolean {
    return this.listeners.size > 0;
  }

  emit(event: T): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}

function rethrowLater(err: unknown): void {
  queueMicrotask(() => {
    throw err;
  });
}
