import { Worker } from 'node:worker_threads';
import type { BacktestProgress } from '../../runtime/backtest/backtest.ts';
import type { BacktestWork, FromWorker, JobError } from './backtest-work.ts';

/** A worker's heap: a backtest that runs away fails alone, the server's memory untouched. */
const WORKER_HEAP_MB = 1024;

/** How a backtest's thread ended: its result as JSON, refused for what was asked, or a fault (with what to log). */
export type ThreadEnding =
  { status: 'completed'; result: string } | { status: 'failed'; error: JobError } | { status: 'crashed'; log: Record<string, unknown> };

export interface BacktestThread {
  /** Settles once, with the first ending; never rejects. */
  readonly ended: Promise<ThreadEnding>;
  /** Ends the thread (a cancel, a shutdown, or after its ending); what it still says is not heard. */
  stop(): Promise<void>;
}

/**
 * One backtest in a worker thread of its own (job-thread.ts): a backtest is seconds to minutes of CPU, and
 * the main thread answers webhooks. Each day played is handed to `onProgress`; the thread is ended once it
 * answers. The job runner and `legflow backtest --sweep` both play their backtests here.
 */
export function startBacktestThread(work: BacktestWork, onProgress: (progress: BacktestProgress) => void): BacktestThread {
  const worker = new Worker(new URL('./job-worker.js', import.meta.url), { workerData: work, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  let settled = false;
  let settle: (ending: ThreadEnding) => void = () => undefined;
  const ended = new Promise<ThreadEnding>((resolve) => {
    settle = (ending) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      resolve(ending);
    };
  });
  worker.on('message', (m: FromWorker) => {
    if (settled) return;
    if (m.type === 'progress') onProgress({ date: m.date, day: m.day, days: m.days });
    else if (m.type === 'completed') settle({ status: 'completed', result: m.result });
    else if (m.type === 'failed') settle({ status: 'failed', error: m.error });
    else settle({ status: 'crashed', log: { stack: m.stack } });
  });
  worker.on('error', (err) => settle({ status: 'crashed', log: { err } }));
  worker.on('exit', (code) => settle({ status: 'crashed', log: { code, message: 'the worker stopped before it answered' } }));
  return {
    ended,
    stop: async () => {
      settled = true;
      await worker.terminate();
    },
  };
}
