// A backtest job's worker thread (server/backtests/runner.ts): a worker does not inherit the main thread's TypeScript loader.
import { register } from 'tsx/esm/api';

register();
await import('./job-thread.ts');
