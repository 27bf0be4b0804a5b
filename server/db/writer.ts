import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { WriteApplier, type OpOutcome, type WriteOp } from './write-ops.ts';

/**
 * Where the trading hot path writes. Writes are committed in the order they were queued; those queued in
 * one turn of the event loop share a commit (group commit). Journal entries (`accept`) go in a commit of
 * their own, ahead of the writes queued with them: a webhook's answer waits for its entry only, not for
 * the orders, fills and traces of the runs before it. The first entry of a turn commits at once, so that
 * a lone alert waits for nothing. An order or position group written twice before its commit is written
 * once, with its latest state, at its first place in the queue (ahead of the fills that name it).
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

/** Writes waiting for one commit, and who waits for an answer from it. */
class Batch {
  ops: WriteOp[] = [];
  waiters: Waiter[] = [];
  private readonly rowAt = new Map<string, number>();

  add(op: WriteOp): number {
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
}

/** The queues and their commit schedule; subclasses decide where a commit runs. */
abstract class BatchingWriter implements Writer {
  private entries = new Batch();
  private rest = new Batch();
  private scheduled = false;
  private committedThisTurn = false;
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly onFatal: FatalHandler) {}

  protected abstract commit(ops: WriteOp[]): Promise<OpOutcome[]>;

  write(op: WriteOp): void {
    this.rest.add(op);
    this.schedule();
  }

  request<T>(op: WriteOp): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const batch = op.kind === 'accept' ? this.entries : this.rest;
      batch.waiters.push({ index: batch.add(op), resolve: resolve, reject });
      if (op.kind !== 'accept' || this.committedThisTurn) return this.schedule();
      this.committedThisTurn = true;
      setImmediate(() => (this.committedThisTurn = false));
      this.sendEntries();
    });
  }

  flush(): Promise<void> {
    this.sendAll();
    return this.last;
  }

  abstract close(): Promise<void>;

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.sendAll();
    });
  }

  private sendEntries(): void {
    const batch = this.entries;
    this.entries = new Batch();
    this.send(batch);
    // What was queued with the entries follows in the next turn's commit.
    if (this.rest.ops.length > 0) this.schedule();
  }

  private sendAll(): void {
    this.sendEntries();
    const batch = this.rest;
    this.rest = new Batch();
    this.send(batch);
  }

  private send({ ops, waiters }: Batch): void {
    if (ops.length === 0) return;
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
      return Promise.reject(error);
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
