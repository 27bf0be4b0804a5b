/**
 * The server of bench/long-run.bench.ts: `legflow start` as it is, or, with `--no-hand-back`, with runs that
 * never hand the thread back (how every run went before runtime/execute.ts sliced them).
 */
import { SLICE } from '../runtime/execute.ts';
import { parseEnv } from '../server/env.ts';
import { startServer } from '../server/main.ts';

if (process.argv.includes('--no-hand-back')) {
  SLICE.nodeRuns = Number.POSITIVE_INFINITY;
  SLICE.ms = Number.POSITIVE_INFINITY;
}
await startServer(parseEnv(process.env));
