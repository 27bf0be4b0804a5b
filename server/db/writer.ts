import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { WriteApplier, type OpOutcome, type WriteOp } from './write-ops.ts';

/**
 * Where the trading hot path writes. Writes are committed in the order they were queued; those queued in
 * one turn of the event loop share a commit (group commit), and the first request of a turn commits at
 * once so that a lone alert waits for nothing. An order or position group written twice before its commit
 * is written once, with its latest state, at its first place in the queue (ahead of the fills that name it).
 */
export interface Writer {
  /** Queues a write. */
  write(op: WriteOp): void;
  /** Queues a write that answers (a journal entry, a finished run); resolves once its commit is on disk. */
  request<T>(op: WriteOp): Promise<T>;
  /** Resolves once everything queued so far is on disk. */
  flush(): Promise<void>;
  /** Flushes, then releases the writer. */
  close(): Promise<void>;
}

/** A failed commit of plain writes: storage is broken, so by default the process ends and the restart replays. */
export type FatalHandler = (error: Error) => void;

const crash: FatalHandler = (error) =>
  process.nextTick(() => {
    throw error;
  });

interface Waiter {
  index: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** The queue and its commit schedule; subclasses decide where a commit runs. */
abstract class BatchingWriter implements Writer {
  private ops: WriteOp[] = [];
  private waiters: Waiter[] = [];
  private readonly rowAt = new Map<string, number>();
  private scheduled = false;
  private committedThisTurn = false;
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly onFatal: FatalHandler) {}

  protected abstract commit(ops: WriteOp[]): Promise<OpOutcome[]>;

  write(op: WriteOp): void {
    this.add(op);
    this.schedule();
  }

  request<T>(op: WriteOp): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiters.push({ index: this.add(op), resolve: resolve as (v: unknown) => void, reject });
      if (this.committedThisTurn) return this.schedule();
      this.committedThisTurn = true;
      setImmediate(() => (this.committedThisTurn = false));
      this.send();
    });
  }

  flush(): Promise<void> {
    this.send();
    return this.last;
  }

  abstract close(): Promise<void>;

  private add(op: WriteOp): number {
    if (op.kind === 'order' || op.kind === 'group') {
      const key = `${op.kind}:${op.row.id}`;
      const at = this.rowAt.get(key);
      if (at !== undefined) {
        this.ops[at] = op;
        return at;
      }
      this.rowAt.set(key, this.ops.length);
    }
    this.ops.push(op);
    return this.ops.length - 1;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.send();
    });
  }

  private send(): void {
    if (this.ops.length === 0) return;
    const ops = this.ops;
    const waiters = this.waiters;
    this.ops = [];
    this.waiters = [];
    this.rowAt.clear();
    const committed = this.commit(ops).then(
      (outcomes) => {
        for (const w of waiters) {
          const outcome = outcomes[w.index];
          if (outcome?.ok) w.resolve(outcome.value);
          else w.reject(Object.assign(new Error(outcome?.error.message ?? 'no outcome'), outcome?.error ?? {}));
        }
      },
      (error: Error) => {
        for (const w of waiters) w.reject(error);
        this.onFatal(error);
      },
    );
    this.last = this.last.then(() => committed);
  }
}

/** Commits on this thread, on the connection it is given (tests' in-memory databases). */
export class InlineWriter extends BatchingWriter {
  private readonly applier: WriteApplier;

  constructor(sqlite: BetterSqlite3.Database, onFatal: FatalHandler = crash) {
    super(onFatal);
    this.applier = new WriteApplier(sqlite);
  }

  protected commit(ops: WriteOp[]): Promise<OpOutcome[]> {
    try {
      return Promise.resolve(this.applier.apply(ops));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  async close(): Promise<void> {
    await this.flush();
  }
}

export interface WriterThreadOptions {
  file: string;
  synchronous: 'NORMAL' | 'FULL';
  /** Checkpoints are another thread's job; this connection never runs one in line. */
  autoCheckpoint: boolean;
}

type Reply = { id: number; outcomes: OpOutcome[] } | { id: number; error: { name: string; message: string; code?: string } };

/**
 * Commits on a thread of its own, with its own connection to the database file: SQLite's work (about a
 * third of an alert's cost on the main thread) leaves the thread that answers webhooks and runs graphs.
 */
export class WorkerWriter extends BatchingWriter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(o: OpOutcome[]): void; reject(e: Error): void }>();
  private nextId = 1;
  private closed?: Promise<void>;

  constructor(options: WriterThreadOptions, onFatal: FatalHandler = crash) {
    super(onFatal);
    this.worker = new Worker(new URL('./writer-worker.js', import.meta.url), { workerData: options });
    this.worker.on('message', (reply: Reply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if ('outcomes' in reply) p.resolve(reply.outcomes);
      else p.reject(Object.assign(new Error(reply.error.message), reply.error));
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => {
      if (this.pending.size > 0) this.failAll(new Error(`the database writer thread ended (exit code ${code}) with commits pending`));
    });
  }

  protected commit(ops: WriteOp[]): Promise<OpOutcome[]> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ops });
    });
  }

  close(): Promise<void> {
    return (this.closed ??= (async () => {
      await this.flush();
      const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      this.worker.postMessage({ close: true });
      await exited;
    })());
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
