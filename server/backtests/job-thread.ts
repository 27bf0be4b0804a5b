import { parentPort, workerData } from 'node:worker_threads';
import { registry } from '../../nodes/catalogue.ts';
import { playBacktest, refusal, type BacktestWork, type FromWorker } from './backtest-work.ts';

/** A backtest job's thread: plays the work it was started with, posting each day's progress and then how it ended. */
const port = parentPort!;
const post = (message: FromWorker): void => port.postMessage(message);
try {
  const result = await playBacktest(workerData as BacktestWork, registry, (progress) => post({ type: 'progress', ...progress }));
  post({ type: 'completed', result: JSON.stringify(result) });
} catch (err) {
  const error = refusal(err);
  post(error ? { type: 'failed', error } : { type: 'crashed', stack: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
