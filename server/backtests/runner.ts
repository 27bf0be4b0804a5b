import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Emitter } from '../../runtime/broker/emitter.ts';
import type { BacktestsTable, Database } from '../db/schema.ts';
import type { HostEvent } from '../engine/event-publisher.ts';
import type { BacktestWork, JobError } from './backtest-work.ts';
import { startBacktestThread, type BacktestThread, type ThreadEnding } from './backtest-thread.ts';

/** A job's row takes its progress at most this often; every day still goes out on /ws. */
const PROGRESS_WRITE_MS = 250;

/** A fault of the server (logged); the user is told no more. */
const INTERNAL: JobError = {
  code: 'internal',
  message: 'The backtest failed on the server; it has been logged. Run it again, or report it if it fails again.',
  details: {},
};
/** What a job queued or running when the server stopped becomes at the next start. */
const INTERRUPTED: JobError = {
  code: 'interrupted',
  message: 'The server stopped before this backtest finished; run it again.',
  details: {},
};

/** A job the runner plays: its row is stored (queued) before it is submitted. */
export interface BacktestJob {
  id: string;
  userId: string;
  /** Trading days in the range: the progress a finished job shows. */
  days: number;
  work: BacktestWork;
}

type Ending = { status: 'completed'; result: string } | { status: 'failed'; error: JobError } | { status: 'cancelled' };

interface Running {
  job: BacktestJob;
  thread: BacktestThread;
  day: number;
  lastWriteMs: number;
  /** Set once the job has its ending: anything the worker still says is not heard. */
  ended: boolean;
}

/**
 * Plays backtest jobs one at a time, in the order submitted, each in a worker thread of its own: a backtest is
 * seconds to minutes of CPU, and the main thread answers webhooks. The worker posts each day played; the
 * owner hears every day on /ws (`backtest.progress`) and the row takes it at most every PROGRESS_WRITE_MS.
 * Cancelling terminates the worker. Every write to the jobs' rows goes through one chain, in order, so a
 * late progress write never lands after a job's ending; `backtest.finished` is sent once the ending is stored.
 */
export class BacktestRunner {
  private readonly queue: BacktestJob[] = [];
  private running: Running | undefined;
  private writes: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      events: Emitter<HostEvent>;
      log: Logger;
    },
  ) {}

  /**
   * At boot, before any job is submitted: the jobs a stopped server left queued or running are failed as
   * interrupted (their signals lived in that process), never left to look alive. Returns how many.
   */
  async failInterrupted(): Promise<number> {
    const result = await this.deps.db
      .updateTable('backtests')
      .set({ status: 'failed', error: JSON.stringify(INTERRUPTED), finishedAt: Date.now() })
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  submit(job: BacktestJob): void {
    if (this.closed) return;
    this.queue.push(job);
    this.startNext();
  }

  /** Stops a queued or running job and stores it cancelled; false when this runner holds no such job. */
  async cancel(id: string): Promise<boolean> {
    const queued = this.queue.findIndex((j) => j.id === id);
    if (queued >= 0) {
      const [job] = this.queue.splice(queued, 1);
      await this.finish(job!, 0, { status: 'cancelled' });
      return true;
    }
    const run = this.running;
    if (run?.job.id !== id) return false;
    await this.end(run, { status: 'cancelled' });
    return true;
  }

  /** Resolves once every write asked for so far is stored. */
  idle(): Promise<void> {
    return this.writes;
  }

  /** At shutdown: the worker is stopped and the queue dropped; the next start fails their jobs as interrupted. */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    const run = this.running;
    this.running = undefined;
    if (run) {
      run.ended = true;
      await run.thread.stop();
    }
    await this.writes;
  }

  private startNext(): void {
    if (this.running || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    const run: Running = { job, thread: startBacktestThread(job.work, (progress) => this.progressed(run, progress)), day: 0, lastWriteMs: 0, ended: false };
    this.running = run;
    void this.write(this.update(job.id, { status: 'running', startedAt: Date.now() }));
    void run.thread.ended.then((ending) => this.threadEnded(run, ending));
  }

  private progressed(run: Running, progress: { date: string; day: number; days: number }): void {
    if (run.ended) return;
    const { job } = run;
    const { date, day, days } = progress;
    run.day = day;
    this.deps.events.emit({ type: 'backtest.progress', userId: job.userId, data: { backtestId: job.id, date, day, days } });
    const now = Date.now();
    if (now - run.lastWriteMs >= PROGRESS_WRITE_MS) {
      run.lastWriteMs = now;
      void this.write(this.update(job.id, { progressDay: day }));
    }
  }

  private threadEnded(run: Running, ending: ThreadEnding): void {
    if (run.ended) return;
    if (ending.status === 'crashed') {
      this.deps.log.error({ ...ending.log, backtestId: run.job.id }, 'a backtest failed on the server');
      void this.end(run, { status: 'failed', error: INTERNAL });
    } else void this.end(run, ending);
  }

  /** The running job's ending: its worker stopped, the ending stored, the next job started. */
  private async end(run: Running, ending: Ending): Promise<void> {
    run.ended = true;
    if (this.running === run) this.running = undefined;
    const stopped = run.thread.stop();
    const stored = this.finish(run.job, run.day, ending);
    this.startNext();
    await Promise.all([stopped, stored]);
  }

  private finish(job: BacktestJob, day: number, ending: Ending): Promise<void> {
    const row: Partial<BacktestsTable> = {
      status: ending.status,
      progressDay: ending.status === 'completed' ? job.days : day,
      result: ending.status === 'completed' ? ending.result : null,
      error: ending.status === 'failed' ? JSON.stringify(ending.error) : null,
      finishedAt: Date.now(),
    };
    return this.write(this.update(job.id, row)).then(() => {
      const error = ending.status === 'failed' ? ending.error : null;
      this.deps.events.emit({ type: 'backtest.finished', userId: job.userId, data: { backtestId: job.id, status: ending.status, error } });
    });
  }

  private update(id: string, row: Partial<BacktestsTable>) {
    return this.deps.db.updateTable('backtests').set(row).where('id', '=', id);
  }

  /** Queues a write behind the others; one that fails is logged (the job's row then lags, nothing else). */
  private write(query: { execute(): Promise<unknown> }): Promise<void> {
    this.writes = this.writes
      .then(() => query.execute())
      .then(
        () => undefined,
        (err: unknown) => this.deps.log.error({ err }, 'a backtest job could not be saved'),
      );
    return this.writes;
  }
}
